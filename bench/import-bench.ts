/**
 * Import benchmark (issue 11, bounded resources): write an OHLCV CSV of ~200 MB (3.6 M one-minute
 * rows, the size that took 2.7 GB before imports streamed), import it with `execsim data import` in a
 * child process, and report wall seconds and the child's peak RSS. Target: peak RSS under 500 MB
 * (`withinTarget`). The same rows gzipped (`csvGz200MB`, one gzip member written by fflate's streaming
 * Gzip) and a ~200 MB Bybit trade CSV (`tradesCsv200MB`, 2.4 M trades aggregated to 1-minute bars)
 * stream too and have the same target. EXECSIM_BENCH_IMPORT_GB=1 adds a ~1 GB file (18 M rows;
 * several minutes), which must import at all (before streaming, files over V8's maximum string
 * length could not).
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Gzip } from "fflate";
import { type BenchSection, loadAverage, sig } from "./bench-utils.js";

const ROWS_200MB = 3_600_000;
/** Bybit trade rows of about 85 bytes: ~200 MB. */
const TRADES_200MB = 2_400_000;
const RSS_TARGET_MB = 500;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

type Kind = "ohlcv" | "ohlcv-gz" | "trades";

/** One line of each kind: a one-minute bar (ISO time) or a Bybit trade (epoch s, 0.09 s apart). */
function lineOf(kind: Kind, i: number, t0: number, p: number): string {
  const v = ((i * 104_729) % 9973) / 100 + 0.001;
  if (kind === "trades") {
    const q = (v / 100 + 0.001).toFixed(3);
    return `${((t0 + i * 90) / 1000).toFixed(4)},BENCHUSDT,${i % 3 === 0 ? "Sell" : "Buy"},${q},${p},ZeroPlusTick,${(i * 2_654_435_761) % 4_294_967_296},${Math.round(v * p * 1e6)},${q},${(v * p).toFixed(2)}`;
  }
  return `${new Date(t0 + i * 60_000).toISOString()},${p},${(p + 12.3).toFixed(1)},${(p - 11.7).toFixed(1)},${(p + 0.4).toFixed(1)},${v.toFixed(3)},${(v * p).toFixed(4)}`;
}

const HEADERS: Record<Kind, string> = {
  ohlcv: "timestamp,open,high,low,close,volume,turnover",
  "ohlcv-gz": "timestamp,open,high,low,close,volume,turnover",
  trades: "timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional",
};

/** Write `rows` rows of `kind` (a .csv.gz as one gzip member); returns the file's size in bytes. */
function writeInput(file: string, kind: Kind, rows: number): number {
  const fd = openSync(file, "w");
  const gz = kind === "ohlcv-gz" ? new Gzip({ level: 6 }, (chunk) => writeSync(fd, chunk)) : null;
  const put = (text: string, final = false) =>
    gz ? gz.push(new TextEncoder().encode(text), final) : writeSync(fd, text);
  try {
    put(`${HEADERS[kind]}\n`);
    const t0 = Date.UTC(2015, 0, 1);
    let buf: string[] = [];
    let p = 30_000;
    for (let i = 0; i < rows; i++) {
      // a deterministic zig-zag walk with 0.1 ticks: realistic field widths
      p = Math.round((p + ((i * 7919) % 41) / 10 - 2) * 10) / 10;
      buf.push(lineOf(kind, i, t0, p));
      if (buf.length === 50_000) {
        put(`${buf.join("\n")}\n`);
        buf = [];
      }
    }
    put(buf.length ? `${buf.join("\n")}\n` : "", true);
  } finally {
    closeSync(fd);
  }
  return statSync(file).size;
}

function importOnce(dir: string, rows: number, kind: Kind = "ohlcv") {
  const csv = path.join(dir, `${kind}-${rows}.${kind === "ohlcv-gz" ? "csv.gz" : "csv"}`);
  const bytes = writeInput(csv, kind, rows);
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
        const out = m.importMarketData(s, process.argv[2], { interval: "1", ...(process.argv[3] === "trades" ? {} : { symbol: "BENCHUSDT" }) });
        s.close();
        process.stdout.write(JSON.stringify({ inserted: out.inserted, trades: out.trades, maxRssKb: process.resourceUsage().maxRSS }));
      })`,
      db,
      csv,
      kind,
    ],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 20 },
  );
  const seconds = (performance.now() - t0) / 1000;
  rmSync(csv, { force: true });
  rmSync(db, { force: true });
  rmSync(`${db}-wal`, { force: true });
  if (r.status !== 0) throw new Error(`import of ${rows} rows failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { inserted: number; trades?: number; maxRssKb: number };
  // trades 90 ms apart: 2 of every 3 minutes hold 667 trades, the third 666
  const bars = kind === "trades" ? Math.ceil((rows * 90) / 60_000) : rows;
  if (out.inserted !== bars) throw new Error(`import of ${rows} ${kind} rows inserted ${out.inserted}`);
  const peakRssMB = sig(out.maxRssKb / 1024, 4);
  return {
    fileMB: sig(bytes / 1e6, 4),
    rows,
    ...(kind === "trades" ? { bars } : {}),
    seconds: sig(seconds),
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMB,
  };
}

export const importBench: BenchSection = {
  name: "import",
  description:
    "import a ~200 MB OHLCV CSV (3.6 M rows), the same gzipped, and a ~200 MB trade CSV (2.4 M trades) in a child process: time and peak RSS",
  run() {
    const dir = mkdtempSync(path.join(os.tmpdir(), "execsim-import-bench-"));
    try {
      const mb200 = importOnce(dir, ROWS_200MB);
      const gz = importOnce(dir, ROWS_200MB, "ohlcv-gz");
      const trades = importOnce(dir, TRADES_200MB, "trades");
      const out: Record<string, unknown> = {
        loadAverage1m: loadAverage(),
        csv200MB: mb200,
        csvGz200MB: gz,
        tradesCsv200MB: trades,
        targetPeakRssMB: RSS_TARGET_MB,
        withinTarget: [mb200, gz, trades].every((x) => x.peakRssMB < RSS_TARGET_MB),
      };
      if (process.env.EXECSIM_BENCH_IMPORT_GB === "1") out.csv1GB = importOnce(dir, 5 * ROWS_200MB);
      return out;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
