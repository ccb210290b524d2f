import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS, type Interval, intervalMs } from "../../src/core/interval.js";
import type { Candle } from "../../src/core/market-types.js";
import {
  ceilToInterval,
  floorToInterval,
  isAligned,
  validateCandles,
} from "../../src/market/candle-validation.js";

const T0 = Date.UTC(2024, 5, 3, 15, 30); // 2024-06-03T15:30Z, on the 5-minute grid
const bar = (i: number, over: Partial<Candle> = {}): Candle => ({
  openTimeMs: T0 + i * 300_000,
  open: 100,
  high: 102,
  low: 99,
  close: 101,
  volume: 5,
  turnover: 505,
  ...over,
});
const ok = [bar(0), bar(1), bar(2)];
const locate = (i: number) => `data.csv line ${i + 2}`;
const check = (cs: Candle[]) => () => validateCandles(cs, { interval: "5", locate });

/** Arbitrary valid series: positive prices, open/close inside [low, high], ascending aligned times. */
const validSeries = (interval: Interval) =>
  fc
    .array(
      fc.record({
        gap: fc.integer({ min: 1, max: 3 }),
        low: fc.double({ min: 0.01, max: 1e6, noNaN: true }),
        range: fc.double({ min: 0, max: 1e4, noNaN: true }),
        o: fc.double({ min: 0, max: 1, noNaN: true }),
        c: fc.double({ min: 0, max: 1, noNaN: true }),
        volume: fc.double({ min: 0, max: 1e6, noNaN: true }),
        turnoverKnown: fc.boolean(),
      }),
      { minLength: 1, maxLength: 40 },
    )
    .map((rows) => {
      const step = intervalMs(interval);
      let t = floorToInterval(Date.UTC(2024, 0, 10), interval);
      return rows.map((r) => {
        t += r.gap * step;
        const high = r.low + r.range;
        const clamp = (x: number) => Math.min(high, Math.max(r.low, x));
        const open = clamp(r.low + r.o * r.range);
        const close = clamp(r.low + r.c * r.range);
        return {
          openTimeMs: t,
          open,
          high,
          low: r.low,
          close,
          volume: r.volume,
          turnover: r.turnoverKnown ? r.volume * close : Number.NaN,
        } satisfies Candle;
      });
    });

