/**
 * The engine and every built-in strategy on a month of real BTCUSDT 1-minute candles (Bybit linear
 * perpetual, 2025-05-30 .. 2025-06-29) from ../shared/data, with the synthetic-book venue.
 * Skipped when that folder is absent.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, expect, it } from "vitest";
import {
  type CandleSeries,
  createVenue,
  DAY_MS,
  HOUR_MS,
  type LoadedStrategy,
  loadStrategy,
  MINUTE_MS,
  type ParentOrder,
  realizedVolatility,
  seriesFromCandles,
  simulate,
  sliceSeries,
} from "../../src/index.js";
import { parseOhlcvCsv } from "../../src/market/import-ohlcv-csv.js";
import { describeWithSharedData } from "../helpers/shared-data.js";

const CSV = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../shared/data/bybit/candles/BTCUSDT_linear_1m_2025-05-30_2025-06-29.csv",
);

describeWithSharedData(CSV, "engine on real Bybit BTCUSDT 1m candles", () => {
  let series: CandleSeries;
  let parents: ParentOrder[];
  let strategies: LoadedStrategy[];

  beforeAll(async () => {
    const parsed = parseOhlcvCsv(readFileSync(CSV, "utf8"), CSV);
    // Drop the last row: it may be a candle that had not closed when it was saved.
    series = seriesFromCandles(
      { symbol: "BTCUSDT", category: "linear", interval: "1" },
      MINUTE_MS,
      parsed.candles.slice(0, -1),
    );
    // The file starts at 2025-05-30 16:39 UTC; parents run 13:00-17:00 UTC on the days after the
    // first full UTC midnight, from day 7 (a week of history for the profile and the AC estimates).
    const t0 = Math.ceil(series.openTimeMs[0]! / DAY_MS) * DAY_MS;
    parents = [7, 8, 9, 10, 11].map((d) => ({
      id: `day${d}`,
      symbol: "BTCUSDT",
      side: d % 2 === 0 ? ("sell" as const) : ("buy" as const),
      qtyBase: 5,
      startMs: t0 + d * DAY_MS + 13 * HOUR_MS,
      endMs: t0 + d * DAY_MS + 17 * HOUR_MS,
      maxParticipation: 0.25,
    }));
    strategies = await Promise.all([
      loadStrategy("twap"),
      loadStrategy("vwap"),
      loadStrategy("pov", { params: { rate: 0.05 } }),
      loadStrategy("is", { params: { lambda: 1e-5 } }),
      loadStrategy("adaptive", { params: { lambda: 1e-5 } }),
    ]);
  });

  it("loads 43,199 closed bars without gaps", () => {
    expect(series.length).toBe(43_199);
    for (let i = 1; i < series.length; i++)
      expect(series.openTimeMs[i]! - series.openTimeMs[i - 1]!).toBe(MINUTE_MS);
  });

  it("every built-in completes every parent; quantities are conserved; costs have the right sign", () => {
    const r = simulate({
      series,
      parents,
      strategies,
      createVenue: () => createVenue("book"),
      latencyMs: 200,
      seed: "real",
    });
    expect(r).toHaveLength(25);
    for (const e of r) {
      expect(e.status, `${e.strategy}/${e.parent.id}: ${e.error}`).toBe("completed");
      const filled = e.fills.reduce((a, f) => a + f.qtyBase, 0);
      expect(filled).toBeLessThanOrEqual(5 * (1 + 1e-12));
      expect(e.filledQtyBase).toBeCloseTo(filled, 12);
      const notional = e.fills.reduce((a, f) => a + f.notionalQuote, 0);
      const vwapPaid = notional / filled;
      // Against the mid each fill faced, buys pay up and sells receive less.
      for (const f of e.fills) {
        const s = f.side === "buy" ? 1 : -1;
        expect(s * (f.avgPrice - f.midBefore)).toBeGreaterThan(0);
      }
      // BTC traded between ~100k and ~111k USDT in June 2025.
      expect(vwapPaid).toBeGreaterThan(90_000);
      expect(vwapPaid).toBeLessThan(120_000);
    }
    // Time-sliced strategies finish their 5 BTC (5% of BTC volume over four afternoon hours is far more).
    for (const e of r.filter((x) => x.strategy !== "pov")) expect(e.unfilledQtyBase).toBeLessThan(1e-9);
  });

  it("VWAP's slices follow the real pre-start intraday profile, not TWAP", () => {
    const p = parents[0]!;
    const vw = simulate({
      series,
      parents: [p],
      strategies: [strategies[1]!],
      createVenue: () => createVenue("none"),
      latencyMs: 0,
      seed: 1,
    })[0]!;
    const q = vw.children.map((c) => c.qtyBase);
    expect(q).toHaveLength(240);
    // Within one 15-minute bucket (VWAP's default) the per-minute slices are equal; across buckets they
    // differ with the profile: compare with the shares computed directly from the bars before the start.
    const Q = 15 * MINUTE_MS;
    const startIdx = (p.startMs - series.openTimeMs[0]!) / MINUTE_MS; // bars closed by the start
    const hist = sliceSeries(series, 0, startIdx);
    const perQuarter = new Float64Array(96);
    const count = new Float64Array(96);
    for (let i = 0; i < hist.length; i++) {
      const b = Math.floor((hist.openTimeMs[i]! % DAY_MS) / Q);
      perQuarter[b]! += hist.volume[i]!;
      count[b]! += 1;
    }
    const mean = Array.from(perQuarter, (v, b) => v / count[b]!);
    const first = (13 * HOUR_MS) / Q; // the parent runs 13:00-17:00 UTC: 16 quarter-hours
    const w = Array.from({ length: 16 }, (_, k) => mean[first + k]!);
    const tot = w.reduce((a, b) => a + b, 0);
    for (let k = 0; k < 16; k++) {
      expect(q[k * 15]!).toBeCloseTo((5 * w[k]!) / tot / 15, 10);
      expect(q[k * 15 + 14]!).toBeCloseTo(q[k * 15]!, 12);
    }
    expect(Math.max(...w) / Math.min(...w)).toBeGreaterThan(1.1); // a real, non-flat profile
  });

  it("IS estimates a plausible daily volatility from the real history", () => {
    const startIdx = (parents[0]!.startMs - series.openTimeMs[0]!) / MINUTE_MS;
    const v = realizedVolatility(sliceSeries(series, 0, startIdx));
    expect(v.daily).toBeGreaterThan(0.005);
    expect(v.daily).toBeLessThan(0.08);
  });
});
