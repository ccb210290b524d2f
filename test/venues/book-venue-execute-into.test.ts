import { describe, expect, it } from "vitest";
import { createExecutionResultBuffer } from "../../src/core/execution-types.js";
import { createRng } from "../../src/core/rng.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";
import { SyntheticBookVenue } from "../../src/venues/book-venue.js";
import { createVenue } from "../../src/venues/venue-factory.js";

const series = generateSyntheticCandles({
  symbol: "X",
  category: "linear",
  interval: "1",
  startMs: Date.UTC(2024, 0, 1),
  bars: 600,
  seed: 3,
});

describe("book venue executeInto", () => {
  it("writes exactly what execute returns, order after order, into one reused buffer", () => {
    const a = createVenue("book", {});
    const b = createVenue("book", {});
    expect(b).toBeInstanceOf(SyntheticBookVenue);
    a.reset(series, createRng(7));
    b.reset(series, createRng(7));
    const out = createExecutionResultBuffer();
    const t0 = series.openTimeMs[100]!;
    for (let k = 0; k < 40; k++) {
      const t = t0 + k * 45_000;
      a.advanceTo(t);
      b.advanceTo(t);
      const side = k % 5 === 4 ? "sell" : "buy";
      const qty = 0.5 + (k % 7);
      const limit = k % 6 === 5 ? a.mid() * (side === "buy" ? 1.0001 : 0.9999) : undefined;
      const expected = a.execute(side, qty, limit);
      b.executeInto!(side, qty, limit, out);
      expect({ ...out }).toEqual({ ...expected });
      expect(b.mid()).toBe(a.mid());
    }
    // the buffer is overwritten, not replaced; an earlier execute result is not
    const kept = a.quote("buy", 1);
    b.executeInto!("buy", 2, undefined, out);
    expect(out.requestedQtyBase).toBe(2);
    expect(kept.requestedQtyBase).toBe(1);
  });
});
