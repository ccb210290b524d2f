/**
 * Reading Bybit's public trade-history CSV (public.bybit.com/trading/<SYMBOL>/<SYMBOL><date>.csv.gz):
 *
 *   timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional
 *
 * timestamp is epoch seconds with a fraction (1585180700.0647); side is Buy or Sell; size is in
 * contract units and price in quote per base. Columns are found by header name, so extra or
 * reordered columns are fine; timestamp, symbol, side, size and price are required.
 *
 * Checks (first failure is an error naming file, line and field): every field parses; one symbol
 * per file; side is Buy/Sell; size > 0; price > 0; timestamps are monotone over the file. Files
 * written newest first are accepted and reversed; a file that goes both ways is an error (its
 * open/close would be ambiguous). Aggregation into candles is in trades-to-candles.
 */
import { ExecsimError } from "../core/errors.js";
import { readCsvRecords } from "./csv.js";
import { describeRef, parseDecimalAt, parseTimestampAt } from "./import-fields.js";
import type { TradeColumns } from "./trades-to-candles.js";

export const TRADE_REQUIRED_COLUMNS = ["timestamp", "symbol", "side", "size", "price"] as const;

export interface ParsedTrades extends TradeColumns {
  file: string;
  symbol: string;
  timeMs: Float64Array;
  price: Float64Array;
  size: Float64Array;
  /** 1-based file line of each trade (ascending order). */
  line: Int32Array;
}

/** True if a lower-cased header looks like a Bybit trade file. */
export function isTradesHeader(header: readonly string[]): boolean {
  return TRADE_REQUIRED_COLUMNS.every((c) => header.includes(c));
}

/** Parse a trade CSV text into ascending trade columns. */
export function parseTradesCsv(text: string, file: string): ParsedTrades {
  const records = readCsvRecords(text, file);
  const head = records[0];
  if (!head)
    throw new ExecsimError("PARSE_ERROR", `${file}: the file is empty; expected a header line`, { file });
  const header = head.fields.map((h) => h.trim().toLowerCase());
  const col: Record<string, number> = {};
  for (const c of TRADE_REQUIRED_COLUMNS) {
    const k = header.indexOf(c);
    if (k < 0) {
      throw new ExecsimError(
        "PARSE_ERROR",
        `${file} line ${head.line}: no "${c}" column; a Bybit trade file's header is timestamp,symbol,side,size,price,...`,
        { file, line: head.line },
      );
    }
    col[c] = k;
  }
  const [tCol, qCol, pCol] = [col.timestamp!, col.size!, col.price!];
  const n = records.length - 1;
  const timeMs = new Float64Array(n);
  const price = new Float64Array(n);
  const size = new Float64Array(n);
  const line = new Int32Array(n);
  let symbol: string | undefined;
  let symbolLine = 0;
  let direction = 0; // +1 ascending, -1 descending, 0 unknown yet
  for (let i = 0; i < n; i++) {
    const r = records[i + 1]!;
    const ref = (field: string) => ({ file, line: r.line, field });
    if (r.fields.length !== header.length) {
      throw new ExecsimError(
        "PARSE_ERROR",
        `${file} line ${r.line}: ${r.fields.length} fields, but the header has ${header.length}; fix the row`,
        { file, line: r.line },
      );
    }
    const f = (c: string) => r.fields[col[c]!]!;
    const s = f("symbol").trim();
    if (symbol === undefined) {
      symbol = s;
      symbolLine = r.line;
    } else if (s !== symbol) {
      throw new ExecsimError(
        "VALIDATION_ERROR",
        `${describeRef(ref("symbol"))}: symbol ${s} differs from ${symbol} on line ${symbolLine}; import one symbol per file`,
        { file, line: r.line },
      );
    }
    const side = f("side").trim();
    if (side !== "Buy" && side !== "Sell") {
      throw new ExecsimError(
        "VALIDATION_ERROR",
        `${describeRef(ref("side"))}: "${side}" is not Buy or Sell`,
        {
          file,
          line: r.line,
        },
      );
    }
    const t = parseTimestampAt(r.fields[tCol]!, file, r.line, "timestamp");
    const q = parseDecimalAt(r.fields[qCol]!, file, r.line, "size");
    const p = parseDecimalAt(r.fields[pCol]!, file, r.line, "price");
    if (!(q > 0)) {
      throw new ExecsimError("VALIDATION_ERROR", `${describeRef(ref("size"))}: size ${q} must be > 0`, {
        file,
        line: r.line,
      });
    }
    if (!(p > 0)) {
      throw new ExecsimError("VALIDATION_ERROR", `${describeRef(ref("price"))}: price ${p} must be > 0`, {
        file,
        line: r.line,
      });
    }
    if (i > 0) {
      const d = Math.sign(t - timeMs[i - 1]!);
      if (d !== 0) {
        if (direction === 0) direction = d;
        else if (d !== direction) {
          throw new ExecsimError(
            "VALIDATION_ERROR",
            `${describeRef(ref("timestamp"))}: the timestamp goes ${d > 0 ? "forward" : "back"} while earlier rows go ${direction > 0 ? "forward" : "back"}; trades must be sorted by time`,
            { file, line: r.line },
          );
        }
      }
    }
    timeMs[i] = t;
    price[i] = p;
    size[i] = q;
    line[i] = r.line;
  }
  if (symbol === undefined) {
    throw new ExecsimError("PARSE_ERROR", `${file}: the file has a header but no trades`, { file });
  }
  if (direction < 0) {
    // Newest first: reverse (same-timestamp trades are taken to be listed newest first as well).
    timeMs.reverse();
    price.reverse();
    size.reverse();
    line.reverse();
  }
  return { file, symbol, length: n, timeMs, price, size, line };
}
