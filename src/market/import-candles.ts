/**
 * `execsim data import`: read a file or a folder of files, turn it into candles of one series,
 * validate everything, then write it in a single transaction. Formats:
 *
 * - kline-json: saved Bybit v5 /v5/market/kline responses (import-kline-json)
 * - trades-csv: Bybit public trade history, aggregated to --interval (import-trades-csv, trades-to-candles)
 * - ohlcv-csv:  a generic OHLCV CSV with a header (import-ohlcv-csv)
 *
 * `auto` picks by content: a JSON object for kline-json, else by the CSV header. A folder imports
 * every .json/.csv/.csv.gz file in it (not recursive, name order); all must have one format and
 * one symbol. `.gz` files are gunzipped as they are read.
 *
 * Bounded memory: CSV files (OHLCV and trades, plain or .gz) stream line by line into typed arrays
 * (line-reader); a kline JSON file is one API response (at most 1,000 bars), read and parsed one
 * file at a time, its text dropped before the next; a JSON file too long to be held as one string
 * is refused with a clear error (convert it to CSV).
 *
 * The series key: symbol from --symbol, else from the data (result.symbol, the symbol column), else
 * from a file name such as BTCUSDT_linear_1m_....csv; category from --category, else the response,
 * else the file name, else linear; interval from --interval, else the file name, else the smallest
 * spacing between consecutive timestamps, which must be a Bybit interval (the summary says which
 * source was used). Trades need --interval (or a file-name interval): there is no spacing to infer.
 *
 * All-or-nothing: nothing is written unless every row of every file parsed and validated; the
 * write is one transaction. Re-importing the same data changes nothing (rows count as unchanged).
 * Gaps in the imported range are reported in the summary, never filled.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { ExecsimError } from "../core/errors.js";
import { type Interval, intervalMs, parseInterval } from "../core/interval.js";
import {
  CANDLE_COLUMNS,
  CATEGORIES,
  type CandleArrays,
  type CandleSeries,
  type Category,
  type SeriesKey,
} from "../core/market-types.js";
import { canonicalSymbol, normalizeSymbol } from "../core/symbol.js";
import { type WriteCounts, writeCandles } from "../store/candle-store.js";
import type { ExecsimDatabase } from "../store/database.js";
import { checkRunCandles, runsOverlapping } from "../store/run-candles-check.js";
import { parseKlineResponseText } from "./bybit-kline-parse.js";
import { candleColumns, validateCandles } from "./candle-validation.js";
import { readCsvRecords } from "./csv.js";
import { mergeKlineResponses } from "./import-kline-json.js";
import { isOhlcvHeader, type ParsedOhlcv, readOhlcvFile } from "./import-ohlcv-csv.js";
import { isTradesHeader, type ParsedTrades, readTradesFile } from "./import-trades-csv.js";
import { setInstrumentSpec } from "./instrument-specs.js";
import { ByteSource } from "./line-reader.js";
import { looksHeaderless } from "./ohlcv-layout.js";
import { findGaps, type GapReport } from "./series-catalog.js";
import { tradesToCandles } from "./trades-to-candles.js";

/** The largest kline JSON file read (it is parsed as one document; CSVs stream and have no limit). */
export const MAX_JSON_BYTES = 256 * 2 ** 20;

export type ImportFormat = "kline-json" | "trades-csv" | "ohlcv-csv";
export const IMPORT_FORMATS: readonly ImportFormat[] = ["kline-json", "trades-csv", "ohlcv-csv"];

export interface ImportOptions {
  format?: ImportFormat | "auto";
  symbol?: string;
  category?: Category;
  interval?: Interval;
  /** Drop a kline response's still-open candle (default true). */
  dropOpenCandle?: boolean;
  /** Where the OHLCV CSV columns are (see ohlcv-layout.ts); implies the ohlcv-csv format. */
  columns?: string;
  /** Called as input is read: bytes done of the total (a progress bar). */
  onProgress?: (done: number, total: number) => void;
  /** The instrument's price tick / quantity step to store (instrument-specs.ts). */
  tickSize?: number;
  lotSize?: number;
}

/** Candle columns as Float64Arrays (what the store writes without a copy). */
export type ImportColumns = CandleArrays;

