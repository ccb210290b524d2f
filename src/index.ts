/**
 * execsim's public API: named exports only. Users' strategies and the built-in strategies in
 * strategies/ import from here and nowhere else.
 */
export * from "./core/errors";
export * from "./core/execution-types";
export * from "./core/interval";
export * from "./core/market-types";
export * from "./core/rng";
export * from "./engine/fees";
export * from "./engine/simulator";
export * from "./engine/strategy-api";
export * from "./impact/impact-model";
export * from "./impact/kyle-lambda";
export * from "./impact/linear-impact";
export * from "./impact/square-root-calibration";
export * from "./impact/square-root-impact";
export * from "./impact/obizhaeva-wang";
export * from "./impact/transient-impact";
export * from "./market/bybit-kline-client";
export * from "./market/bybit-kline-parse";
export * from "./market/candle-validation";
export * from "./market/csv";
export * from "./market/export-csv";
export * from "./market/import-candles";
export * from "./market/import-fields";
export * from "./market/import-kline-json";
export * from "./market/import-ohlcv-csv";
export * from "./market/import-trades-csv";
export * from "./market/series-catalog";
export * from "./market/trades-to-candles";
export * from "./market/default-dataset";
export * from "./market/market-stats";
export * from "./market/synthetic-candles";
export * from "./optimize/almgren-chriss";
export * from "./optimize/cost-curve";
export * from "./optimize/efficient-frontier";
export * from "./store/candle-store";
export * from "./store/database";
export * from "./venues/book-consumable";
export * from "./venues/book-price-impact";
export * from "./venues/order-book";
export * from "./venues/amm/amm-pool";
export * from "./venues/amm/constant-product-pool";
export * from "./venues/amm/constant-sum-pool";
export * from "./venues/amm/uniswap-v2-math";
