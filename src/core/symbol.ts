/**
 * One normalisation and one validation for every symbol, whichever way it arrives (--symbol of any
 * command, a kline response's result.symbol, a CSV's symbol column, a file name): trimmed and
 * upper-cased (Bybit's symbols are upper case, so `btcusdt` finds BTCUSDT), then letters and digits
 * with inner hyphens, 2 to 40 characters (BTCUSDT, BTC-27DEC24, SYN-BTCUSDT).
 */
import { type ErrorCode, ExecsimError } from "./errors.js";

const SYMBOL_RE = /^[A-Z0-9](?:[A-Z0-9-]{0,38})[A-Z0-9]$/;

/** Trim and upper-case, without validating (for comparing a row's symbol with the chosen one). */
export function canonicalSymbol(raw: string): string {
  return raw.trim().toUpperCase();
}

/**
 * The canonical symbol, or `code` (INVALID_ARGUMENT for a flag, VALIDATION_ERROR for data) naming
 * `where` (e.g. "--symbol", "file.csv line 2, field symbol").
 */
export function normalizeSymbol(
  raw: unknown,
  where = "--symbol",
  code: ErrorCode = "INVALID_ARGUMENT",
): string {
  const s = canonicalSymbol(String(raw));
  if (!SYMBOL_RE.test(s)) {
    throw new ExecsimError(
      code,
      `${where} "${String(raw)}": use a Bybit symbol such as BTCUSDT (letters, digits and inner hyphens, 2 to 40 characters)`,
    );
  }
  return s;
}
