/**
 * Bybit kline intervals and their length in milliseconds. Bybit v5 accepts
 * 1,3,5,15,30,60,120,240,360,720 (minutes), D, W and M. "M" has no fixed length; execsim's
 * replay and statistics need a fixed bar length, so monthly bars are rejected here.
 */
import { ExecsimError } from "./errors.js";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const MINUTES = new Set([1, 3, 5, 15, 30, 60, 120, 240, 360, 720]);

export type Interval = "1" | "3" | "5" | "15" | "30" | "60" | "120" | "240" | "360" | "720" | "D" | "W";

export function parseInterval(s: string | number): Interval {
  const t = String(s).trim().toUpperCase();
  if (t === "D" || t === "1D" || t === "1440") return "D";
  if (t === "W" || t === "1W" || t === "10080") return "W";
  const m = /^(\d+)(M|MIN)?$/.exec(t);
  if (m && MINUTES.has(Number(m[1]))) return String(Number(m[1])) as Interval;
  throw new ExecsimError(
    "INVALID_ARGUMENT",
    `interval "${s}" is not a Bybit kline interval; use one of 1,3,5,15,30,60,120,240,360,720 (minutes), D or W`,
  );
}

export function intervalMs(interval: Interval): number {
  if (interval === "D") return DAY_MS;
  if (interval === "W") return 7 * DAY_MS;
  return Number(interval) * MINUTE_MS;
}

/** Parse a duration such as 30s, 15m, 1h, 5d, 2w or a plain number of milliseconds. */
export function parseDurationMs(s: string | number): number {
  if (typeof s === "number") return s;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d|w)?\s*$/i.exec(s);
  if (!m) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `duration "${s}" is not understood; use e.g. 30s, 15m, 1h, 5d, 2w`,
    );
  }
  const v = Number(m[1]);
  const unit = (m[2] ?? "ms").toLowerCase();
  const mult: Record<string, number> = {
    ms: 1,
    s: 1000,
    m: MINUTE_MS,
    min: MINUTE_MS,
    h: HOUR_MS,
    d: DAY_MS,
    w: 7 * DAY_MS,
  };
  return v * (mult[unit] ?? 1);
}

/** Parse a date/time given as ISO-8601 (a bare date means 00:00 UTC) or epoch milliseconds. */
export function parseTimeMs(s: string | number, what = "time"): number {
  if (typeof s === "number") return s;
  const t = s.trim();
  if (/^\d{11,}$/.test(t)) return Number(t);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : t;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(iso);
  const ms = Date.parse(hasZone ? iso : `${iso}Z`);
  if (!Number.isFinite(ms)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${what} "${s}" is not a date; use ISO-8601 (2024-01-31 or 2024-01-31T12:00:00Z) or epoch ms`,
    );
  }
  return ms;
}

export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}
