/**
 * Where the fields of an OHLCV CSV are: which column holds the bar open time, open, high, low,
 * close, volume and (optionally) turnover and symbol, and whether the file has a header line.
 *
 * Three ways to find out, in this order:
 * 1. `--columns SPEC` (parseColumnsSpec): either a mapping `time=open_time,open=o,...,volume=v` whose
 *    values are header names (case-insensitive) or 1-based column numbers, or the file's columns in
 *    order, `time,open,high,low,close,volume,skip,turnover` (`skip` or `-` ignores a column).
 * 2. A header line whose names are among the aliases below (the names common tools write: pandas,
 *    ccxt, Binance and Bybit dumps, TradingView exports).
 * 3. No header: the first line's first field is a timestamp and the next five are numbers. The usual
 *    kline column order is assumed: time, open, high, low, close, volume, then for 7 columns
 *    turnover (Bybit's kline list order) and for 12 columns Binance's kline order, whose 8th column
 *    is the quote-asset volume (turnover); other columns are ignored and listed in the notes.
 */
import { ExecsimError } from "../core/errors.js";

export type OhlcvField = "time" | "open" | "high" | "low" | "close" | "volume" | "turnover" | "symbol";
const REQUIRED: readonly OhlcvField[] = ["time", "open", "high", "low", "close", "volume"];
const ALL: readonly OhlcvField[] = [...REQUIRED, "turnover", "symbol"];

/** Header names per field, in order of preference (lower case, spaces and hyphens as underscores). */
export const COLUMN_ALIASES: Readonly<Record<OhlcvField, readonly string[]>> = {
  time: [
    "timestamp",
    "timestamp_ms",
    "timestamp_s",
    "open_time",
    "open_time_ms",
    "opentime",
    "time",
    "ts",
    "datetime",
    "date_time",
    "date",
    "start",
    "starttime",
    "start_time",
    "time_open",
    "candle_begin_time",
    "unix",
    "unix_time",
    "t",
  ],
  open: ["open", "o", "open_price"],
  high: ["high", "h", "high_price"],
  low: ["low", "l", "low_price"],
  close: ["close", "c", "close_price"],
  volume: ["volume", "vol", "v", "base_volume", "volume_base"],
  turnover: ["turnover", "quote_volume", "quote_asset_volume", "volume_quote", "quote_vol", "notional"],
  symbol: ["symbol", "ticker", "pair", "instrument"],
};

export interface OhlcvLayout {
  /** 0-based column of each field; -1 when absent (turnover, symbol only). */
  col: Record<OhlcvField, number>;
  hasHeader: boolean;
  /** What to call the time field in messages (the header's name, else "time"). */
  timeName: string;
  /** Columns not used (header names, or "column N"). */
  ignored: string[];
  /** How the layout was found, for the import notes. */
  how: "header" | "headerless" | "--columns";
}

const norm = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

const EPOCH_OR_ISO = /^(\d{9,19}(\.\d+)?|\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-][\d:]+)?)$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** True when the first line looks like data of the usual kline order (no header). */
export function looksHeaderless(fields: readonly string[]): boolean {
  return (
    fields.length >= 6 &&
    EPOCH_OR_ISO.test(fields[0]!.trim()) &&
    fields.slice(1, 6).every((f) => NUMBER.test(f.trim()))
  );
}

function unused(width: number, col: Record<OhlcvField, number>, name: (k: number) => string): string[] {
  const used = new Set(Object.values(col));
  const out: string[] = [];
  for (let k = 0; k < width; k++) if (!used.has(k)) out.push(name(k));
  return out;
}

/** The layout named by a header line, or undefined when it lacks a time or an OHLCV column. */
export function layoutFromHeader(fields: readonly string[]): OhlcvLayout | undefined {
  const names = fields.map(norm);
  const col = {} as Record<OhlcvField, number>;
  for (const f of ALL) {
    col[f] = -1;
    for (const a of COLUMN_ALIASES[f]) {
      const k = names.indexOf(a);
      if (k >= 0 && !Object.values(col).includes(k)) {
        col[f] = k;
        break;
      }
    }
  }
  if (REQUIRED.some((f) => col[f] < 0)) return undefined;
  return {
    col,
    hasHeader: true,
    timeName: fields[col.time]!.trim(),
    ignored: unused(fields.length, col, (k) => fields[k]!.trim()),
    how: "header",
  };
}

/** The usual kline column order for a header-less file of `width` columns (see the file doc). */
export function headerlessLayout(width: number): OhlcvLayout {
  const turnover = width === 12 ? 7 : width >= 7 ? 6 : -1;
  const col = { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, turnover, symbol: -1 };
  return {
    col,
    hasHeader: false,
    timeName: "time",
    ignored: unused(width, col, (k) => `column ${k + 1}`),
    how: "headerless",
  };
}

/**
 * Apply `--columns SPEC` to a file whose first line is `first`. A header is assumed when the first
 * line's time field is not a timestamp.
 */
export function layoutFromSpec(spec: string, first: readonly string[], file: string): OhlcvLayout {
  const bad = (why: string): never => {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--columns "${spec}": ${why}; give field=column pairs (time=open_time,open=o,high=h,low=l,close=c,volume=v[,turnover=..]; a column is a header name or a 1-based number) or the file's columns in order (time,open,high,low,close,volume[,skip,turnover])`,
    );
  };
  const parts = spec.split(",").map((p) => p.trim());
  if (parts.some((p) => p === "")) bad("an entry is empty");
  const names = first.map(norm);
  const col = Object.fromEntries(ALL.map((f) => [f, -1])) as Record<OhlcvField, number>;
  const set = (field: string, k: number) => {
    const f = norm(field) as OhlcvField;
    if (!ALL.includes(f)) bad(`"${field}" is not one of ${ALL.join(", ")}`);
    if (col[f] >= 0) bad(`${f} is given twice`);
    if (!(k >= 0 && k < first.length)) bad(`${f}: ${file} has ${first.length} columns`);
    col[f] = k;
  };
  if (parts.every((p) => p.includes("="))) {
    for (const p of parts) {
      const [field, ref] = p.split("=", 2).map((x) => x!.trim()) as [string, string];
      const k = /^\d+$/.test(ref) ? Number(ref) - 1 : names.indexOf(norm(ref));
      if (k < 0 && !/^\d+$/.test(ref))
        bad(`${file} has no column "${ref}" (its first line: ${first.join(",")})`);
      set(field, k);
    }
  } else {
    parts.forEach((p, k) => {
      if (p !== "skip" && p !== "-") set(p, k);
    });
  }
  const missing = REQUIRED.filter((f) => col[f] < 0);
  if (missing.length > 0) bad(`no column for ${missing.join(", ")}`);
  const hasHeader = !EPOCH_OR_ISO.test((first[col.time] ?? "").trim());
  return {
    col,
    hasHeader,
    timeName: hasHeader ? first[col.time]!.trim() : "time",
    ignored: unused(first.length, col, (k) => (hasHeader ? first[k]!.trim() : `column ${k + 1}`)),
    how: "--columns",
  };
}

/** True if a header line names a time column and open, high, low, close, volume. */
export function isOhlcvHeader(fields: readonly string[]): boolean {
  return layoutFromHeader(fields) !== undefined;
}