export type KeySource = "flag" | "data" | "file name" | "spacing" | "default";

export interface ImportSummary extends SeriesKey, WriteCounts {
  files: string[];
  format: ImportFormat;
  symbolSource: KeySource;
  categorySource: KeySource;
  intervalSource: KeySource;
  /** Candles written (inserted + updated + unchanged). */
  rows: number;
  firstOpenTimeMs: number;
  lastOpenTimeMs: number;
  gaps: GapReport;
  /** Trades aggregated (trades-csv only). */
  trades?: number;
  droppedOpenCandles?: number;
  /**
   * Stored runs whose candles no longer hash to what they used because this import replaced bars of
   * their range with different values (empty when nothing was updated).
   */
  affectedRuns: number[];
  notes: string[];
}

/** Key parts encoded in a file name like BTCUSDT_linear_1m_2025-05-30_2025-06-29.csv. */
export interface FileNameKey {
  symbol?: string;
  category?: Category;
  interval?: Interval;
}

export function keyFromFileName(file: string): FileNameKey {
  const base = path.basename(file).replace(/\.(csv|json)(\.gz)?$/i, "");
  const parts = base.split("_");
  const out: FileNameKey = {};
  const sym = parts[0] ?? "";
  const cat = (parts[1] ?? "").toLowerCase() as Category;
  // Bybit symbols are upper-case letters and digits; dated futures, options and SYN-... have inner hyphens
  if (!/^[A-Z0-9][A-Z0-9-]{1,28}[A-Z0-9]$/.test(sym) || !CATEGORIES.includes(cat)) return out;
  out.symbol = sym;
  out.category = cat;
  const iv = intervalFromToken(parts[2] ?? "");
  if (iv) out.interval = iv;
  return out;
}

/** "1m" -> "1", "4h" -> "240", "1d" -> "D", "1w" -> "W", "5" -> "5"; undefined if not an interval. */
export function intervalFromToken(token: string): Interval | undefined {
  const m = /^(\d+)(m|min|h|d|w)?$/i.exec(token);
  if (!m) return /^[DW]$/.test(token) ? (token as Interval) : undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? "m").toLowerCase();
  const minutes = unit === "h" ? n * 60 : unit === "d" ? n * 1440 : unit === "w" ? n * 10080 : n;
  try {
    return parseInterval(minutes);
  } catch {
    return undefined;
  }
}

