/**
 * The argv helpers every command that names a stored series shares: --symbol, --category, --interval,
 * a --from/--to window, and the --qty/--side of one order (estimate, ml predict). Each validates once at the edge and throws INVALID_ARGUMENT with a hint.
 * Symbols are upper-cased (Bybit's are), so `--symbol btcusdt` finds BTCUSDT, and may contain hyphens
 * (Bybit option and dated-future symbols, and the synthetic SYN-BTCUSDT of `data generate`).
 */
import { ExecsimError } from "../core/errors.js";
import { type Interval, parseInterval, parseTimeMs } from "../core/interval.js";
import { CATEGORIES, type Category, type SeriesKey } from "../core/market-types.js";
import { normalizeSymbol } from "../core/symbol.js";

/** --category: spot, linear or inverse (case-insensitive). */
export function categoryArg(v: unknown): Category {
  const c = String(v).trim().toLowerCase();
  if (!CATEGORIES.includes(c as Category)) {
    throw new ExecsimError("INVALID_ARGUMENT", `--category "${v}": use one of ${CATEGORIES.join(", ")}`);
  }
  return c as Category;
}

/** --symbol: one normalisation and validation for every path (src/core/symbol.ts). */
export function symbolArg(v: unknown): string {
  return normalizeSymbol(v, "--symbol");
}

export function intervalArg(v: unknown): Interval {
  return parseInterval(String(v));
}

/** The series named by --symbol/--category/--interval, or undefined without --symbol (built-in data). */
export function seriesKeyArg(argv: {
  symbol?: unknown;
  category: unknown;
  interval: unknown;
}): SeriesKey | undefined {
  if (argv.symbol === undefined) return undefined;
  return {
    symbol: symbolArg(argv.symbol),
    category: categoryArg(argv.category),
    interval: intervalArg(argv.interval),
  };
}

/** --from/--to (ISO-8601 or epoch ms; --to exclusive); unbounded where absent; --to must follow --from. */
export function timeRangeArg(argv: { from?: string; to?: string }): { fromMs: number; toMs: number } {
  const fromMs = argv.from !== undefined ? parseTimeMs(argv.from, "--from") : Number.MIN_SAFE_INTEGER;
  const toMs = argv.to !== undefined ? parseTimeMs(argv.to, "--to") : Number.MAX_SAFE_INTEGER;
  if (!(toMs > fromMs)) throw new ExecsimError("INVALID_ARGUMENT", "--to must be after --from");
  return { fromMs, toMs };
}

/** --qty (> 0, base units) and --side (buy or sell); the signed quantity is negative for a sell. */
export function orderArg(argv: { qty: number; side: unknown }): { side: "buy" | "sell"; signedQty: number } {
  if (!(Number.isFinite(argv.qty) && argv.qty > 0)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--qty must be a size > 0 in base units (use --side sell to sell), got ${argv.qty}`,
    );
  }
  const side = String(argv.side).toLowerCase();
  if (side !== "buy" && side !== "sell")
    throw new ExecsimError("INVALID_ARGUMENT", `--side must be buy or sell, got ${argv.side}`);
  return { side, signedQty: side === "sell" ? -argv.qty : argv.qty };
}
