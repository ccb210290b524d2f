/**
 * The errors every venue throws for the same misuse, built in one place so that the book venue, the
 * parametric venues and the synthetic book say the same thing the same way.
 *
 * Only the error is built here; each venue keeps its (cheap) check inline, so the hot paths (advanceTo,
 * execute) gain no call or allocation: these functions run only when something is already wrong.
 * Limitations: none beyond that; the messages are part of the user-facing behaviour (tests match them).
 */
import { ExecsimError } from "../core/errors.js";

/** A parameter outside its range: `<what> <hint>, got <value>` (INVALID_ARGUMENT). */
export function invalidParam(what: string, hint: string, got: unknown): ExecsimError {
  return new ExecsimError("INVALID_ARGUMENT", `${what} ${hint}, got ${String(got)}`);
}

/** A venue method called before reset(series, rng). */
export function venueNotReadyError(): ExecsimError {
  return new ExecsimError(
    "INVALID_CONFIG",
    "venue used before reset(series, rng): reset it on a series first",
  );
}

/** advanceTo asked to go back in time. */
export function venueTimeBackError(nowMs: number, timeMs: number): ExecsimError {
  return new ExecsimError(
    "INVALID_ARGUMENT",
    `venue time must not go back: at ${nowMs} ms, asked to advance to ${timeMs} ms (the engine calls advanceTo with non-decreasing times)`,
  );
}

/** An order quantity that is negative, NaN or infinite. */
export function invalidOrderQtyError(qty: number): ExecsimError {
  return new ExecsimError(
    "INVALID_ARGUMENT",
    `order qty must be a finite number >= 0 base units, got ${qty}`,
  );
}

/** A limit price that is not a finite number > 0. */
export function invalidLimitPriceError(limitPrice: number): ExecsimError {
  return new ExecsimError("INVALID_ARGUMENT", `limit price must be a finite number > 0, got ${limitPrice}`);
}
