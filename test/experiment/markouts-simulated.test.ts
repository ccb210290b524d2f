/**
 * Markouts of simulated runs on the synthetic book: the mid path after the fills carries the trader's
 * own impact, rebuilt by replaying the stored fills on the run's venue (markout-replay.ts).
 *
 * Setup: flat candles (price 100, so the market never moves and every markout is own impact), the book
 * venue without level or bar noise (constant depth, so the permanent impact of a parent of Q is the same
 * however it was sliced: P = X(φ·Q)·Δ·m, the block's), permanent fraction φ, exponential refill with a
 * 10-minute half-life. A parent's markout h after its end is P + T(h): the transient hole decays as
 * 2^(−h/10 min) and the book's depth grows linearly with distance, so its price effect falls as the hole's
 * square root: after 6 h (36 half-lives) T is 2⁻¹⁸ of its peak, and the markout is the permanent part P/A·10⁴.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { compareStrategies } from "../../src/experiment/batch.js";
import { replayMidPath } from "../../src/experiment/markout-replay.js";
import { postTradeTca } from "../../src/experiment/post-trade-tca.js";
import { readSeries, writeCandles } from "../../src/store/candle-store.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";
import { loadRunExecutions } from "../../src/store/execution-queries.js";
import { createVenue } from "../../src/venues/venue-factory.js";
import { flatSeries } from "../helpers/series-fixtures.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

function flatStore() {
  const store = openDatabase(":memory:");
  const s = flatSeries(3 * 1440, 100, 100);
  for (let i = 0; i < s.length; i++) s.openTimeMs[i] = T0 + i * 60_000;
  writeCandles(
    store,
    { symbol: "FLAT", category: "linear", interval: "1" },
    { ...s, symbol: "FLAT" },
    "test",
  );
  return store;
}

async function twapRun(permanentFraction: number) {
  const store = flatStore();
  const impactParams = { permanentFraction, levelNoise: 0, barNoise: 0 };
  const r = await compareStrategies(store, {
    symbol: "FLAT",
    strategies: ["twap"],
    qtyBase: 2000,
    impact: "book",
    impactParams,
    toMs: T0 + 2 * DAY,
  });
  return { store, runId: r.runs[0]!.runId, impactParams, result: r };
}

describe("markouts of simulated runs (synthetic book, flat market)", () => {
  it("the long-horizon markout of a parent is the permanent part of its impact", async () => {
    const { store, runId, impactParams, result } = await twapRun(0.4);
    expect(result.parents).toBe(1);
    const t = postTradeTca(store, runId, { horizons: ["1m", "10m", "30m", "6h"] });
    expect(t.midModel).toBe("venue-replay");
    const p = t.parents[0]!;
    // the permanent part, independently: the whole parent as one block on a fresh venue
    const venue = createVenue("book", impactParams);
    venue.reset(loadSeries(store), createRng("42").fork("market/x"));
    venue.advanceTo(T0 + DAY + 12 * 3_600_000);
    venue.execute("buy", 2000);
    const permanentBps = (venue.ownImpact().permanent / 100) * 1e4;
    expect(permanentBps).toBeGreaterThan(1);
    const [m1, m10, m30, m6h] = p.markouts.map((m) => m.parentBps!) as [number, number, number, number];
    expect(m6h).toBeCloseTo(permanentBps, 4);
    // what came back: the transient part decays after the end (about as the square root of 2^(−h/10 min))
    expect(m1).toBeGreaterThan(m10);
    expect(m10).toBeGreaterThan(m30);
    expect(m30).toBeGreaterThan(m6h);
    const tr1 = m1 - m6h;
    expect((m10 - m6h) / tr1).toBeGreaterThan(0.5);
    expect((m10 - m6h) / tr1).toBeLessThan(0.85);
    // fills' markouts after 6 h keep the permanent impact of the fills that followed them too: ≥ 0
    expect(p.markouts[3]!.fillBps!).toBeGreaterThan(0);
    store.close();
  });

  it("with no permanent fraction everything comes back", async () => {
    const { store, runId } = await twapRun(0);
    const t = postTradeTca(store, runId, { horizons: ["1m", "6h"] });
    const [m1, m6h] = t.parents[0]!.markouts.map((m) => m.parentBps!) as [number, number];
    expect(m1).toBeGreaterThan(0.5);
    // 2⁻¹⁸ of the peak transient is left after 6 h
    expect(Math.abs(m6h)).toBeLessThan(m1 * 2 ** -16);
    store.close();
  });

  it("the replay reproduces the mid each stored fill faced", async () => {
    const { store, runId, impactParams } = await twapRun(0.2);
    const ex = loadRunExecutions(store, runId);
    const series = loadSeries(store);
    const path = replayMidPath(series, "42", () => createVenue("book", impactParams), ex);
    const e = ex[0]!;
    const parent = {
      parentId: e.parent.id,
      sideSign: 1 as const,
      qtyBase: e.parent.qtyBase,
      endMs: e.parent.endMs,
      arrivalMid: e.arrivalMid,
      fills: [],
    };
    const mids = path(
      parent,
      e.fills.map((f) => f.timeMs),
    );
    expect(e.fills.length).toBeGreaterThan(10);
    e.fills.forEach((f, i) => {
      expect(Math.abs(mids[i]! - f.midBefore) / f.midBefore).toBeLessThan(1e-12);
    });
    store.close();
  });
});

/** The stored FLAT candles (the run's series: its ADV lookback reaches back past the data's start). */
function loadSeries(store: ExecsimDatabase) {
  return readSeries(store, { symbol: "FLAT", category: "linear", interval: "1" });
}