describe("candle validation", () => {
  it("accepts a valid series, including unknown (NaN) turnover and zero volume", () => {
    expect(check([bar(0), bar(1, { turnover: Number.NaN, volume: 0 })])).not.toThrow();
  });

  it.each([
    ["NaN close", bar(1, { close: Number.NaN }), /data\.csv line 3, field close: NaN is not a finite price/],
    // a NaN or infinite high passes every range check (NaN compares false, +∞ is above everything)
    ["NaN high", bar(1, { high: Number.NaN }), /line 3, field high: NaN is not a finite price/],
    [
      "infinite high",
      bar(1, { high: Number.POSITIVE_INFINITY }),
      /field high: Infinity is not a finite price/,
    ],
    ["negative low", bar(1, { low: -1 }), /line 3, field low: price -1 is not positive/],
    ["zero open", bar(1, { open: 0, low: 0 }), /field open: price 0 is not positive/],
    ["negative volume", bar(1, { volume: -0.1 }), /line 3, field volume: volume -0.1 is negative/],
    [
      "infinite volume",
      bar(1, { volume: Number.POSITIVE_INFINITY }),
      /field volume: Infinity is not a finite/,
    ],
    ["negative turnover", bar(1, { turnover: -2 }), /field turnover: turnover -2 is negative/],
    [
      "high below low",
      bar(1, { high: 98, low: 99, open: 98.5, close: 98.5 }),
      /field high: high 98 is below low 99/,
    ],
    ["open above high", bar(1, { open: 103 }), /field open: open 103 is outside \[low 99, high 102\]/],
    ["close below low", bar(1, { close: 98 }), /field close: close 98 is outside \[low 99, high 102\]/],
    [
      "misaligned time",
      bar(1, { openTimeMs: T0 + 360_000 }),
      /line 3, field timestamp: open time 2024-06-03T15:36:00\.000Z is not aligned to the 5 interval grid/,
    ],
    [
      "duplicate time",
      bar(0),
      /field timestamp: open time 2024-06-03T15:30:00\.000Z repeats the previous row's/,
    ],
  ])("rejects %s with file, line and field", (_name, row, msg) => {
    const e = (() => {
      try {
        check([bar(0), row, bar(2)])();
      } catch (err) {
        return err as { code: string; message: string };
      }
      throw new Error("expected a validation error");
    })();
    expect(e.code).toBe("VALIDATION_ERROR");
    expect(e.message).toMatch(msg);
  });

  it("rejects out-of-order rows", () => {
    expect(check([bar(0), bar(2), bar(1)])).toThrow(/line 4, field timestamp: open time .* goes back from/);
  });

  it("rejects mixed symbols, naming the row that set the expected symbol", () => {
    const symbols = ["BTCUSDT", "BTCUSDT", "ETHUSDT"];
    expect(() => validateCandles(ok, { interval: "5", locate, symbolOf: (i) => symbols[i]! })).toThrow(
      /data\.csv line 4, field symbol: symbol ETHUSDT differs from BTCUSDT \(data\.csv line 2\)/,
    );
    expect(() =>
      validateCandles(ok, { interval: "5", locate, symbolOf: () => "BTCUSDT", expectedSymbol: "ETHUSDT" }),
    ).toThrow(/line 2, field symbol: symbol BTCUSDT differs from ETHUSDT \(the requested symbol\)/);
  });

  it("puts weekly bars on Mondays 00:00 UTC and others on multiples of their length", () => {
    expect(new Date(floorToInterval(Date.UTC(2024, 5, 6, 12), "W")).toISOString()).toBe(
      "2024-06-03T00:00:00.000Z",
    );
    expect(new Date(Date.UTC(2024, 5, 3)).getUTCDay()).toBe(1); // a Monday
    expect(isAligned(Date.UTC(2024, 5, 3), "W")).toBe(true);
    expect(isAligned(Date.UTC(2024, 5, 6), "W")).toBe(false); // a Thursday, like the epoch
    expect(isAligned(Date.UTC(2024, 5, 6), "D")).toBe(true);
    expect(ceilToInterval(T0 + 1, "5")).toBe(T0 + 300_000);
    expect(ceilToInterval(T0, "5")).toBe(T0);
    expect(floorToInterval(4 * DAY_MS - 1, "W")).toBe(4 * DAY_MS - 7 * DAY_MS);
  });

  it("property: every generated valid series passes, for every interval", () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom<Interval>("1", "5", "60", "240", "D", "W")
          .chain((iv) => validSeries(iv).map((s) => [iv, s] as const)),
        ([interval, series]) => {
          validateCandles(series, { interval });
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it("property: any single corruption of a valid series is rejected", () => {
    const corruptions: ((c: Candle, prev: Candle | undefined) => Candle)[] = [
      (c) => ({ ...c, high: c.low - 0.5 }), // high below low
      (c) => ({ ...c, open: c.high * 1.01 + 1 }), // open above high
      (c) => ({ ...c, close: c.low / 2 }), // close below low
      (c) => ({ ...c, volume: -1 }),
      (c) => ({ ...c, low: Number.NaN }),
      (c) => ({ ...c, openTimeMs: c.openTimeMs + 1 }), // misaligned
      (c, prev) => ({ ...c, openTimeMs: prev ? prev.openTimeMs : c.openTimeMs - 0.5 }), // repeat / not integer
    ];
    fc.assert(
      fc.property(
        validSeries("5"),
        fc.nat(),
        fc.integer({ min: 0, max: corruptions.length - 1 }),
        (s, k, which) => {
          const i = k % s.length;
          const bad = s.slice();
          bad[i] = corruptions[which]!(s[i]!, s[i - 1]);
          expect(() => validateCandles(bad, { interval: "5" })).toThrow(/row \d+, field /);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