/** The smallest positive spacing across sequences of ascending times, as a Bybit interval. */
export function inferIntervalFromSpacing(series: readonly ArrayLike<number>[], what: string): Interval {
  let min = Number.POSITIVE_INFINITY;
  for (const s of series) {
    for (let i = 1; i < s.length; i++) {
      const d = s[i]! - s[i - 1]!;
      if (d > 0 && d < min) min = d;
    }
  }
  if (!Number.isFinite(min)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${what}: cannot infer the interval from fewer than two rows; pass --interval`,
    );
  }
  for (const iv of ["1", "3", "5", "15", "30", "60", "120", "240", "360", "720", "D", "W"] as const) {
    if (intervalMs(iv) === min) return iv;
  }
  throw new ExecsimError(
    "INVALID_ARGUMENT",
    `${what}: the smallest spacing between timestamps is ${min} ms, which is not a Bybit interval; pass --interval`,
  );
}

/** An input file: its path, and (kline JSON only) its whole text, read anew on each call. CSVs stream. */
class InputFile {
  readonly source: ByteSource;

  constructor(readonly path: string) {
    this.source = new ByteSource(path);
  }

  /** The file as one string (not kept: the caller parses it and lets it go); at most MAX_JSON_BYTES. */
  readText(onBytes?: (n: number) => void): string {
    const d = new StringDecoder("utf8");
    const parts: string[] = [];
    let bytes = 0;
    for (const c of this.source.chunks(Number.POSITIVE_INFINITY, onBytes)) {
      bytes += c.length;
      if (bytes > MAX_JSON_BYTES) {
        throw new ExecsimError(
          "INVALID_ARGUMENT",
          `${this.path}: more than ${MAX_JSON_BYTES / 2 ** 20} MB of JSON; a Bybit kline response holds at most 1,000 bars (about 100 KB): import the responses as separate files in a folder, or convert the data to a CSV (CSVs stream, any size)`,
          { file: this.path },
        );
      }
      parts.push(d.write(c));
    }
    parts.push(d.end());
    return parts.join("").replace(/^\uFEFF/, "");
  }
}

/** Calls onProgress(done, total) with the bytes read so far across `files` (undefined without one). */
function bytesProgress(files: readonly InputFile[], opts: ImportOptions): ((n: number) => void) | undefined {
  if (!opts.onProgress) return undefined;
  const total = files.reduce((n, f) => n + statSync(f.path).size, 0);
  let done = 0;
  return (n: number) => {
    done += n;
    opts.onProgress?.(done, total);
  };
}

function readInputs(input: string): InputFile[] {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(input);
  } catch {
    throw new ExecsimError("NOT_FOUND", `${input}: no such file or folder; check the path`);
  }
  const files = st.isDirectory()
    ? readdirSync(input)
        .filter((f) => /\.(json|csv)(\.gz)?$/i.test(f))
        .sort()
        .map((f) => path.join(input, f))
    : [input];
  if (files.length === 0) {
    throw new ExecsimError("NOT_FOUND", `${input}: the folder has no .json, .csv or .csv.gz files to import`);
  }
  return files.map((f) => new InputFile(f));
}

export function detectFormat(text: string, file: string): ImportFormat {
  const t = text.replace(/^\uFEFF/, "").trimStart();
  if (t.startsWith("{") || t.startsWith("[")) return "kline-json";
  const firstLine = t.slice(0, Math.max(0, t.indexOf("\n")) || t.length);
  const rec = readCsvRecords(firstLine, file)[0];
  const header = (rec?.fields ?? []).map((h) => h.trim().toLowerCase());
  if (isTradesHeader(header)) return "trades-csv";
  if (isOhlcvHeader(header) || looksHeaderless(rec?.fields ?? [])) return "ohlcv-csv";
  throw new ExecsimError(
    "PARSE_ERROR",
    `${file} line 1: cannot tell the format from the header "${firstLine.trim().slice(0, 120)}"; expected a Bybit kline JSON response, a trade CSV (timestamp,symbol,side,size,price,...) or an OHLCV CSV (timestamp,open,high,low,close,volume[,turnover], with or without the header); or pass --format, or --columns to say where the OHLCV columns are`,
    { file },
  );
}

/**
 * A wrong --interval that divides the true one (1 for 5-minute data) passes the alignment check and
 * would store every bar as if followed by a gap. When three or more candles hold no two consecutive
 * bars, say so in the summary: the interval is probably wrong. Not an error, because sparse series
 * (candles built from trades of an illiquid market) are legitimate and must round-trip.
 */
/**
 * A file whose rows are never one bar apart contradicts its interval (a 5-minute file imported with
 * --interval 1 would be stored as 1-minute bars with a gap after every bar): INVALID_ARGUMENT naming
 * the spacing and the interval it matches.
 */
function requireConsecutiveBars(c: CandleArrays, interval: Interval, source: KeySource, input: string): void {
  if (c.length < 3) return;
  const step = intervalMs(interval);
  let min = Number.POSITIVE_INFINITY;
  for (let i = 1; i < c.length; i++) min = Math.min(min, c.openTimeMs[i]! - c.openTimeMs[i - 1]!);
  if (!(min > step)) return;
  let suggestion = "";
  try {
    suggestion = ` (--interval ${inferIntervalFromSpacing([c.openTimeMs], input)} matches it)`;
  } catch {
    // the spacing is not a Bybit interval
  }
  const from =
    source === "flag" ? "--interval" : source === "file name" ? "the file name's interval" : "the interval";
  throw new ExecsimError(
    "INVALID_ARGUMENT",
    `${input}: the rows are at least ${min / 60_000} minutes apart, so no two are consecutive bars of ${from} ${interval}; give the interval the file was written at${suggestion}`,
  );
}

function requireSymbol(symbol: string | undefined, input: string): string {
  if (!symbol) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${input}: the data does not name its symbol; pass --symbol (e.g. --symbol BTCUSDT)`,
    );
  }
  return normalizeSymbol(symbol, `${input}: symbol`, "VALIDATION_ERROR");
}

