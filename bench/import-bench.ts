/**
 * Import benchmark (issue 11, bounded resources): write an OHLCV CSV of ~200 MB (3.6 M one-minute
 * rows, the size that took 2.7 GB before imports streamed), import it with `execsim data import` in a
 * child process, and report wall seconds and the child's peak RSS. Target: peak RSS under 500 MB
 * (`withinTarget`). EXECSIM_BENCH_IMPORT_GB=1 adds a ~1 GB file (18 M rows; several minutes), which
 * must import at all (before streaming, files over V8's maximum string length could not).
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchSection, loadAverage, sig } from "./bench-utils.js";

const ROWS_200MB = 3_600_000;
const RSS_TARGET_MB = 500;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Write `rows` one-minute bars as timestamp,open,high,low,close,volume,turnover (ISO times). */
function writeCsv(file: string, rows: number): number {
  const fd = openSync(file, "w");
  try {
    writeSync(fd, "timestamp,open,high,low,close,volume,turnover\n");
    const t0 = Date.UTC(2015, 0, 1);
    let buf: string[] = [];
    let p = 30_000;
    for (let i = 0; i < rows; i++) {
      // a deterministic zig-zag walk with 0.1 ticks: realistic field widths
      p = Math.round((p + ((i * 7919) % 41) / 10 - 2) * 10) / 10;
      const v = ((i * 104_729) % 9973) / 100 + 0.001;
      buf.push(
        `${new Date(t0 + i * 60_000).toISOString()},${p},${(p + 12.3).toFixed(1)},${(p - 11.7).toFixed(1)},${(p + 0.4).toFixed(1)},${v.toFixed(3)},${(v * p).toFixed(4)}`,
      );
      if (buf.length === 50_000) {
        writeSync(fd, `${buf.join("\n")}\n`);
        buf = [];
      }
    }
    if (buf.length) writeSync(fd, `${buf.join("\n")}\n`);
  } finally {
    closeSync(fd);
  }
  return statSync(file).size;
}

function importOnce(dir: string, rows: number) {
  const csv = path.join(dir, `candles-${rows}.csv`);
  const bytes = writeCsv(csv, rows);
  const db = path.join(dir, `import-${rows}.db`);
  const t0 = performance.now();
  // /usr/bin/time is not everywhere: the child reports its own peak RSS after the import
  const r = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      `import("${path.join(ROOT, "src/market/import-candles.ts")}").then(async (m) => {
        const { openDatabase } = await import("${path.join(ROOT, "src/store/database.ts")}");
        const s = openDatabase(process.argv[1]);
        const out = m.importMarketData(s, process.argv[2], { symbol: "BENCHUSDT", interval: "1" });
        s.close();
        process.stdout.write(JSON.stringify({ inserted: out.inserted, maxRssKb: process.resourceUsage().maxRSS }));
      })`,
      db,
      csv,
    ],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 20 },
  );
  const seconds = (performance.now() - t0) / 1000;
  rmSync(csv, { force: true });
  rmSync(db, { force: true });
  rmSync(`${db}-wal`, { force: true });
  if (r.status !== 0) throw new Error(`import of ${rows} rows failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { inserted: number; maxRssKb: number };
  if (out.inserted !== rows) throw new Error(`import of ${rows} rows inserted ${out.inserted}`);
  const peakRssMB = sig(out.maxRssKb / 1024, 4);
  return {
    fileMB: sig(bytes / 1e6, 4),
    rows,
    seconds: sig(seconds),
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMB,
  };
}

export const importBench: BenchSection = {
  name: "import",
  description: "import a ~200 MB OHLCV CSV (3.6 M rows) in a child process: time and peak RSS",
  run() {
    const dir = mkdtempSync(path.join(os.tmpdir(), "execsim-import-bench-"));
    try {
      const mb200 = importOnce(dir, ROWS_200MB);
      const out: Record<string, unknown> = {
        loadAverage1m: loadAverage(),
        csv200MB: mb200,
        targetPeakRssMB: RSS_TARGET_MB,
        withinTarget: mb200.peakRssMB < RSS_TARGET_MB,
      };
      if (process.env.EXECSIM_BENCH_IMPORT_GB === "1") out.csv1GB = importOnce(dir, 5 * ROWS_200MB);
      return out;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
