/**
 * Tick and lot size per instrument: the price step of the order book (quote units) and the quantity
 * step orders are rounded to (base units). Stored in the `instruments` table (tick_size, lot_size),
 * set by `data import --tick-size/--lot-size`; where the store has none, Bybit's specs for common
 * linear perpetuals are built in:
 *
 *   symbol    tick     lot     source
 *   BTCUSDT   0.1      0.001   Bybit v5 /v5/market/instruments-info (priceFilter.tickSize "0.10",
 *                              lotSizeFilter.qtyStep "0.001"), as recorded in several public clients'
 *                              test fixtures of that response
 *   ETHUSDT   0.01     0.01    same endpoint ("0.01" / "0.01")
 *   XRPUSDT   0.0001   1       the order-book recording in ../shared/data (levels 0.0001 apart,
 *                              integer sizes), agreeing with published instruments-info fixtures
 *
 * Limitations: Bybit changes tick sizes now and then (a spec is today's, not the one in force at
 * every bar of a long history); other symbols need --tick-size/--lot-size at import.
 */
import { ExecsimError } from "../core/errors.js";
import type { SeriesKey } from "../core/market-types.js";
import type { ExecsimDatabase } from "../store/database.js";

export interface InstrumentSpec {
  /** Price tick, quote units. */
  tickSize: number;
  /** Quantity step, base units (0 = none known). */
  lotSize: number;
  /** "stored" (instruments table) or "built-in" (the table above). */
  source: "stored" | "built-in";
}

const BUILT_IN: Readonly<Record<string, { tickSize: number; lotSize: number }>> = Object.freeze({
  "linear:BTCUSDT": { tickSize: 0.1, lotSize: 0.001 },
  "linear:ETHUSDT": { tickSize: 0.01, lotSize: 0.01 },
  "linear:XRPUSDT": { tickSize: 0.0001, lotSize: 1 },
});

/** The instrument's tick and lot: the stored values, else the built-in spec, else undefined. */
export function instrumentSpec(
  store: ExecsimDatabase,
  key: Pick<SeriesKey, "symbol" | "category">,
): InstrumentSpec | undefined {
  const row = store.sqlite
    .prepare(
      "SELECT tick_size AS tickSize, lot_size AS lotSize FROM instruments WHERE symbol = ? AND category = ?",
    )
    .get(key.symbol, key.category) as { tickSize: number | null; lotSize: number | null } | undefined;
  const builtIn = BUILT_IN[`${key.category}:${key.symbol}`];
  if (row?.tickSize != null) {
    return { tickSize: row.tickSize, lotSize: row.lotSize ?? builtIn?.lotSize ?? 0, source: "stored" };
  }
  return builtIn ? { ...builtIn, source: "built-in" } : undefined;
}

/** Store a tick and/or lot size for an instrument (the row must exist: write its candles first). */
export function setInstrumentSpec(
  store: ExecsimDatabase,
  key: Pick<SeriesKey, "symbol" | "category">,
  spec: { tickSize?: number; lotSize?: number },
): void {
  for (const [name, v] of [
    ["--tick-size", spec.tickSize],
    ["--lot-size", spec.lotSize],
  ] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0))
      throw new ExecsimError("INVALID_ARGUMENT", `${name} must be a number > 0, got ${v}`);
  }
  store.sqlite
    .prepare(
      "UPDATE instruments SET tick_size = coalesce(?, tick_size), lot_size = coalesce(?, lot_size) WHERE symbol = ? AND category = ?",
    )
    .run(spec.tickSize ?? null, spec.lotSize ?? null, key.symbol, key.category);
}

/** Round a quantity to the nearest multiple of `lot` (exact decimal digits of the lot, no 1e-17 tails). */
export function roundToLot(qty: number, lot: number): number {
  if (!(lot > 0)) return qty;
  const digits = Math.max(0, Math.min(15, -Math.floor(Math.log10(lot)) + 2));
  return Number((Math.round(qty / lot) * lot).toFixed(digits));
}

/** Round a quantity down to a multiple of `lot`. */
export function floorToLot(qty: number, lot: number): number {
  if (!(lot > 0)) return qty;
  const digits = Math.max(0, Math.min(15, -Math.floor(Math.log10(lot)) + 2));
  return Number((Math.floor(qty / lot + 1e-9) * lot).toFixed(digits));
}
