/** Builders for Bybit v5 kline responses in the documented format (strings, newest first). */
import type { Candle } from "../../src/core/market-types.js";

export interface ResponseMeta {
  symbol?: string;
  category?: string;
  timeMs?: number;
}

export function klineRow(c: Candle): string[] {
  return [c.openTimeMs, c.open, c.high, c.low, c.close, c.volume, c.turnover].map(String);
}

/** A v5 /v5/market/kline response body for ascending `candles`. */
export function klineResponse(candles: readonly Candle[], meta: ResponseMeta = {}) {
  return {
    retCode: 0,
    retMsg: "OK",
    result: {
      symbol: meta.symbol ?? "BTCUSDT",
      category: meta.category ?? "linear",
      list: [...candles].reverse().map(klineRow),
    },
    retExtInfo: {},
    time: meta.timeMs ?? Date.UTC(2030, 0, 1),
  };
}

/** Deterministic, valid candles on the grid of `stepMs` starting at `startMs`. */
export function makeCandles(startMs: number, stepMs: number, n: number, seed = 1): Candle[] {
  const out: Candle[] = [];
  let price = 100 + seed;
  for (let i = 0; i < n; i++) {
    const drift = ((((i + 1) * 7919 * seed) % 13) - 6) / 10; // -0.6 .. +0.6, deterministic
    const open = price;
    const close = Math.round((price + drift) * 10) / 10;
    const high = Math.max(open, close) + 0.3;
    const low = Math.min(open, close) - 0.2;
    const volume = 1 + ((i * 31) % 17);
    out.push({
      openTimeMs: startMs + i * stepMs,
      open,
      high: Math.round(high * 10) / 10,
      low: Math.round(low * 10) / 10,
      close,
      volume,
      turnover: Math.round(volume * close * 1e4) / 1e4,
    });
    price = close;
  }
  return out;
}
