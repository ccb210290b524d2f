/**
 * Reading a generic OHLCV CSV with a header line, e.g.
 *
 *   timestamp,open,high,low,close,volume[,turnover][,symbol]
 *   2025-05-30 16:39:00+00:00,104217.5,104402.7,104200.0,104337.8,477.605
 *
 * Column names are case-insensitive. The time column is the first of timestamp, time, open_time,
 * open_time_ms, start, starttime; values are ISO-8601 (no zone = UTC) or epoch ms / seconds (see
 * import-fields), and are bar open times. open, high, low, close, volume are required; turnover is
 * optional (absent or an empty field = unknown, stored as NULL/NaN); a symbol column, if present,
 * must hold one symbol. Other columns are ignored and listed in the import notes. Rows must be in
 * ascending time order (checked by candle-validation together with the rest).
 *
 * `execsim data export` writes exactly this format (ISO times with milliseconds, shortest
 * round-trip decimals, empty turnover when unknown), so an export re-imports bit-for-bit.
 */
import { ExecsimError } from "../core/errors.js";
import type { Candle } from "../core/market-types.js";
import { canonicalSymbol } from "../core/symbol.js";
import { readCsvRecords } from "./csv.js";
import { parseDecimalAt, parseTimestampAt } from "./import-fields.js";

export const TIME_COLUMNS = ["timestamp", "time", "open_time", "open_time_ms", "start", "starttime"] as const;
const REQUIRED = ["open", "high", "low", "close", "volume"] as const;

export interface ParsedOhlcv {
  file: string;
  candles: Candle[];
  /** 1-based file line of each candle. */
  line: number[];
  /** The symbol column's value, if the file has one. */
  symbol: string | undefined;
  /** The header's name for the time column (as written). */
  timeColumn: string;
  /** Header columns that were not used. */
  ignoredColumns: string[];
}

/** True if a lower-cased header looks like an OHLCV file. */
export function isOhlcvHeader(header: readonly string[]): boolean {
  return REQUIRED.every((c) => header.includes(c)) && TIME_COLUMNS.some((c) => header.includes(c));
}

export function parseOhlcvCsv(text: string, file: string): ParsedOhlcv {
  const records = readCsvRecords(text, file);
  const head = records[0];
  if (!head)
    throw new ExecsimError("PARSE_ERROR", `${file}: the file is empty; expected a header line`, { file });
  const header = head.fields.map((h) => h.trim().toLowerCase());
  const timeCol = TIME_COLUMNS.map((c) => header.indexOf(c)).find((k) => k >= 0);
  if (timeCol === undefined) {
    throw new ExecsimError(
      "PARSE_ERROR",
      `${file} line ${head.line}: no time column; the header must name one of ${TIME_COLUMNS.join(", ")} (got "${head.fields.join(",")}")`,
      { file, line: head.line },
    );
  }
  const idx: Record<string, number> = {};
  for (const c of REQUIRED) {
    const k = header.indexOf(c);
    if (k < 0) {
      throw new ExecsimError(
        "PARSE_ERROR",
        `${file} line ${head.line}: no "${c}" column; the header needs ${header[timeCol]},open,high,low,close,volume[,turnover]`,
        { file, line: head.line },
      );
    }
    idx[c] = k;
  }
  const [openCol, highCol, lowCol, closeCol, volumeCol] = REQUIRED.map((c) => idx[c]!) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const timeName = header[timeCol]!;
  const turnoverCol = header.indexOf("turnover");
  const symbolCol = header.indexOf("symbol");
  const used = new Set([timeCol, turnoverCol, symbolCol, ...Object.values(idx)]);
  const ignoredColumns = header.filter((_, k) => !used.has(k));
  const candles: Candle[] = [];
  const line: number[] = [];
  let symbol: string | undefined;
  let symbolLine = 0;
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    const f = rec.fields;
    if (f.length !== header.length) {
      throw new ExecsimError(
        "PARSE_ERROR",
        `${file} line ${rec.line}: ${f.length} fields, but the header has ${header.length}; fix the row`,
        { file, line: rec.line },
      );
    }
    const ln = rec.line;
    if (symbolCol >= 0) {
      const s = canonicalSymbol(f[symbolCol]!);
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
    const turnoverText = turnoverCol >= 0 ? f[turnoverCol]!.trim() : "";
    candles.push({
      openTimeMs: parseTimestampAt(f[timeCol]!, file, ln, timeName),
      open: parseDecimalAt(f[openCol]!, file, ln, "open"),
      high: parseDecimalAt(f[highCol]!, file, ln, "high"),
      low: parseDecimalAt(f[lowCol]!, file, ln, "low"),
      close: parseDecimalAt(f[closeCol]!, file, ln, "close"),
      volume: parseDecimalAt(f[volumeCol]!, file, ln, "volume"),
      turnover: turnoverText === "" ? Number.NaN : parseDecimalAt(turnoverText, file, ln, "turnover"),
    });
    line.push(rec.line);
  }
  if (candles.length === 0) {
    throw new ExecsimError("PARSE_ERROR", `${file}: the file has a header but no rows`, { file });
  }
  return { file, candles, line, symbol, timeColumn: head.fields[timeCol]!.trim(), ignoredColumns };
}
