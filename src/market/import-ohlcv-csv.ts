/**
 * Reading an OHLCV CSV, e.g.
 *
 *   timestamp,open,high,low,close,volume[,turnover][,symbol]
 *   2025-05-30 16:39:00+00:00,104217.5,104402.7,104200.0,104337.8,477.605
 *
 * Where the columns are (a header with common names, a header-less kline file, or `--columns`):
 * see ohlcv-layout.ts. Times are ISO-8601 (no zone = UTC) or epoch s/ms/µs/ns told apart by
 * magnitude (import-fields), and are bar open times. open, high, low, close, volume are required;
 * turnover is optional (absent or an empty field = unknown, stored as NULL/NaN); a symbol column, if
 * present, must hold one symbol. Other columns are ignored and listed in the import notes. Rows must
 * be in ascending time order (checked by candle-validation together with the rest).
 *
 * Bounded memory: the file is streamed line by line (line-reader) straight into typed arrays sized
 * by a first pass that counts the lines, so a 200 MB file needs about 60 bytes per row, and files
 * larger than the longest string V8 can hold import too.
 *
 * `execsim data export` writes exactly this format (ISO times with milliseconds, shortest
 * round-trip decimals, empty turnover when unknown), so an export re-imports bit-for-bit.
 */
import { ExecsimError } from "../core/errors.js";
import { type Candle, type CandleArrays, candleAt } from "../core/market-types.js";
import { canonicalSymbol } from "../core/symbol.js";
import { parseCsvLine } from "./csv.js";
import { parseDecimalAt, parseTimestampAt } from "./import-fields.js";
import { ByteSource } from "./line-reader.js";
import {
  COLUMN_ALIASES,
  headerlessLayout,
  layoutFromHeader,
  layoutFromSpec,
  looksHeaderless,
  type OhlcvLayout,
} from "./ohlcv-layout.js";

export { isOhlcvHeader } from "./ohlcv-layout.js";

/** Header names accepted for the bar open time (ohlcv-layout.ts COLUMN_ALIASES.time). */
export const TIME_COLUMNS: readonly string[] = COLUMN_ALIASES.time;

export interface ParsedOhlcv extends CandleArrays {
  file: string;
  /** 1-based file line of each candle. */
  line: Uint32Array;
  /** The symbol column's value, if the file has one. */
  symbol: string | undefined;
  /** The header's name for the time column (as written), or "time" without a header. */
  timeColumn: string;
  /** Columns that were not used. */
  ignoredColumns: string[];
  /** How the columns were found: from the header, the usual kline order, or --columns. */
  layout: OhlcvLayout["how"];
  /** True when at least one row has a turnover. */
  hasTurnover: boolean;
}

type LineIterator = (fn: (line: string, lineNo: number) => boolean | undefined) => void;

function layoutFor(fields: string[], file: string, line: number, columns: string | undefined): OhlcvLayout {
  if (columns !== undefined) return layoutFromSpec(columns, fields, file);
  const fromHeader = layoutFromHeader(fields);
  if (fromHeader) return fromHeader;
  if (looksHeaderless(fields)) return headerlessLayout(fields.length);
  throw new ExecsimError(
    "PARSE_ERROR",
    `${file} line ${line}: cannot find the columns in "${fields.join(",").slice(0, 160)}"; the header must name a time column (timestamp, time, date, datetime, open_time, ts, ...) and open, high, low, close, volume, or pass --columns (e.g. --columns time=Date,open=Open,high=High,low=Low,close=Close,volume=Volume)`,
    { file, line },
  );
}

