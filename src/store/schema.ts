/**
 * The SQLite schema, in one module. drizzle-kit generates the migrations in ./drizzle from this file
 * (`npm run db:generate`); they are committed and applied by openDatabase() on every open.
 *
 * Market data: `instruments` and `candles`. A candle's identity is (symbol, category, interval,
 * open_time_ms); that composite primary key makes re-imports idempotent and doubles as the index
 * for range scans of one series in time order.
 */
import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const instruments = sqliteTable(
  "instruments",
  {
    symbol: text("symbol").notNull(),
    category: text("category").notNull(),
    baseCoin: text("base_coin"),
    quoteCoin: text("quote_coin"),
    /** Where the instrument's data came from: bybit, import, synthetic. */
    source: text("source").notNull(),
    createdAtMs: integer("created_at_ms").notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.category] })],
);

export const candles = sqliteTable(
  "candles",
  {
    symbol: text("symbol").notNull(),
    category: text("category").notNull(),
    /** Bybit interval code: "1","3",...,"720","D","W". */
    interval: text("interval").notNull(),
    openTimeMs: integer("open_time_ms").notNull(),
    open: real("open").notNull(),
    high: real("high").notNull(),
    low: real("low").notNull(),
    close: real("close").notNull(),
    volume: real("volume").notNull(),
    turnover: real("turnover"),
    /** bybit-api, bybit-json, bybit-trades-csv, ohlcv-csv, synthetic:<seed> */
    source: text("source").notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.category, t.interval, t.openTimeMs] })],
);