/** A symbol named by the data, normalised and validated like --symbol (VALIDATION_ERROR at `where`). */
function dataSymbol(raw: string | undefined, where: string): string | undefined {
  return raw === undefined || raw.trim() === "" ? undefined : normalizeSymbol(raw, where, "VALIDATION_ERROR");
}

/** Candles of one series ready for validation. */
interface Batch {
  candles: ImportColumns;
  locate: (i: number, field?: string) => string;
  /** The source's name for the open-time field, for error messages. */
  timeField?: string;
  symbolOf?: (i: number) => string;
  key: SeriesKey;
  symbolSource: KeySource;
  categorySource: KeySource;
  intervalSource: KeySource;
  source: string;
  extra: { trades?: number; droppedOpenCandles?: number };
  notes: string[];
}

/** Parsed and validated candles of one series, ready to be written (nothing touched the store). */
export interface PreparedImport extends SeriesKey {
  files: string[];
  format: ImportFormat;
  candles: ImportColumns;
  /** Stored in candles.source: bybit-json, bybit-trades-csv or ohlcv-csv. */
  source: string;
  symbolSource: KeySource;
  categorySource: KeySource;
  intervalSource: KeySource;
  trades?: number;
  droppedOpenCandles?: number;
  notes: string[];
  tickSize?: number;
  lotSize?: number;
}

/** Read, parse and validate a file or folder (see the file doc); throws before anything is written. */
export function prepareImport(input: string, opts: ImportOptions = {}): PreparedImport {
  const files = readInputs(input);
  const formats = files.map((f) =>
    opts.format && opts.format !== "auto"
      ? opts.format
      : opts.columns !== undefined
        ? "ohlcv-csv"
        : detectFormat(f.source.head(), f.path),
  );
  if (opts.columns !== undefined && formats[0] !== "ohlcv-csv") {
    throw new ExecsimError("INVALID_ARGUMENT", `--columns applies to OHLCV CSV files, not ${formats[0]}`);
  }
  const format = formats[0]!;
  const odd = formats.findIndex((f) => f !== format);
  if (odd >= 0) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${files[odd]!.path} is ${formats[odd]} but ${files[0]!.path} is ${format}; a folder must hold one format`,
    );
  }
  const fromName = files.map((f) => keyFromFileName(f.path)).find((k) => k.symbol) ?? {};
  const batch =
    format === "kline-json"
      ? klineBatch(files, opts, fromName, input)
      : format === "trades-csv"
        ? tradesBatch(files, opts, fromName, input)
        : ohlcvBatch(files, opts, fromName, input);
  validateCandles(batch.candles, {
    interval: batch.key.interval,
    locate: batch.locate,
    ...(batch.timeField ? { timeField: batch.timeField } : {}),
    ...(batch.symbolOf ? { symbolOf: batch.symbolOf } : {}),
    ...(opts.symbol ? { expectedSymbol: opts.symbol } : {}),
  });
  if (format !== "trades-csv")
    requireConsecutiveBars(batch.candles, batch.key.interval, batch.intervalSource, input);
  if (batch.candles.length === 0) {
    throw new ExecsimError(
      "VALIDATION_ERROR",
      `${input}: no candles to import${batch.extra.droppedOpenCandles ? " (the only candle was still open; pass --no-drop-open-candle to keep it)" : ""}`,
    );
  }
  return {
    ...batch.key,
    files: files.map((f) => f.path),
    format,
    candles: batch.candles,
    source: batch.source,
    symbolSource: batch.symbolSource,
    categorySource: batch.categorySource,
    intervalSource: batch.intervalSource,
    ...batch.extra,
    notes: batch.notes,
    ...(opts.tickSize !== undefined ? { tickSize: opts.tickSize } : {}),
    ...(opts.lotSize !== undefined ? { lotSize: opts.lotSize } : {}),
  };
}

/**
 * Write a prepared import in one transaction and summarise it. `onProgress(done, total)`: rows
 * written so far (writeCandles).
 */
export function writePreparedImport(
  store: ExecsimDatabase,
  p: PreparedImport,
  onProgress?: (done: number, total: number) => void,
): ImportSummary {
  const { candles, source, ...rest } = p;
  const key: SeriesKey = { symbol: p.symbol, category: p.category, interval: p.interval };
  const series: CandleSeries = { ...key, intervalMs: intervalMs(p.interval), ...candles };
  const counts = writeCandles(store, key, series, source, {}, onProgress);
  if (p.tickSize !== undefined || p.lotSize !== undefined) {
    setInstrumentSpec(store, key, {
      ...(p.tickSize !== undefined ? { tickSize: p.tickSize } : {}),
      ...(p.lotSize !== undefined ? { lotSize: p.lotSize } : {}),
    });
  }
  const times = candles.openTimeMs;
  const notes = [...rest.notes];
  let affectedRuns: number[] = [];
  if (counts.updated > 0) {
    affectedRuns = runsOverlapping(store, key, times[0]!, times[times.length - 1]!).filter((id) => {
      const run = store.sqlite
        .prepare(
          "SELECT from_ms AS fromMs, to_ms AS toMs, candles_hash AS candlesHash FROM runs WHERE id = ?",
        )
        .get(id) as { fromMs: number; toMs: number; candlesHash: string };
      return !checkRunCandles(store, { ...key, ...run }).matches;
    });
    notes.push(
      `${counts.updated} bar${counts.updated === 1 ? "" : "s"} already stored had different values and ${counts.updated === 1 ? "was" : "were"} replaced` +
        (affectedRuns.length > 0
          ? `; ${affectedRuns.length} stored run${affectedRuns.length === 1 ? "" : "s"} used the old values and can no longer be reproduced exactly (run ${affectedRuns.slice(0, 10).join(", ")}${affectedRuns.length > 10 ? ` and ${affectedRuns.length - 10} more` : ""}; \`execsim runs show ID\` says so)`
          : ""),
    );
  }
  return {
    ...rest,
    notes,
    affectedRuns,
    ...counts,
    rows: candles.length,
    firstOpenTimeMs: times[0]!,
    lastOpenTimeMs: times[times.length - 1]!,
    gaps: findGaps(times, intervalMs(p.interval)),
  };
}

