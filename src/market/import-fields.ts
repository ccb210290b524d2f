/**
 * Strict field parsers shared by every importer: decimal numbers and timestamps, with errors that
 * name the file, the line (or JSON path) and the field.
 *
 * Numbers: plain decimal or scientific notation only ("68960.7", "-1", "1e-8"); empty text, "NaN",
 * "Infinity", hex and trailing garbage are PARSE_ERRORs (JavaScript's Number("") is 0 and
 * Number(" 1 ") is 1, which would hide broken files).
 *
 * Timestamps (all to epoch milliseconds UTC):
 * - ISO-8601 date-time: `2025-05-30T16:39:00Z`, `2025-05-30 16:39:00+00:00`, fractions of a second,
 *   a bare date (midnight UTC); no zone means UTC. Calendar fields are checked (2025-02-30 is an
 *   error; Date.parse would silently roll it to March 2).
 * - Epoch digits, the unit told apart by magnitude: up to 11 integer digits are seconds, optionally
 *   with a fraction (Bybit's trade files: `1585180700.0647`; sub-millisecond digits are truncated,
 *   exact for bucketing into candles); 12-14 digits milliseconds; 15-17 microseconds; 18 or more
 *   nanoseconds (these must be whole milliseconds).
 */
import { ExecsimError } from "../core/errors.js";

/** Where a value came from, for error messages. */
export interface FieldRef {
  file: string;
  /** 1-based line, where known. */
  line?: number;
  /** A JSON path such as result.list[3], where there is no line. */
  path?: string;
  field?: string;
}

export function describeRef(ref: FieldRef): string {
  const parts = [ref.file];
  if (ref.line !== undefined) parts.push(`line ${ref.line}`);
  if (ref.path !== undefined) parts.push(ref.path);
  if (ref.field !== undefined) parts.push(`field ${ref.field}`);
  return parts.join(", ");
}

function parseError(ref: FieldRef, what: string): ExecsimError {
  return new ExecsimError("PARSE_ERROR", `${describeRef(ref)}: ${what}`, { ...ref });
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parse a finite decimal number or throw PARSE_ERROR naming `ref`. */
export function parseDecimal(text: string, ref: FieldRef): number {
  const t = text.trim();
  if (!DECIMAL.test(t)) {
    throw parseError(ref, `"${text}" is not a finite decimal number; fix or remove the row`);
  }
  const v = Number(t);
  if (!Number.isFinite(v)) throw parseError(ref, `"${text}" overflows a double; fix or remove the row`);
  return v;
}

/** parseDecimal without allocating a FieldRef unless the text is bad (hot loops of importers). */
export function parseDecimalAt(text: string, file: string, line: number, field: string): number {
  if (DECIMAL.test(text)) {
    const v = Number(text);
    if (Number.isFinite(v)) return v;
  }
  return parseDecimal(text, { file, line, field });
}

/** Parse a JSON value that should be a number or a numeric string (Bybit sends strings). */
export function parseJsonDecimal(value: unknown, ref: FieldRef): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw parseError(ref, `${value} is not a finite number`);
    return value;
  }
  if (typeof value === "string") return parseDecimal(value, ref);
  throw parseError(ref, `expected a numeric string, got ${JSON.stringify(value)}`);
}

