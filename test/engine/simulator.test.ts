import { describe, expect, it } from "vitest";
import {
  allocSeries,
  BYBIT_DEFAULT_FEES,
  type ExecutionStrategy,
  MINUTE_MS,
  type ParentExecution,
  simulate,
} from "../../src/index.js";
import { twap } from "../../strategies/twap.js";
import { makeSeries, parent, spec, T0 } from "../helpers/engine-fixtures.js";
import { StubVenue } from "../helpers/stub-venue.js";

const S = T0 + 60 * MINUTE_MS; // parent start in the fixtures
const series = makeSeries();

function only(r: ParentExecution[]): ParentExecution {
  expect(r).toHaveLength(1);
  return r[0]!;
}

describe("simulate: event ordering and timing", () => {
  it("hands every timer back the tag it was set with (repeated, alternating and non-string tags)", () => {
    const tags = ["a", "a", "b", "a", "c", "c", 7, "7", "a"];
    const seen: [number, string][] = [];
    const strat: ExecutionStrategy = {
      name: "tags",
      start(ctx) {
        // set out of time order, so the queue (not the set order) decides which fires first
        for (let k = tags.length - 1; k >= 0; k--)
          ctx.setTimer(S + (k + 1) * MINUTE_MS, tags[k] as unknown as string);
      },
      onTimer(ctx, tag) {
        seen.push([(ctx.now - S) / MINUTE_MS, tag]);
        if (ctx.now === S + MINUTE_MS) ctx.setTimer(ctx.now + 30_000, "a"); // re-armed from a callback
      },
    };
    only(simulate(spec(series, [parent()], [{ name: "tags", create: () => strat }])));
    expect(seen).toEqual([
      [1, "a"],
      [1.5, "a"],
      [2, "a"],
      [3, "b"],
      [4, "a"],
      [5, "c"],
      [6, "c"],
      [7, "7"],
      [8, "7"],
      [9, "a"],
    ]);
  });

  it("at one timestamp runs the bar close, then arrivals in send order, then timers in set order", () => {
    const log: string[] = [];
    const strat: ExecutionStrategy = {
      name: "probe",
      start(ctx) {
        log.push(`start t=${ctx.now - S} bars=${ctx.market.length}`);
        ctx.setTimer(S + MINUTE_MS, "b");
        ctx.submit({ qtyBase: 1, tag: "x" });
        ctx.setTimer(S + MINUTE_MS, "a");
        ctx.submit({ qtyBase: 2, tag: "y" });
      },
      onBar(ctx, bar) {
        if (ctx.now <= S + MINUTE_MS)
          log.push(`bar t=${ctx.now - S} i=${bar.index} bars=${ctx.market.length}`);
      },
      onTimer(ctx, tag) {
        log.push(`timer ${tag} t=${ctx.now - S}`);
      },
      onFill(ctx, fill) {
        log.push(`fill ${fill.qtyBase} t=${ctx.now - S} bars=${ctx.market.length}`);
      },
    };
    const r = only(
      simulate(spec(series, [parent()], [{ name: "probe", create: () => strat }], { latencyMs: MINUTE_MS })),
    );
    // Bars 0..59 closed at S (bar 59 opens at S − 1 min, closes at S). Bar 60 closes at S + 1 min.
    expect(log).toEqual([
      "start t=0 bars=60",
      "bar t=60000 i=60 bars=61",
      "fill 1 t=60000 bars=61",
      "fill 2 t=60000 bars=61",
      "timer b t=60000",
      "timer a t=60000",
    ]);
    expect(r.children.map((c) => [c.submitMs - S, c.arriveMs - S])).toEqual([
      [0, MINUTE_MS],
      [0, MINUTE_MS],
    ]);
    expect(r.fills.map((f) => f.timeMs - S)).toEqual([MINUTE_MS, MINUTE_MS]);
  });

  it("applies the latency: a child sent at t fills at t + latency at the venue's mid of that time", () => {
    const latency = 2500;
    const venues: StubVenue[] = [];
    const r = only(
      simulate({
        ...spec(series, [parent()], [{ name: "twap", create: () => twap({ slices: 3 }) }], {
          latencyMs: latency,
        }),
        createVenue: () => {
          const v = new StubVenue({ halfSpreadBps: 2 });
          venues.push(v);
          return v;
        },
      }),
    );
    expect(r.fills.map((f) => f.timeMs - S)).toEqual([0, 20, 40].map((m) => m * MINUTE_MS + latency));
    // Stub mid at a time inside bar i is open[i]; the fill pays mid × (1 + 2 bps).
    r.fills.forEach((f, k) => {
      const i = 60 + 20 * k;
      expect(f.marketMid).toBe(series.open[i]);
      expect(f.avgPrice).toBeCloseTo(series.open[i]! * 1.0002, 8);
    });
    // The venue's clock never went backwards, and the engine drove it to the horizon end.
    const times = venues[0]!.times;
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
    expect(times.at(-1)).toBe(parent().endMs);
    expect(r.arrivalMid).toBe(series.open[60]);
    expect(r.endMid).toBe(series.open[120]);
  });

  it("charges Bybit's default taker fee (0.055% of notional) unless told otherwise", () => {
    const r = only(simulate(spec(series, [parent()], [{ name: "twap", create: () => twap({ slices: 2 }) }])));
    for (const f of r.fills) expect(f.feeQuote).toBeCloseTo(f.notionalQuote * 0.00055, 9);
    expect(BYBIT_DEFAULT_FEES).toEqual({ takerRate: 0.00055, makerRate: 0.0002 });
    const r2 = only(
      simulate(
        spec(series, [parent()], [{ name: "twap", create: () => twap({ slices: 2 }) }], {
          fees: { takerRate: 0.001, makerRate: 0 },
        }),
      ),
    );
    for (const f of r2.fills) expect(f.feeQuote).toBeCloseTo(f.notionalQuote * 0.001, 9);
    expect(r2.fills[0]!.liquidity).toBe("taker");
  });

  it("runs strategy-major then parent order, each pair on a fresh venue", () => {
    const parents = [parent({ id: "a" }), parent({ id: "b", startMs: S + 5 * MINUTE_MS, side: "sell" })];
    let made = 0;
    const r = simulate({
      ...spec(series, parents, [
        { name: "t1", create: () => twap({ slices: 2 }) },
        { name: "t2", create: () => twap({ slices: 4 }) },
      ]),
      createVenue: () => {
        made++;
        return new StubVenue();
      },
    });
    expect(r.map((e) => `${e.strategy}/${e.parent.id}`)).toEqual(["t1/a", "t1/b", "t2/a", "t2/b"]);
    expect(made).toBe(4);
    expect(r[3]!.children).toHaveLength(4);
    expect(r[1]!.fills.every((f) => f.side === "sell" && f.avgPrice < f.midBefore)).toBe(true);
  });

  it("streams each result to onExecution as it is produced", () => {
    const seen: string[] = [];
    const r = simulate({
      ...spec(series, [parent({ id: "a" }), parent({ id: "b" })], [{ name: "twap", create: () => twap() }]),
      onExecution: (e) => seen.push(e.parent.id),
    });
    expect(seen).toEqual(["a", "b"]);
    expect(r).toHaveLength(2);
  });
});

