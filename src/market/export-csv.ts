/**
 * Writing a stored series as CSV in the format `data import` reads back identically:
 *
 *   timestamp,open,high,low,close,volume,turnover
 *   2024-06-03T15:30:00.000Z,68960.7,68960.7,68925.7,68925.8,48.589,3349852.1896
 *
 * timestamp is the bar's open time in ISO-8601 UTC with milliseconds; numbers use JavaScript's
 * shortest round-trip decimal form (String(x)), so parsing them gives back the same doubles;
 * unknown turnover (NULL/NaN) is an empty field. Files are written to a temporary name beside the
 * target and renamed into place, so a failed export never leaves a half-written file.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ExecsimError } from "../core/errors.js";
import type { CandleSeries } from "../core/market-types.js";

export const EXPORT_HEADER = "timestamp,open,high,low,close,volume,turnover";

/** The CSV text of a series (header plus one line per candle, trailing newline). */
export function formatCandlesCsv(s: CandleSeries): string {
  const lines: string[] = new Array(s.length + 1);
  lines[0] = EXPORT_HEADER;
  for (let i = 0; i < s.length; i++) {
    const to = s.turnover[i]!;
    lines[i + 1] =
      `${new Date(s.openTimeMs[i]!).toISOString()},${s.open[i]},${s.high[i]},${s.low[i]},${s.close[i]},${s.volume[i]},${Number.isNaN(to) ? "" : to}`;
  }
  return `${lines.join("\n")}\n`;
}

/** Default export file name: SYMBOL_category_interval_first_last.csv (dates of the first/last bar). */
export function defaultExportName(s: CandleSeries): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const iv = /^\d+$/.test(s.interval) ? `${s.interval}m` : s.interval;
  const first = s.length ? day(s.openTimeMs[0]!) : "empty";
  const last = s.length ? day(s.openTimeMs[s.length - 1]!) : "empty";
  return `${s.symbol}_${s.category}_${iv}_${first}_${last}.csv`;
}

/** Write the CSV atomically (temporary file + rename). Returns the number of candle rows. */
export function writeCandlesCsvFile(s: CandleSeries, file: string): number {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, formatCandlesCsv(s));
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `cannot write ${file}: ${(e as Error).message}; check that the folder exists and is writable`,
      undefined,
      { cause: e },
    );
  }
  return s.length;
}
