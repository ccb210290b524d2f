/**
 * A small, strict CSV reader for market-data files (RFC 4180 subset, one record per line).
 *
 * - Fields are separated by commas; a field may be wrapped in double quotes, inside which a doubled
 *   quote ("") stands for one quote and commas are literal. Quoted fields may not span lines (no
 *   market-data file we read needs that, and refusing it keeps line numbers in errors exact).
 * - A UTF-8 byte-order mark at the start and CR before LF are ignored; blank lines are skipped.
 * - Anything else that is not well-formed (a quote in the middle of an unquoted field, text after a
 *   closing quote, an unterminated quote) is a PARSE_ERROR naming the file and 1-based line.
 *
 * Why not a library: the formats are simple and fixed, and errors must carry file and line, which
 * this ~80-line reader does with no dependency.
 */
import { ExecsimError } from "../core/errors.js";

export interface CsvRecord {
  /** 1-based line number in the file. */
  line: number;
  fields: string[];
}

/** Split one CSV line into fields. `file` and `line` only label errors. */
export function parseCsvLine(text: string, file: string, line: number): string[] {
  if (!text.includes('"')) return text.split(",");
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          throw new ExecsimError(
            "PARSE_ERROR",
            `${file} line ${line}: unterminated quoted field (field ${out.length + 1}); close the quote on the same line`,
            { file, line },
          );
        }
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      out.push(value);
      if (i === n) return out;
      if (text[i] !== ",") {
        throw new ExecsimError(
          "PARSE_ERROR",
          `${file} line ${line}: unexpected text after the closing quote of field ${out.length}; a quoted field must be followed by a comma or the end of the line`,
          { file, line },
        );
      }
      i++;
    } else {
      const c = text.indexOf(",", i);
      const end = c < 0 ? n : c;
      const value = text.slice(i, end);
      if (value.includes('"')) {
        throw new ExecsimError(
          "PARSE_ERROR",
          `${file} line ${line}: stray double quote in field ${out.length + 1} ("${value}"); quote the whole field and double any quote inside it`,
          { file, line },
        );
      }
      out.push(value);
      if (c < 0) return out;
      i = c + 1;
    }
  }
}

/** All non-blank records of a CSV text, with their 1-based line numbers. */
export function readCsvRecords(text: string, file: string): CsvRecord[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split("\n");
  const out: CsvRecord[] = [];
  for (let k = 0; k < lines.length; k++) {
    let l = lines[k]!;
    if (l.endsWith("\r")) l = l.slice(0, -1);
    if (l.trim() === "") continue;
    out.push({ line: k + 1, fields: parseCsvLine(l, file, k + 1) });
  }
  return out;
}

/** Quote a field for output when it needs it (comma, quote or line break). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