describe("simulate: participation cap, limit price and horizon end", () => {
  it("caps each child at cap × the volume of the bar it executes in, minus what the parent already took there", () => {
    const vol = (i: number) => 10 + (i % 7); // known volumes
    const s = makeSeries({ volume: (i) => vol(i) });
    const strat: ExecutionStrategy = {
      name: "burst",
      start(ctx) {
        // Three children arriving in the same bar (bar 60 contains S .. S + 1 min), then one in bar 61.
        ctx.submit({ qtyBase: 0.5 });
        ctx.submit({ qtyBase: 5 });
        ctx.submit({ qtyBase: 5 });
        ctx.setTimer(S + MINUTE_MS + 1, "next");
      },
      onTimer(ctx) {
        ctx.submit({ qtyBase: 5 });
      },
    };
    const r = only(
      simulate(
        spec(s, [parent({ qtyBase: 100, maxParticipation: 0.2 })], [{ name: "burst", create: () => strat }]),
      ),
    );
    const cap60 = 0.2 * vol(60);
    const cap61 = 0.2 * vol(61);
    expect(r.children.map((c) => c.filledQtyBase)).toEqual([
      0.5,
      expect.closeTo(cap60 - 0.5, 12),
      0,
      expect.closeTo(cap61, 12),
    ]);
    expect(r.children.map((c) => c.status)).toEqual(["filled", "partial", "rejected", "partial"]);
    expect(r.children[1]!.reason).toMatch(/participation cap 0.2/);
    expect(r.children[2]!.reason).toMatch(/no room left/);
  });

  it("allows nothing under a participation cap while the data has a gap (no bar, no volume)", () => {
    // Drop bar 61 (S + 1 min .. S + 2 min): a child arriving at S + 90 s finds no bar to trade in.
    const full = makeSeries();
    const keep = Array.from({ length: full.length }, (_, i) => i).filter((i) => i !== 61);
    const gapped = allocSeries(full, full.intervalMs, keep.length);
    for (const k of ["openTimeMs", "open", "high", "low", "close", "volume", "turnover"] as const) {
      keep.forEach((i, j) => {
        gapped[k][j] = full[k][i]!;
      });
    }
    const strat: ExecutionStrategy = {
      name: "gap",
      start: (ctx) => ctx.setTimer(S + 90_000, "in-gap"),
      onTimer: (ctx) => void ctx.submit({ qtyBase: 1 }),
    };
    const p = parent({ maxParticipation: 0.5 });
    const [r] = simulate(spec(gapped, [p], [{ name: "gap", create: () => strat }]));
    expect(r!.children[0]!.status).toBe("rejected");
    expect(r!.children[0]!.reason).toMatch(
      /participation cap 0.5: no room left in the bar at 2024-01-01T01:01:30.000Z/,
    );
    // Without a cap the venue still trades (its mid is the last known price).
    const [r2] = simulate(spec(gapped, [parent()], [{ name: "gap", create: () => strat }]));
    expect(r2!.fills.map((f) => f.qtyBase)).toEqual([1]);
  });

  it("never fills beyond the parent's limit price: the venue fills only the part within it", () => {
    // Stub book: worst price of q is mid + h + 2·eta·q. With mid m = open[60], h = 1 bp, eta = 10:
    // limit m·(1 + 1 bp) + 20 leaves room for q = 20 / (2·10) = 1.
    const m = series.open[60]!;
    const limit = m * 1.0001 + 20;
    const strat: ExecutionStrategy = { name: "one", start: (ctx) => void ctx.submit({ qtyBase: 3 }) };
    const r = only(
      simulate(
        spec(series, [parent({ limitPrice: limit })], [{ name: "one", create: () => strat }], {
          venue: { halfSpreadBps: 1, eta: 10 },
        }),
      ),
    );
    expect(r.fills).toHaveLength(1);
    expect(r.fills[0]!.qtyBase).toBeCloseTo(1, 9);
    expect(r.fills[0]!.avgPrice).toBeCloseTo(m * 1.0001 + 10, 6);
    expect(r.children[0]!.status).toBe("partial");
    expect(r.children[0]!.reason).toMatch(/limit price/);
    // A child limit tighter than the parent's wins; a buy limit below the ask fills nothing.
    const strat2: ExecutionStrategy = {
      name: "two",
      start: (ctx) => void ctx.submit({ qtyBase: 3, limitPrice: m }),
    };
    const r2 = only(
      simulate(
        spec(series, [parent({ limitPrice: limit })], [{ name: "two", create: () => strat2 }], {
          venue: { eta: 10 },
        }),
      ),
    );
    expect(r2.fills).toHaveLength(0);
    expect(r2.children[0]!.status).toBe("rejected");
    expect(r2.children[0]!.reason).toMatch(/limit price/);
  });

  it("stops at the horizon end: later arrivals are rejected, the remainder stays unfilled, late timers never fire", () => {
    const fired: number[] = [];
    const strat: ExecutionStrategy = {
      name: "late",
      start(ctx) {
        ctx.submit({ qtyBase: 1 });
        ctx.setTimer(ctx.parent.endMs - MINUTE_MS, "last");
        ctx.setTimer(ctx.parent.endMs + 1, "never");
      },
      onTimer(ctx, tag) {
        fired.push(ctx.now);
        expect(tag).toBe("last");
        ctx.submit({ qtyBase: 2 }); // arrives at end + 1 min
      },
    };
    const p = parent();
    const r = only(
      simulate(spec(series, [p], [{ name: "late", create: () => strat }], { latencyMs: 2 * MINUTE_MS })),
    );
    expect(fired).toEqual([p.endMs - MINUTE_MS]);
    expect(r.status).toBe("completed");
    expect(r.fills.map((f) => f.qtyBase)).toEqual([1]);
    expect(r.children[1]!.status).toBe("rejected");
    expect(r.children[1]!.reason).toMatch(/after the horizon end/);
    expect(r.fills.reduce((a, f) => a + f.qtyBase, 0)).toBe(1);
    expect([r.filledQtyBase, r.unfilledQtyBase]).toEqual([1, 9]); // the remainder is recorded
  });

  it("delivers bar events for bars closing in (start, end] and stops early once the parent is filled", () => {
    const closes: number[] = [];
    const strat: ExecutionStrategy = {
      name: "bars",
      start() {},
      onBar(ctx, bar) {
        closes.push(bar.closeTimeMs);
        expect(ctx.now).toBe(bar.closeTimeMs);
        expect(ctx.market.length).toBe(bar.index + 1);
      },
    };
    expect(only(simulate(spec(series, [parent()], [{ name: "bars", create: () => strat }]))).status).toBe(
      "completed",
    );
    expect(closes).toHaveLength(60);
    expect(closes[0]).toBe(S + MINUTE_MS);
    expect(closes.at(-1)).toBe(parent().endMs);

    let after = 0;
    const filler: ExecutionStrategy = {
      name: "filler",
      start: (ctx) => void ctx.submit({ qtyBase: ctx.parent.qtyBase }),
      onBar: () => void after++,
    };
    const r = only(simulate(spec(series, [parent()], [{ name: "filler", create: () => filler }])));
    expect(after).toBe(0);
    expect(r.fills[0]!.qtyBase).toBe(10);
  });

  it("cuts a child to the parent's remaining quantity and rejects children once the parent is filled", () => {
    const strat: ExecutionStrategy = {
      name: "greedy",
      start(ctx) {
        ctx.submit({ qtyBase: 7 });
        ctx.submit({ qtyBase: 7 });
        ctx.submit({ qtyBase: 7 });
      },
    };
    const r = only(simulate(spec(series, [parent()], [{ name: "greedy", create: () => strat }])));
    expect(r.children.map((c) => c.filledQtyBase)).toEqual([7, 3, 0]);
    expect(r.children.map((c) => c.status)).toEqual(["filled", "partial", "rejected"]);
    expect(r.children[2]!.reason).toBe("parent already filled");
  });

  it("cancels a child that has not arrived, not one that has", () => {
    let ids: string[] = [];
    const onFillCancel: boolean[] = [];
    let atTimer: (boolean | number)[] = [];
    const strat: ExecutionStrategy = {
      name: "canceller",
      start(ctx) {
        ids = [ctx.submit({ qtyBase: 1 }), ctx.submit({ qtyBase: 2 })];
        ctx.setTimer(ctx.now + 30_000, "c");
      },
      onTimer(ctx) {
        atTimer = [ctx.cancel(ids[1]!), ctx.cancel("nope"), ctx.parent.pendingQtyBase];
      },
      onFill(ctx) {
        onFillCancel.push(ctx.cancel(ids[0]!));
      },
    };
    const r = only(
      simulate(spec(series, [parent()], [{ name: "canceller", create: () => strat }], { latencyMs: 20_000 })),
    );
    // Both children arrive at +20 s and fill; cancelling them afterwards is refused.
    expect(r.children.map((c) => c.status)).toEqual(["filled", "filled"]);
    expect(onFillCancel).toEqual([false, false]);
    expect(atTimer).toEqual([false, false, 0]);

    const strat2: ExecutionStrategy = {
      name: "canceller2",
      start(ctx) {
        const id = ctx.submit({ qtyBase: 2 });
        expect(ctx.parent.pendingQtyBase).toBe(2);
        expect(ctx.parent.unscheduledQtyBase).toBe(8);
        expect(ctx.cancel(id)).toBe(true);
        expect(ctx.parent.pendingQtyBase).toBe(0);
        expect(ctx.cancel(id)).toBe(false);
      },
    };
    const r2 = only(
      simulate(spec(series, [parent()], [{ name: "canceller2", create: () => strat2 }], { latencyMs: 1000 })),
    );
    expect(r2.status).toBe("completed");
    expect(r2.children[0]!.status).toBe("cancelled");
    expect(r2.fills).toHaveLength(0);
  });
});