/** The value of `len` decimal digits of `s` at `i`, or -1 if any is not a digit. */
function digitsAt(s: string, i: number, len: number): number {
  let v = 0;
  for (let k = i; k < i + len; k++) {
    const c = s.charCodeAt(k) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parse an ISO-8601 date-time strictly; undefined if `text` is not ISO-shaped or not a real date.
 * Grammar: YYYY-MM-DD[(T|space)HH:MM[:SS[.fraction]]][spaces][Z | ±HH[[:]MM]]. Hand-written (no
 * regex, no Date allocation) because imports parse one per row.
 */
export function parseIsoUtcMs(text: string): number | undefined {
  const t = text.trim();
  const n = t.length;
  if (n < 10 || t[4] !== "-" || t[7] !== "-") return undefined;
  const y = digitsAt(t, 0, 4);
  const mo = digitsAt(t, 5, 2);
  const d = digitsAt(t, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1) return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > DAYS_IN_MONTH[mo - 1]! + (mo === 2 && leap ? 1 : 0)) return undefined; // 2025-02-30 and the like
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  let i = 10;
  if (i < n && (t[i] === "T" || t[i] === " ") && t[i + 3] === ":") {
    h = digitsAt(t, i + 1, 2);
    mi = digitsAt(t, i + 4, 2);
    if (h < 0 || h > 23 || mi < 0 || mi > 59) return undefined;
    i += 6;
    if (t[i] === ":") {
      sec = digitsAt(t, i + 1, 2);
      if (sec < 0 || sec > 59) return undefined;
      i += 3;
      if (t[i] === ".") {
        let k = i + 1;
        let scale = 100;
        while (k < n && t.charCodeAt(k) >= 48 && t.charCodeAt(k) <= 57) {
          ms += (t.charCodeAt(k) - 48) * scale;
          scale /= 10;
          k++;
        }
        if (k === i + 1 || k - i - 1 > 9) return undefined;
        ms = Math.floor(ms + 1e-9);
        i = k;
      }
    }
  }
  while (t[i] === " ") i++;
  let offsetMin = 0;
  if (i < n) {
    const z = t[i];
    if (z === "Z" || z === "z") i++;
    else if (z === "+" || z === "-") {
      const oh = digitsAt(t, i + 1, 2);
      if (oh < 0 || oh > 23) return undefined;
      i += 3;
      let om = 0;
      if (t[i] === ":") i++;
      if (i < n) {
        om = digitsAt(t, i, 2);
        if (om < 0 || om > 59) return undefined;
        i += 2;
      }
      offsetMin = (z === "-" ? -1 : 1) * (oh * 60 + om);
    } else return undefined;
    if (i !== n) return undefined;
  }
  return Date.UTC(y, mo - 1, d) + ((h * 60 + mi - offsetMin) * 60 + sec) * 1000 + ms;
}

/**
 * Parse epoch digits, the unit told apart by magnitude (number of integer digits): up to 11 digits
 * are seconds (optionally with a fraction; 11 digits reach the year 5138), 12-14 milliseconds, 15-17
 * microseconds, 18 or more nanoseconds. Micro- and nanoseconds must be whole milliseconds (bar open
 * times are); sub-millisecond digits give undefined (not a bar time).
 */
export function parseEpochMs(text: string): number | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const int = m[1]!.replace(/^0+(?=\d)/, "");
  if (int.length >= 12) {
    if (m[2] !== undefined && /[1-9]/.test(m[2])) return undefined; // fractional milliseconds
    const drop = int.length >= 18 ? 6 : int.length >= 15 ? 3 : 0;
    if (drop > 0 && /[1-9]/.test(int.slice(-drop))) return undefined;
    const ms = Number(drop > 0 ? int.slice(0, -drop) : int);
    return Number.isSafeInteger(ms) ? ms : undefined;
  }
  const ms = Number(int) * 1000 + (m[2] ? Number(`${m[2]}000`.slice(0, 3)) : 0);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Parse a timestamp field (ISO-8601 or epoch seconds/ms) to epoch ms, or throw PARSE_ERROR. */
export function parseTimestampMs(text: string, ref: FieldRef): number {
  const t = text.trim();
  const v = /^\d/.test(t) && !t.includes("-") ? parseEpochMs(t) : parseIsoUtcMs(t);
  if (v === undefined) {
    throw parseError(
      ref,
      `"${text}" is not a timestamp; use ISO-8601 UTC (2024-06-03T00:00:00Z) or epoch seconds/ms/µs/ns`,
    );
  }
  return v;
}

/** parseTimestampMs without allocating a FieldRef unless the text is bad. */
export function parseTimestampAt(text: string, file: string, line: number, field: string): number {
  const v =
    text.length > 0 && text.charCodeAt(0) >= 48 && text.charCodeAt(0) <= 57 && !text.includes("-")
      ? parseEpochMs(text)
      : parseIsoUtcMs(text);
  return v ?? parseTimestampMs(text, { file, line, field });
}
