/**
 * A small hand-made market and a parents / fills pair for the own-executions tests (every number the
 * tests check is computed by hand from these).
 *
 * Candles TEST (linear, 1 minute) from T0 = 2024-03-01: bar i (i = 0..9) opens at T0 + i min with
 *   close_i = 100 + i, open_i = close_{i−1} (open_0 = 100), high = close + 1, low = open − 1,
 *   volume_i = 10·(i + 1), turnover = volume × (open + close)/2 (so a bar's VWAP is (open + close)/2).
 * "The close of the last bar closed at or before t": bar i closes at T0 + (i + 1) min.
 */
import type { Candle } from "../../src/core/market-types.js";
import { writeCandles } from "../../src/store/candle-store.js";
import type { ExecsimDatabase } from "../../src/store/database.js";

export const MIN = 60_000;
export const T0 = Date.UTC(2024, 2, 1);
export const iso = (ms: number) => new Date(ms).toISOString();

export function handCandles(): Candle[] {
  return Array.from({ length: 10 }, (_, i) => {
    const close = 100 + i;
    const open = i === 0 ? 100 : 99 + i;
    const volume = 10 * (i + 1);
    return {
      openTimeMs: T0 + i * MIN,
      open,
      high: close + 1,
      low: open - 1,
      close,
      volume,
      turnover: (volume * (open + close)) / 2,
    };
  });
}

export function storeHandCandles(store: ExecsimDatabase): void {
  writeCandles(store, { symbol: "TEST", category: "linear", interval: "1" }, handCandles(), "test");
}

/** P1: buy 10 over [2m, 5m), two fills (the second without a fee); P2: sell 2 over [6m, 8m), one fill. */
export const PARENTS_CSV = [
  "parent_id,symbol,side,qty,start,end",
  `P1,TEST,buy,10,${iso(T0 + 2 * MIN)},${iso(T0 + 5 * MIN)}`,
  `P2,TEST,sell,2,${iso(T0 + 6 * MIN)},${iso(T0 + 8 * MIN)}`,
].join("\n");
export const FILLS_CSV = [
  "parent_id,timestamp,side,qty,price,fee,venue",
  `P1,${iso(T0 + 2.5 * MIN)},buy,4,102,0.2,bybit`,
  `P1,${iso(T0 + 4 * MIN)},buy,3,103.5,,bybit`,
  `P2,${iso(T0 + 6.5 * MIN)},sell,2,104.5,0.1`,
].join("\n");
