/**
 * The venue's spread on real symbols: where the instrument's tick is known (src/market/
 * instrument-specs.ts) and `--impact-param spread=...` is not given, the half-spread is half a tick
 * (`spread=tick`: one tick wide, as liquid crypto perpetuals quote nearly always) instead of the
 * Corwin-Schultz estimate, which overstates it 10-80x on 1-5 minute crypto bars; the tick also sets
 * the venue's tick floor unless `tickSize` is given. The estimators stay available as options. The
 * built-in synthetic dataset has no known tick and keeps its defaults (its numbers do not move).
 */
import type { InstrumentSpec } from "../market/instrument-specs.js";
import { type VenueKind, venueDefaults } from "../venues/venue-factory.js";

export interface SpreadChoice {
  /** corwin-schultz | abdi-ranaldo | fixed | tick */
  source: string;
  /** The tick the venue uses, quote units (null: automatic from the first price). */
  tickSize: number | null;
  /** Why: "--impact-param", "known tick (stored)", "known tick (built-in)" or "default (no known tick)". */
  basis: string;
}

/** The impact parameters with the spread defaults for this instrument filled in, and what was chosen. */
export function withSpreadDefaults(
  kind: VenueKind,
  params: Readonly<Record<string, unknown>>,
  spec: InstrumentSpec | undefined,
): { params: Record<string, unknown>; spread: SpreadChoice } {
  const accepted = venueDefaults(kind);
  const out: Record<string, unknown> = { ...params };
  if (!("spread" in accepted)) {
    return { params: out, spread: { source: "n/a", tickSize: null, basis: `${kind} venue` } };
  }
  const given = params.spread !== undefined;
  if (spec !== undefined) {
    if (!given) out.spread = "tick";
    if (params.tickSize === undefined) out.tickSize = spec.tickSize;
  }
  const source = String(out.spread ?? accepted.spread);
  const tick = typeof out.tickSize === "number" && out.tickSize > 0 ? out.tickSize : null;
  const basis = given
    ? "--impact-param"
    : spec !== undefined
      ? `known tick (${spec.source})`
      : "default (no known tick)";
  return { params: out, spread: { source, tickSize: tick, basis } };
}
