/**
 * Writing a stored series as CSV in the format `data import` reads back identically:
 *
 *   timestamp,open,high,low,close,volume,turnover
 *   2024-06-03T15:30:00.000Z,68960.7,68960.7,68925.7,68925.8,48.589,3349852.1896
 *
 * timestamp is the bar's open time in ISO-8601 UTC with milliseconds; numbers use JavaScript's
 * shortest round-trip decimal form (String(x)), so parsing them gives back the same doubles;
 * unknown turnover (NULL/NaN) is an empty field. Files are written to a temporary name beside the
 * target and renamed into place, so a failed export never leaves a half-written file. Only a regular
 * file (or a new name) is written: a symlink, FIFO, device, socket or folder at the target is refused,
 * never replaced by a regular file.
 */
import { lstatSync, renameSync, rmSync, writeFileSync } from "node:fs";
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
  requireRegularTarget(file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, formatCandlesCsv(s));
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code ?? "";
    const badPath = ["ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "EROFS"].includes(code);
    throw new ExecsimError(
      badPath ? "INVALID_ARGUMENT" : "IO_ERROR",
      `cannot write ${file}: ${(e as Error).message}; ${badPath ? "check that the folder exists and is writable" : "free space on the disk or write elsewhere; nothing was written"}`,
      undefined,
      { cause: e },
    );
  }
  return s.length;
}

/** INVALID_ARGUMENT unless `file` does not exist or is a regular file (symlinks are not followed). */
export function requireRegularTarget(file: string): void {
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(file);
  } catch {
    return; // a new file
  }
  if (st.isFile()) return;
  const kind = st.isSymbolicLink()
    ? "a symbolic link"
    : st.isFIFO()
      ? "a FIFO (named pipe)"
      : st.isCharacterDevice() || st.isBlockDevice()
        ? "a device"
        : st.isSocket()
          ? "a socket"
          : st.isDirectory()
            ? "a folder"
            : "not a regular file";
  throw new ExecsimError(
    "INVALID_ARGUMENT",
    `--out ${file} is ${kind}; export writes regular files only and will not replace it. Give a new file name, or omit --out and redirect stdout (e.g. > ${file})`,
  );
}
