import { describe, expect, it } from "vitest";
import { volumeProfileBefore } from "../../src/engine/volume-profile.js";
import { type ExecutionStrategy, HOUR_MS, MINUTE_MS, simulate } from "../../src/index.js";
import { longSeries, makeSeries, parent, spec, T0 } from "../helpers/engine-fixtures.js";

describe("MarketView", () => {
  it("exposes closed bars only, with history, pre-start history, barsSince and a defensive profile copy", () => {
    const series = makeSeries();
    const S = T0 + 60 * MINUTE_MS;
    const seen: Record<string, unknown> = {};
    const probe: ExecutionStrategy = {
      name: "probe",
      start(ctx) {
        const m = ctx.market;
        seen.len = m.length;
        seen.close59 = m.closeTimeMs(59);
        seen.since = m.barsSince(S - 10 * MINUTE_MS);
        seen.hist = m.history().length;
        const p1 = m.volumeProfile(HOUR_MS);
        p1[0] = 99;
        seen.profileCopy = m.volumeProfile(HOUR_MS)[0] !== 99;
        ctx.setTimer(S + 5 * MINUTE_MS + 1, "later");
      },
      onTimer(ctx) {
        seen.lenLater = ctx.market.length;
        seen.pre = ctx.market.preStartHistory().length;
        seen.histLater = ctx.market.history().close[ctx.market.length - 1];
        seen.lastClose = ctx.market.lastClose();
        seen.mid = ctx.market.mid();
        seen.hs = ctx.market.halfSpread();
      },
    };
    const [r] = simulate(
      spec(series, [parent()], [{ name: "probe", create: () => probe }], { venue: { halfSpreadBps: 3 } }),
    );
    expect(r!.status, r!.error).toBe("completed");
    expect(seen).toEqual({
      len: 60,
      close59: S,
      since: 10,
      hist: 60,
      profileCopy: true,
      lenLater: 65,
      pre: 60,
      histLater: series.close[64],
      lastClose: series.close[64],
      mid: series.open[65],
      hs: expect.closeTo((series.open[65]! * 3) / 1e4, 9),
    });
  });
});

describe("volumeProfileBefore", () => {
  it("averages volume per bar in each time-of-day bucket, so partial days do not bias it", () => {
    // 1.5 days of hourly-varying volume: v = 1 + hour. The extra half day repeats hours 0-11 only.
    const s = longSeries({ n: 2160, volume: (_i, t) => 1 + Math.floor((t % 86_400_000) / HOUR_MS) });
    const p = volumeProfileBefore(s, s.length, HOUR_MS);
    expect(p).toHaveLength(24);
    for (let h = 0; h < 24; h++) expect(p[h]).toBeCloseTo((1 + h) / 300, 12);
  });

  it("uses only bars before the cut-off index and is uniform without history", () => {
    const s = longSeries({ volume: (i) => (i < 1440 ? 1 : 1000 * (i % 7)) });
    const p = volumeProfileBefore(s, 1440, HOUR_MS);
    for (const x of p) expect(x).toBeCloseTo(1 / 24, 12);
    expect(Array.from(volumeProfileBefore(s, 0, 6 * HOUR_MS))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(() => volumeProfileBefore(s, 10, 7 * MINUTE_MS)).toThrow(/divides a day/);
  });

  it("fills buckets never observed with the overall mean", () => {
    // Only hours 0-5 of one day observed, all with volume 2: the other 18 buckets get the mean 2.
    const s = longSeries({ n: 360, volume: () => 2 });
    const p = volumeProfileBefore(s, s.length, HOUR_MS);
    for (const x of p) expect(x).toBeCloseTo(1 / 24, 12);
  });
});