/** Import a file or folder into the store: prepareImport, then writePreparedImport. */
export function importMarketData(
  store: ExecsimDatabase,
  input: string,
  opts: ImportOptions = {},
): ImportSummary {
  return writePreparedImport(store, prepareImport(input, opts));
}

function pickCategory(
  opts: ImportOptions,
  fromData: string | undefined,
  fromName: FileNameKey,
  input: string,
): { category: Category; source: KeySource } {
  if (fromData !== undefined && !CATEGORIES.includes(fromData as Category)) {
    throw new ExecsimError(
      "VALIDATION_ERROR",
      `${input}: category "${fromData}" is not spot, linear or inverse`,
    );
  }
  if (opts.category) {
    if (fromData !== undefined && fromData !== opts.category) {
      throw new ExecsimError(
        "VALIDATION_ERROR",
        `${input}: the data is category ${fromData} but --category is ${opts.category}; drop --category or fix it`,
      );
    }
    return { category: opts.category, source: "flag" };
  }
  if (fromData !== undefined) return { category: fromData as Category, source: "data" };
  if (fromName.category) return { category: fromName.category, source: "file name" };
  return { category: "linear", source: "default" };
}

/** The interval of a batch: --interval, else the file name, else inferred from the bars' spacing. */
function pickInterval(
  opts: ImportOptions,
  fromName: FileNameKey,
  spacing: readonly ArrayLike<number>[],
  input: string,
): { interval: Interval; intervalSource: KeySource } {
  if (opts.interval) return { interval: opts.interval, intervalSource: "flag" };
  if (fromName.interval) return { interval: fromName.interval, intervalSource: "file name" };
  return { interval: inferIntervalFromSpacing(spacing, input), intervalSource: "spacing" };
}