/** Parse lines into typed columns of at most `capacity` rows. */
function parseLines(
  each: LineIterator,
  capacity: number,
  file: string,
  columns: string | undefined,
): ParsedOhlcv {
  const cols = {
    openTimeMs: new Float64Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
    turnover: new Float64Array(capacity),
    line: new Uint32Array(capacity),
  };
  let layout: OhlcvLayout | undefined;
  let width = 0;
  let n = 0;
  let symbol: string | undefined;
  let symbolLine = 0;
  let hasTurnover = false;
  each((text, ln) => {
    if (text.trim() === "") return true;
    const f = parseCsvLine(text, file, ln);
    if (layout === undefined) {
      layout = layoutFor(f, file, ln, columns);
      width = f.length;
      if (layout.hasHeader) return true;
    }
    if (f.length !== width) {
      throw new ExecsimError(
        "PARSE_ERROR",
        `${file} line ${ln}: ${f.length} fields, but ${layout.hasHeader ? "the header has" : "the first line has"} ${width}; fix the row`,
        { file, line: ln },
      );
    }
    const c = layout.col;
    if (c.symbol >= 0) {
      const s = canonicalSymbol(f[c.symbol]!);
      if (symbol === undefined) {
        symbol = s;
        symbolLine = ln;
      } else if (s !== symbol) {
        throw new ExecsimError(
          "VALIDATION_ERROR",
          `${file} line ${ln}, field symbol: symbol ${s} differs from ${symbol} on line ${symbolLine}; import one symbol per file`,
          { file, line: ln },
        );
      }
    }
    const turnoverText = c.turnover >= 0 ? f[c.turnover]!.trim() : "";
    cols.openTimeMs[n] = parseTimestampAt(f[c.time]!.trim(), file, ln, layout.timeName);
    cols.open[n] = parseDecimalAt(f[c.open]!, file, ln, "open");
    cols.high[n] = parseDecimalAt(f[c.high]!, file, ln, "high");
    cols.low[n] = parseDecimalAt(f[c.low]!, file, ln, "low");
    cols.close[n] = parseDecimalAt(f[c.close]!, file, ln, "close");
    cols.volume[n] = parseDecimalAt(f[c.volume]!, file, ln, "volume");
    if (turnoverText === "") cols.turnover[n] = Number.NaN;
    else {
      cols.turnover[n] = parseDecimalAt(turnoverText, file, ln, "turnover");
      hasTurnover = true;
    }
    cols.line[n] = ln;
    n++;
    return true;
  });
  if (layout === undefined)
    throw new ExecsimError("PARSE_ERROR", `${file}: the file is empty; expected a header line`, { file });
  if (n === 0) throw new ExecsimError("PARSE_ERROR", `${file}: the file has a header but no rows`, { file });
  const cut = <T extends Float64Array | Uint32Array>(a: T) => a.subarray(0, n) as T;
  const l: OhlcvLayout = layout;
  return {
    file,
    length: n,
    openTimeMs: cut(cols.openTimeMs),
    open: cut(cols.open),
    high: cut(cols.high),
    low: cut(cols.low),
    close: cut(cols.close),
    volume: cut(cols.volume),
    turnover: cut(cols.turnover),
    line: cut(cols.line),
    symbol,
    timeColumn: l.timeName,
    ignoredColumns: l.ignored,
    layout: l.how,
    hasTurnover,
  };
}

/** Stream an OHLCV CSV file (or .csv.gz) into typed columns. `columns`: the --columns spec. */
export function readOhlcvFile(file: string, columns?: string, onBytes?: (n: number) => void): ParsedOhlcv {
  const src = new ByteSource(file, onBytes);
  return parseLines((fn) => src.forEachLine(fn), src.countLines(), file, columns);
}

/** Parse OHLCV CSV text (small inputs, tests): the same parser over an in-memory string. */
export function parseOhlcvText(text: string, file: string, columns?: string): ParsedOhlcv {
  const lines = text.split("\n");
  const each: LineIterator = (fn) => {
    for (let k = 0; k < lines.length; k++) {
      let l = lines[k]!;
      if (k === 0 && l.charCodeAt(0) === 0xfeff) l = l.slice(1);
      if (fn(l.endsWith("\r") ? l.slice(0, -1) : l, k + 1) === false) return;
    }
  };
  return parseLines(each, lines.length, file, columns);
}

/** parseOhlcvText with the rows as Candle objects and lines as numbers (convenient for small files). */
export function parseOhlcvCsv(
  text: string,
  file: string,
): Omit<ParsedOhlcv, "line"> & { candles: Candle[]; line: number[] } {
  const p = parseOhlcvText(text, file);
  const candles: Candle[] = [];
  for (let i = 0; i < p.length; i++) candles.push(candleAt(p, i));
  return { ...p, candles, line: Array.from(p.line) };
}
