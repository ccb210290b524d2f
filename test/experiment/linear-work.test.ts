/**
 * Work, not time: a parent order's cost must not grow with the history before it. Every candle column
 * of the simulated series is wrapped so each element read is counted (bars visited, summed over the
 * columns), then the same batch runs with 8 and with 18 days of history before its parents (both longer than
 * the pre-trade estimate's 7-day trailing window, which is a fixed cost per parent). The
 * marginal work of two more parents (3 parents minus 1 parent) must be the same for both histories;
 * an estimator that rescans the history per parent (VWAP's volume profile used to) adds
 * 2 parents × 10 extra days × 1440 bars to it.
 */
import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../../src/core/interval.js";
import type { CandleSeries } from "../../src/core/market-types.js";
import { buildRunConfig } from "../../src/engine/run-config.js";
import { executeBatch, prepareBatch } from "../../src/experiment/batch.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";
import { writeCandles } from "../../src/store/candle-store.js";
import { openDatabase } from "../../src/store/database.js";

const T0 = Date.UTC(2024, 0, 1);
const KEY = { symbol: "WORK", category: "linear", interval: "1" } as const;
const COLUMNS = ["openTimeMs", "open", "high", "low", "close", "volume", "turnover"] as const;

/** A Float64Array that counts its element reads into `tally`; subarrays count into the same tally. */
function counting(a: Float64Array, tally: { reads: number }): Float64Array {
  return new Proxy(a, {
    get(target, key) {
      if (typeof key === "string" && key.length > 0 && key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57) {
        tally.reads++;
        return target[Number(key)];
      }
      if (key === "subarray")
        return (from?: number, to?: number) => counting(target.subarray(from, to), tally);
      const v = Reflect.get(target, key, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

function countingSeries(s: CandleSeries, tally: { reads: number }): CandleSeries {
  const out: Record<string, unknown> = { ...s };
  for (const c of COLUMNS) out[c] = counting(s[c], tally);
  return out as unknown as CandleSeries;
}

/** Element reads of one compare batch: parents on days 20.. (`parents` of them), `historyDays` before. */
async function work(strategies: string[], impact: string, historyDays: number, parents: number) {
  const store = openDatabase(":memory:");
  writeCandles(
    store,
    KEY,
    generateSyntheticCandles({ ...KEY, startMs: T0, bars: 25 * 1440, seed: 3 }),
    "test",
  );
  const config = buildRunConfig({
    symbol: KEY.symbol,
    strategies,
    impact: impact as "book",
    fromMs: T0 + 20 * DAY_MS,
    toMs: T0 + (20 + parents) * DAY_MS,
    advLookbackMs: historyDays * DAY_MS,
    qtyBase: 5,
    horizonMs: HOUR_MS,
  });
  const prepared = await prepareBatch(store, config);
  const tally = { reads: 0 };
  const series = countingSeries(prepared.plan.series, tally);
  // in this thread: the counting proxies cannot be cloned into worker threads (and their reads would
  // not be counted there); the engine's work is the same either way
  const result = await executeBatch(
    store,
    { ...prepared, plan: { ...prepared.plan, series } },
    "compare",
    undefined,
    {
      executor: "in-process",
    },
  );
  expect(result.parents).toBe(parents);
  expect(result.runs.every((r) => r.status === "completed")).toBe(true);
  store.close();
  return tally.reads;
}

describe("a parent's work does not grow with the history before it", () => {
  for (const [strategies, impact] of [
    [["vwap"], "book"],
    [["is"], "book"],
    [["adaptive"], "book"],
    [["twap", "pov"], "book"],
    [["vwap", "is"], "sqrt"],
    [["twap"], "propagator"],
  ] as const) {
    it(`${strategies.join(",")} on ${impact}`, async () => {
      const short = (await work([...strategies], impact, 8, 3)) - (await work([...strategies], impact, 8, 1));
      const long =
        (await work([...strategies], impact, 18, 3)) - (await work([...strategies], impact, 18, 1));
      expect(short).toBeGreaterThan(0);
      // identical up to a few bars of block alignment; a per-parent rescan adds ≥ 2 × 10 × 1440 reads
      expect(Math.abs(long - short)).toBeLessThan(2 * 1440);
    }, 60_000);
  }
});