function klineBatch(files: InputFile[], opts: ImportOptions, fromName: FileNameKey, input: string): Batch {
  const onBytes = bytesProgress(files, opts);
  const responses = files.map((f) => parseKlineResponseText(f.readText(onBytes), f.path, { origin: "file" }));
  const { interval, intervalSource } = pickInterval(
    opts,
    fromName,
    responses.map((r) => r.candles.map((c) => c.openTimeMs)),
    input,
  );
  const merged = mergeKlineResponses(responses, interval, opts.dropOpenCandle ?? true);
  const symbolFromData = dataSymbol(merged.symbol, `${input}: result.symbol`);
  if (opts.symbol && symbolFromData && opts.symbol !== symbolFromData) {
    throw new ExecsimError(
      "VALIDATION_ERROR",
      `${input}: the response is for ${symbolFromData} but --symbol is ${opts.symbol}; drop --symbol or fix it`,
    );
  }
  const symbol = requireSymbol(opts.symbol ?? symbolFromData ?? fromName.symbol, input);
  const cat = pickCategory(opts, merged.category, fromName, input);
  const notes: string[] = [];
  if (merged.overlappingBars > 0) {
    notes.push(
      `${merged.overlappingBars} bar(s) appeared in more than one response; the latest response was kept`,
    );
  }
  return {
    candles: candleColumns(merged.candles),
    locate: merged.locate,
    timeField: "startTime",
    symbolOf: (i) => canonicalSymbol(merged.symbolOf(i)) || symbol,
    key: { symbol, category: cat.category, interval },
    symbolSource: opts.symbol ? "flag" : symbolFromData ? "data" : "file name",
    categorySource: cat.source,
    intervalSource,
    source: "bybit-json",
    extra: { droppedOpenCandles: merged.droppedOpenCandles },
    notes,
  };
}