describe("simulate: failures and validation", () => {
  it("a throwing strategy fails only its own executions; the error is recorded and fills so far kept", () => {
    const boom: ExecutionStrategy = {
      name: "boom",
      start: (ctx) => void ctx.submit({ qtyBase: 1 }),
      onBar(ctx) {
        if (ctx.now >= S + 3 * MINUTE_MS) throw new Error("kaboom");
      },
    };
    const parents = [parent({ id: "a" }), parent({ id: "b" })];
    const r = simulate(
      spec(series, parents, [
        { name: "twap", create: () => twap() },
        { name: "boom", create: () => boom },
        { name: "twap2", create: () => twap({ slices: 2 }) },
      ]),
    );
    expect(r.map((e) => e.status)).toEqual([
      "completed",
      "completed",
      "failed",
      "failed",
      "completed",
      "completed",
    ]);
    expect(r[2]!.error).toMatch(/Error: kaboom \(strategy "boom", parent "a", at 2024-01-01T01:03:00.000Z\)/);
    expect(r[2]!.fills.map((f) => f.qtyBase)).toEqual([1]);
    expect(r[4]!.fills.reduce((a, f) => a + f.qtyBase, 0)).toBeCloseTo(10, 12);
    expect(r[0]!.error).toBeUndefined();
  });

  it("records a strategy whose factory or start throws, and one that submits a bad quantity", () => {
    const r = simulate(
      spec(
        series,
        [parent()],
        [
          {
            name: "nofactory",
            create: () => {
              throw new Error("cannot build");
            },
          },
          { name: "zero", create: () => ({ name: "zero", start: (ctx) => void ctx.submit({ qtyBase: 0 }) }) },
        ],
      ),
    );
    expect(r[0]!.status).toBe("failed");
    expect(r[0]!.error).toMatch(/cannot build/);
    expect(r[1]!.error).toMatch(/INVALID_ARGUMENT: child order qtyBase must be a finite number > 0/);
  });

  it("a bar index from the future throws inside the strategy (no look-ahead) and fails the run", () => {
    const peek: ExecutionStrategy = {
      name: "peek",
      start(ctx) {
        expect(ctx.market.length).toBe(60);
        expect(ctx.market.close(59)).toBe(series.close[59]);
        expect(ctx.market.lastClose()).toBe(series.close[59]);
        ctx.market.close(60);
      },
    };
    const r = only(simulate(spec(series, [parent()], [{ name: "peek", create: () => peek }])));
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(/market bar index 60 is not available/);
  });

  it("stops a strategy that keeps re-arming a timer at the current time (it would never end)", () => {
    const spin: ExecutionStrategy = {
      name: "spin",
      start: (ctx) => ctx.setTimer(ctx.now, "again"),
      onTimer: (ctx) => ctx.setTimer(ctx.now, "again"),
    };
    const [r] = simulate(spec(series, [parent()], [{ name: "spin", create: () => spin }]));
    expect(r!.status).toBe("failed");
    expect(r!.error).toMatch(/STRATEGY_ERROR: more than 100000 timers\/orders at 2024-01-01T01:00:00.000Z/);
  });

  it("rejects inconsistent configurations before running anything", () => {
    const base = spec(series, [parent()], [{ name: "twap", create: () => twap() }]);
    expect(() => simulate({ ...base, parents: [parent({ endMs: T0 + 601 * MINUTE_MS })] })).toThrow(
      /candles cover 2024-01-01T00:00:00.000Z \.\. 2024-01-01T10:00:00.000Z/,
    );
    expect(() => simulate({ ...base, parents: [parent(), parent()] })).toThrow(/appears twice/);
    expect(() => simulate({ ...base, parents: [parent({ qtyBase: -1 })] })).toThrow(/qtyBase must be/);
    expect(() => simulate({ ...base, parents: [parent({ maxParticipation: 1.5 })] })).toThrow(
      /maxParticipation/,
    );
    expect(() => simulate({ ...base, parents: [parent({ symbol: "ETHUSDT" })] })).toThrow(
      /series is BTCUSDT/,
    );
    expect(() => simulate({ ...base, latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => simulate({ ...base, fees: { takerRate: -0.1, makerRate: 0 } })).toThrow(/fees.takerRate/);
    expect(() => simulate({ ...base, strategies: [base.strategies[0]!, base.strategies[0]!] })).toThrow(
      /twice/,
    );
  });
});
