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
 * - Epoch digits: 12 or more integer digits are milliseconds; fewer are seconds, optionally with a
 *   fraction (Bybit's trade files: `1585180700.0647`). Sub-millisecond digits are truncated, which is
 *   exact for bucketing into candles.
 */
import { ExecsimError } from "../core/errors";

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

/** Parse a JSON value that should be a number or a numeric string (Bybit sends strings). */
export function parseJsonDecimal(value: unknown, ref: FieldRef): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw parseError(ref, `${value} is not a finite number`);
    return value;
  }
  if (typeof value === "string") return parseDecimal(value, ref);
  throw parseError(ref, `expected a numeric string, got ${JSON.stringify(value)}`);
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parse an ISO-8601 date-time strictly; undefined if `text` is not ISO-shaped or not a real date. */
export function parseIsoUtcMs(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const frac = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-9) : 0;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const day = Date.UTC(y, mo - 1, d);
  if (new Date(day).getUTCDate() !== d) return undefined; // 2025-02-30 and the like
  let offsetMin = 0;
  const z = m[8];
  if (z && z !== "Z" && z !== "z") {
    const sign = z[0] === "-" ? -1 : 1;
    const digits = z.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 23 || om > 59) return undefined;
    offsetMin = sign * (oh * 60 + om);
  }
  return day + ((h * 60 + mi - offsetMin) * 60 + s) * 1000 + frac;
}

/** Parse epoch digits (ms if 12+ integer digits, else seconds with optional fraction). */
export function parseEpochMs(text: string): number | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const int = m[1]!;
  if (int.length >= 12) {
    if (m[2] !== undefined && /[1-9]/.test(m[2])) return undefined; // fractional milliseconds
    return Number(int);
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
      `"${text}" is not a timestamp; use ISO-8601 UTC (2024-06-03T00:00:00Z) or epoch milliseconds/seconds`,
    );
  }
  return v;
}