function tradesBatch(files: InputFile[], opts: ImportOptions, fromName: FileNameKey, input: string): Batch {
  const interval = opts.interval ?? fromName.interval;
  if (!interval) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${input}: trades are aggregated into candles of --interval; pass it (e.g. --interval 1 for 1-minute bars)`,
    );
  }
  const onBytes = bytesProgress(files, opts);
  const parsed = files
    .map((f) => readTradesFile(f.path, onBytes))
    .sort((a, b) => a.timeMs[0]! - b.timeMs[0]!);
  // One symbol across files; files must not overlap in time.
  for (let k = 1; k < parsed.length; k++) {
    const a = parsed[k - 1]!;
    const b = parsed[k]!;
    if (canonicalSymbol(b.symbol) !== canonicalSymbol(a.symbol)) {
      throw new ExecsimError(
        "VALIDATION_ERROR",
        `${b.file} line ${b.line[0]}, field symbol: symbol ${b.symbol} differs from ${a.symbol} in ${a.file}; import one symbol at a time`,
      );
    }
    if (b.timeMs[0]! < a.timeMs[a.length - 1]!) {
      throw new ExecsimError(
        "VALIDATION_ERROR",
        `${b.file} line ${b.line[0]}, field timestamp: the file starts before ${a.file} ends; the files overlap in time`,
      );
    }
  }
  const symbol = normalizeSymbol(
    parsed[0]!.symbol,
    `${parsed[0]!.file} line ${parsed[0]!.line[0]}, field symbol`,
    "VALIDATION_ERROR",
  );
  if (opts.symbol && opts.symbol !== symbol) {
    throw new ExecsimError(
      "VALIDATION_ERROR",
      `${parsed[0]!.file} line ${parsed[0]!.line[0]}, field symbol: the trades are ${symbol} but --symbol is ${opts.symbol}`,
    );
  }
  const all = concatTrades(parsed);
  const cat = pickCategory(opts, undefined, fromName, input);
  const agg = tradesToCandles(all, interval, cat.category);
  // Index of the file holding trade t (offsets ascend).
  const fileOf = (t: number) => {
    let k = parsed.length - 1;
    while (k > 0 && all.offsets[k]! > t) k--;
    return k;
  };
  return {
    candles: candleColumns(agg.candles),
    locate: (i) => {
      const t = agg.firstTrade[i]!;
      const k = fileOf(t);
      const f = parsed[k]!;
      return `${f.file} line ${f.line[t - all.offsets[k]!]} (first trade of the bar)`;
    },
    key: { symbol, category: cat.category, interval },
    symbolSource: "data",
    categorySource: cat.source,
    intervalSource: opts.interval ? "flag" : "file name",
    source: "bybit-trades-csv",
    extra: { trades: all.length },
    notes: cat.source === "default" ? ["category not given; assumed linear (turnover = Σ price·size)"] : [],
  };
}

/** The trades of several files end to end (one file: its own arrays, no copy). */
function concatTrades(parsed: ParsedTrades[]) {
  if (parsed.length === 1) {
    const p = parsed[0]!;
    return { length: p.length, timeMs: p.timeMs, price: p.price, size: p.size, offsets: [0] };
  }
  const n = parsed.reduce((s, p) => s + p.length, 0);
  const timeMs = new Float64Array(n);
  const price = new Float64Array(n);
  const size = new Float64Array(n);
  const offsets: number[] = [];
  let o = 0;
  for (const p of parsed) {
    offsets.push(o);
    timeMs.set(p.timeMs, o);
    price.set(p.price, o);
    size.set(p.size, o);
    o += p.length;
  }
  return { length: n, timeMs, price, size, offsets };
}

function ohlcvBatch(files: InputFile[], opts: ImportOptions, fromName: FileNameKey, input: string): Batch {
  const onBytes = bytesProgress(files, opts);
  const parsed: ParsedOhlcv[] = files
    .map((f) => readOhlcvFile(f.path, opts.columns, onBytes))
    .sort((a, b) => a.openTimeMs[0]! - b.openTimeMs[0]!);
  const symbols = parsed.map((p) => dataSymbol(p.symbol, `${p.file}: symbol column`));
  const symbolFromData = symbols.find((s) => s !== undefined);
  if (opts.symbol && symbolFromData && opts.symbol !== symbolFromData) {
    throw new ExecsimError(
      "VALIDATION_ERROR",
      `${input}: the symbol column says ${symbolFromData} but --symbol is ${opts.symbol}; drop --symbol or fix it`,
    );
  }
  const symbol = requireSymbol(opts.symbol ?? symbolFromData ?? fromName.symbol, input);
  const { interval, intervalSource } = pickInterval(
    opts,
    fromName,
    parsed.map((p) => p.openTimeMs),
    input,
  );
  const { candles, offsets } = concatColumns(parsed);
  // Index of the file holding row i (offsets ascend).
  const fileOf = (i: number) => {
    let k = parsed.length - 1;
    while (k > 0 && offsets[k]! > i) k--;
    return k;
  };
  const cat = pickCategory(opts, undefined, fromName, input);
  const ignored = [...new Set(parsed.flatMap((p) => p.ignoredColumns))];
  const notes = ignored.length ? [`ignored columns: ${ignored.join(", ")}`] : [];
  if (parsed.some((p) => p.layout === "headerless")) {
    notes.push(
      "no header: columns read in the usual kline order time,open,high,low,close,volume[,turnover] (pass --columns to say otherwise)",
    );
  }
  if (!parsed.some((p) => p.hasTurnover)) notes.push("no turnover column: turnover stored as unknown (NULL)");
  return {
    candles,
    locate: (i) => {
      const k = fileOf(i);
      return `${parsed[k]!.file} line ${parsed[k]!.line[i - offsets[k]!]}`;
    },
    timeField: parsed[0]!.timeColumn,
    ...(symbolFromData
      ? { symbolOf: (i: number) => canonicalSymbol(parsed[fileOf(i)]!.symbol ?? symbol) }
      : {}),
    key: { symbol, category: cat.category, interval },
    symbolSource: opts.symbol ? "flag" : symbolFromData ? "data" : "file name",
    categorySource: cat.source,
    intervalSource,
    source: "ohlcv-csv",
    extra: {},
    notes,
  };
}

/** The columns of several parsed files end to end (one file: its own arrays, no copy). */
function concatColumns(parsed: readonly ParsedOhlcv[]): { candles: ImportColumns; offsets: number[] } {
  const fields = CANDLE_COLUMNS;
  if (parsed.length === 1) {
    const p = parsed[0]!;
    const one = Object.fromEntries(fields.map((f) => [f, p[f]])) as unknown as ImportColumns;
    return { candles: { ...one, length: p.length }, offsets: [0] };
  }
  const n = parsed.reduce((s, p) => s + p.length, 0);
  const out = Object.fromEntries(fields.map((f) => [f, new Float64Array(n)])) as unknown as Record<
    (typeof fields)[number],
    Float64Array
  >;
  const offsets: number[] = [];
  let o = 0;
  for (const p of parsed) {
    offsets.push(o);
    for (const f of fields) out[f].set(p[f], o);
    o += p.length;
  }
  return { candles: { ...out, length: n }, offsets };
}
