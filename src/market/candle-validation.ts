/**
 * The one candle validator every importer and the Bybit fetcher run before anything is written.
 *
 * A series of candles is valid when, for every row i:
 * - open, high, low, close, volume are finite; turnover is finite or NaN (NaN = "not given");
 * - prices are > 0 (a zero or negative price is never a real trade), volume >= 0, turnover >= 0;
 * - low <= high, and low <= open <= high, low <= close <= high;
 * - the open time is an integer number of ms aligned to the interval grid: a multiple of the bar
 *   length since the Unix epoch, except weekly bars, which Bybit starts on Monday 00:00 UTC
 *   (1970-01-05, so the grid is offset by 4 days);
 * - open times are strictly increasing (ascending, no duplicates);
 * - every row belongs to the same symbol (when the source names one per row or per file).
 *
 * The first broken rule throws VALIDATION_ERROR whose message names where the row came from (file
 * and line, supplied by the importer through `locate`) and the field, and says how to fix it.
 * Nothing is ever repaired or dropped silently.
 */
import { ExecsimError } from "../core/errors.js";
import { DAY_MS, type Interval, intervalMs, isoUtc } from "../core/interval.js";
import { type Candle, type CandleArrays, candleAt } from "../core/market-types.js";

/** Offset of the interval grid from the Unix epoch (weekly bars open on Mondays). */
export function gridOffsetMs(interval: Interval): number {
  return interval === "W" ? 4 * DAY_MS : 0;
}

export function isAligned(openTimeMs: number, interval: Interval): boolean {
  if (!Number.isSafeInteger(openTimeMs)) return false;
  const step = intervalMs(interval);
  const r = (openTimeMs - gridOffsetMs(interval)) % step;
  return r === 0;
}

/** The open time of the bar containing `timeMs`. */
export function floorToInterval(timeMs: number, interval: Interval): number {
  const step = intervalMs(interval);
  const off = gridOffsetMs(interval);
  return Math.floor((timeMs - off) / step) * step + off;
}

/** The first bar open time at or after `timeMs`. */
export function ceilToInterval(timeMs: number, interval: Interval): number {
  const f = floorToInterval(timeMs, interval);
  return f === timeMs ? f : f + intervalMs(interval);
}

/** The candle fields the validator names; "timestamp" is the open time. */
export type CandleField = "timestamp" | "open" | "high" | "low" | "close" | "volume" | "turnover" | "symbol";

export interface ValidationOptions {
  interval: Interval;
  /**
   * Describe where row i (and, if the source knows, its `field`) came from, e.g. "BTC.csv line 17".
   * Defaults to "row i".
   */
  locate?: (i: number, field?: CandleField) => string;
  /** What the source calls the open-time field (default "timestamp"; Bybit JSON: "startTime"). */
  timeField?: string;
  /** The symbol each row belongs to, where the source names it per row or per file. */
  symbolOf?: (i: number) => string;
  /** The symbol the caller expects (e.g. --symbol); mismatches are errors. */
  expectedSymbol?: string;
}

/** An array of Candle as Float64Array columns (exact copies). */
export function candleColumns(candles: readonly Candle[]): CandleArrays {
  const n = candles.length;
  const col = (f: keyof Candle) => Float64Array.from(candles, (c) => c[f]);
  return {
    length: n,
    openTimeMs: col("openTimeMs"),
    open: col("open"),
    high: col("high"),
    low: col("low"),
    close: col("close"),
    volume: col("volume"),
    turnover: col("turnover"),
  };
}

/** Throw VALIDATION_ERROR at the first row that breaks a market-data invariant (see file doc). */
export function validateCandles(input: readonly Candle[] | CandleArrays, opts: ValidationOptions): void {
  const list = Array.isArray(input) ? (input as readonly Candle[]) : undefined;
  const cols = input as CandleArrays;
  const n = list ? list.length : cols.length;
  const { interval } = opts;
  const locate = opts.locate ?? ((i: number) => `row ${i + 1}`);
  const timeField = opts.timeField ?? "timestamp";
  const fail = (i: number, field: CandleField, what: string, fix: string): never => {
    const name = field === "timestamp" ? timeField : field;
    throw new ExecsimError("VALIDATION_ERROR", `${locate(i, field)}, field ${name}: ${what}; ${fix}`, {
      index: i,
      field: name,
    });
  };
  let expected = opts.expectedSymbol;
  let expectedFrom = expected === undefined ? -1 : -2;
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const c = list ? list[i]! : candleAt(cols, i);
    if (opts.symbolOf) {
      const s = opts.symbolOf(i);
      if (expected === undefined) {
        expected = s;
        expectedFrom = i;
      } else if (s !== expected) {
        const first = expectedFrom === -2 ? "the requested symbol" : `${locate(expectedFrom)}`;
        fail(
          i,
          "symbol",
          `symbol ${s} differs from ${expected} (${first})`,
          "import one symbol at a time (split the file, or pass the matching --symbol)",
        );
      }
    }
    for (const f of ["open", "high", "low", "close"] as const) {
      const v = c[f];
      if (!Number.isFinite(v)) fail(i, f, `${v} is not a finite price`, "fix or remove the row");
      if (v <= 0) fail(i, f, `price ${v} is not positive`, "fix or remove the row");
    }
    if (!Number.isFinite(c.volume)) fail(i, "volume", `${c.volume} is not a finite volume`, "fix the row");
    if (c.volume < 0) fail(i, "volume", `volume ${c.volume} is negative`, "fix or remove the row");
    if (!Number.isNaN(c.turnover)) {
      if (!Number.isFinite(c.turnover)) fail(i, "turnover", `${c.turnover} is not finite`, "fix the row");
      if (c.turnover < 0) fail(i, "turnover", `turnover ${c.turnover} is negative`, "fix or remove the row");
    }
    if (c.high < c.low) fail(i, "high", `high ${c.high} is below low ${c.low}`, "fix or remove the row");
    if (c.open < c.low || c.open > c.high) {
      fail(i, "open", `open ${c.open} is outside [low ${c.low}, high ${c.high}]`, "fix or remove the row");
    }
    if (c.close < c.low || c.close > c.high) {
      fail(i, "close", `close ${c.close} is outside [low ${c.low}, high ${c.high}]`, "fix or remove the row");
    }
    const t = c.openTimeMs;
    if (!isAligned(t, interval)) {
      fail(
        i,
        "timestamp",
        `open time ${Number.isFinite(t) ? isoUtc(t) : t} is not aligned to the ${interval} interval grid`,
        "check --interval, or that timestamps are bar open times",
      );
    }
    if (t <= prev) {
      fail(
        i,
        "timestamp",
        `open time ${isoUtc(t)} ${t === prev ? "repeats" : "goes back from"} the previous row's ${isoUtc(prev)}`,
        "rows must be in strictly increasing time order without duplicates",
      );
    }
    prev = t;
  }
}
