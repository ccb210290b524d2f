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
 *
 * Bounded memory: a file (or .csv.gz) is streamed line by line (line-reader) straight into typed
 * arrays sized by a first pass that counts the lines: 28 bytes per trade, and no string ever holds
 * the whole file, so files larger than V8's longest string import too.
 */
import { ExecsimError } from "../core/errors.js";
import { parseCsvLine } from "./csv.js";
import { describeRef, parseDecimalAt, parseTimestampAt } from "./import-fields.js";
import { ByteSource, countTextLines, type LineIterator, textLines } from "./line-reader.js";
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

/** Stream a trade CSV file (or .csv.gz) into ascending trade columns. */
export function readTradesFile(file: string, onBytes?: (n: number) => void): ParsedTrades {
  const src = new ByteSource(file, onBytes);
  return parseTradeLines((fn) => src.forEachLine(fn), src.countLines(), file);
}

/** Parse a trade CSV text into ascending trade columns (small inputs, tests: the same parser). */
export function parseTradesCsv(text: string, file: string): ParsedTrades {
  return parseTradeLines(textLines(text), countTextLines(text), file);
}

/** The trades of `each`'s lines (header first; blank lines skipped), at most `capacity` of them. */
function parseTradeLines(each: LineIterator, capacity: number, file: string): ParsedTrades {
  const timeMs = new Float64Array(capacity);
  const price = new Float64Array(capacity);
  const size = new Float64Array(capacity);
  const line = new Int32Array(capacity);
  let header: string[] | undefined;
  const col: Record<string, number> = {};
  let n = 0;
  let symbol: string | undefined;
  let symbolLine = 0;
  let direction = 0; // +1 ascending, -1 descending, 0 unknown yet
  each((text, ln) => {
    if (text.trim() === "") return true;
    const fields = parseCsvLine(text, file, ln);
    if (header === undefined) {
      header = fields.map((h) => h.trim().toLowerCase());
      for (const c of TRADE_REQUIRED_COLUMNS) {
        const k = header.indexOf(c);
        if (k < 0) {
          throw new ExecsimError(
            "PARSE_ERROR",
            `${file} line ${ln}: no "${c}" column; a Bybit trade file's header is timestamp,symbol,side,size,price,...`,
            { file, line: ln },
          );
        }
        col[c] = k;
      }
      return true;
    }
    const ref = (field: string) => ({ file, line: ln, field });
    if (fields.length !== header.length) {
      throw new ExecsimError(
        "PARSE_ERROR",
        `${file} line ${ln}: ${fields.length} fields, but the header has ${header.length}; fix the row`,
        { file, line: ln },
      );
    }
    const f = (c: string) => fields[col[c]!]!;
    const s = f("symbol").trim();
    if (symbol === undefined) {
      symbol = s;
      symbolLine = ln;
    } else if (s !== symbol) {
      throw new ExecsimError(
        "VALIDATION_ERROR",
        `${describeRef(ref("symbol"))}: symbol ${s} differs from ${symbol} on line ${symbolLine}; import one symbol per file`,
        { file, line: ln },
      );
    }
    const side = f("side").trim();
    if (side !== "Buy" && side !== "Sell") {
      throw new ExecsimError(
        "VALIDATION_ERROR",
        `${describeRef(ref("side"))}: "${side}" is not Buy or Sell`,
        {
          file,
          line: ln,
        },
      );
    }
    const t = parseTimestampAt(f("timestamp"), file, ln, "timestamp");
    const q = parseDecimalAt(f("size"), file, ln, "size");
    const p = parseDecimalAt(f("price"), file, ln, "price");
    if (!(q > 0)) {
      throw new ExecsimError("VALIDATION_ERROR", `${describeRef(ref("size"))}: size ${q} must be > 0`, {
        file,
        line: ln,
      });
    }
    if (!(p > 0)) {
      throw new ExecsimError("VALIDATION_ERROR", `${describeRef(ref("price"))}: price ${p} must be > 0`, {
        file,
        line: ln,
      });
    }
    if (n > 0) {
      const d = Math.sign(t - timeMs[n - 1]!);
      if (d !== 0) {
        if (direction === 0) direction = d;
        else if (d !== direction) {
          throw new ExecsimError(
            "VALIDATION_ERROR",
            `${describeRef(ref("timestamp"))}: the timestamp goes ${d > 0 ? "forward" : "back"} while earlier rows go ${direction > 0 ? "forward" : "back"}; trades must be sorted by time`,
            { file, line: ln },
          );
        }
      }
    }
    timeMs[n] = t;
    price[n] = p;
    size[n] = q;
    line[n] = ln;
    n++;
    return true;
  });
  if (header === undefined)
    throw new ExecsimError("PARSE_ERROR", `${file}: the file is empty; expected a header line`, { file });
  if (symbol === undefined) {
    throw new ExecsimError("PARSE_ERROR", `${file}: the file has a header but no trades`, { file });
  }
  const out = {
    timeMs: timeMs.subarray(0, n),
    price: price.subarray(0, n),
    size: size.subarray(0, n),
    line: line.subarray(0, n),
  };
  if (direction < 0) {
    // Newest first: reverse (same-timestamp trades are taken to be listed newest first as well).
    out.timeMs.reverse();
    out.price.reverse();
    out.size.reverse();
    out.line.reverse();
  }
  return { file, symbol, length: n, ...out };
}
