/**
 * End-to-end bench: `execsim compare --json --store full` (4 default strategies, one parent a day, the
 * synthetic book) over 1 month, 1 year, 2 years and 5 years of generated 1-minute candles, each in its
 * own child process running the compiled CLI as users do (bin/execsim.js; `npm run build` first, which
 * `npm ci` does), with bench/e2e-usage.mjs preloaded to report its resources, on a fresh copy of a
 * cached store.
 *
 * Data: generated once with `execsim data generate --days N` into $EXECSIM_BENCH_CACHE (default
 * <tmpdir>/execsim-bench-e2e) and reused by later runs; each measurement copies the cached file, so
 * result rows never accumulate. `EXECSIM_BENCH_E2E_DAYS=30,365` measures other ranges.
 *
 * Reported per range: `totalMs` = timingsMs.total of the compare JSON (reading candles, simulation, TCA,
 * writes; start-up and module loading are the packaging issue's), the child's CPU seconds (user +
 * system, start-up included) and peak RSS, and the process's wall time. Then the ratio 2 years / 1 year
 * of totalMs and of CPU (linear cost is 2.0), and VWAP against TWAP alone over 2 years.
 * Targets (issue 12, 2-core shared machine): 1 year < 2.5 s, 5 years < 12 s and < 400 MB RSS,
 * 2y/1y < 2.2, VWAP within 1.5× of TWAP over 2 years.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BenchSection, sig } from "./bench-utils.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const CACHE = process.env.EXECSIM_BENCH_CACHE ?? path.join(os.tmpdir(), "execsim-bench-e2e");
const DEFAULT_DAYS = [30, 365, 730, 1826];

interface ChildRun {
  json: Record<string, unknown>;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

/** Run the compiled CLI in a child process; returns its JSON output and resource usage. */
function runChild(args: string[]): ChildRun {
  if (!existsSync(path.join(ROOT, "dist/src/cli/main.js")))
    throw new Error("the compiled CLI is missing (dist/): run `npm run build` first");
  const t0 = performance.now();
  const usage = pathToFileURL(path.join(HERE, "e2e-usage.mjs")).href;
  const r = spawnSync(process.execPath, ["--import", usage, path.join(ROOT, "bin/execsim.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  const usageLine = /E2E_USAGE (\{.*\})/.exec(r.stderr ?? "");
  if (r.status !== 0 || !usageLine)
    throw new Error(`execsim ${args.join(" ")} failed (exit ${r.status}): ${(r.stderr ?? "").slice(-2000)}`);
  const u = JSON.parse(usageLine[1]!) as { maxRssKb: number; userUs: number; systemUs: number };
  return {
    json: JSON.parse(r.stdout) as Record<string, unknown>,
    wallSeconds,
    cpuSeconds: (u.userUs + u.systemUs) / 1e6,
    peakRssMb: u.maxRssKb / 1024,
  };
}

/** The cached store holding `days` days of generated 1-minute candles (generated on first use). */
function cachedStore(days: number): string {
  mkdirSync(CACHE, { recursive: true });
  const file = path.join(CACHE, `syn-1m-${days}d.db`);
  const done = `${file}.done`;
  if (!existsSync(done)) {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    process.stderr.write(`bench e2e: generating ${days} days of 1-minute candles into ${file}\n`);
    runChild(["data", "generate", "--days", String(days), "--db", file, "--json"]);
    writeFileSync(done, `${new Date().toISOString()}\n`);
  }
  return file;
}

/** compare --json --store full on a fresh copy of the cached store. */
function compareOn(days: number, extra: string[] = []) {
  const source = cachedStore(days);
  const copy = path.join(CACHE, `run-${process.pid}.db`);
  copyFileSync(source, copy);
  try {
    const run = runChild(["compare", "--db", copy, "--json", "--store", "full", ...extra]);
    const timings = run.json.timingsMs as { total: number };
    return {
      days,
      parents: run.json.parents as number,
      totalMs: timings.total,
      cpuSeconds: sig(run.cpuSeconds),
      peakRssMb: Math.round(run.peakRssMb),
      processWallSeconds: sig(run.wallSeconds),
    };
  } finally {
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
  }
}

function daysList(): number[] {
  const env = process.env.EXECSIM_BENCH_E2E_DAYS;
  if (!env) return DEFAULT_DAYS;
  const days = env.split(",").map((s) => Number(s.trim()));
  if (days.some((d) => !(Number.isInteger(d) && d >= 2)))
    throw new Error(`EXECSIM_BENCH_E2E_DAYS: whole numbers of days >= 2, comma-separated, got "${env}"`);
  return days;
}

export const e2eBench: BenchSection = {
  name: "e2e",
  description: "compare --store full over 1 month / 1 year / 2 years / 5 years of generated 1-minute candles",
  run() {
    const ranges: Record<string, ReturnType<typeof compareOn>> = {};
    for (const d of daysList()) {
      process.stderr.write(`bench e2e: compare over ${d} days\n`);
      ranges[`${d}d`] = compareOn(d);
    }
    const y1 = ranges["365d"];
    const y2 = ranges["730d"];
    const y5 = ranges["1826d"];
    const out: Record<string, unknown> = { cache: CACHE, ranges };
    if (y1 && y2) {
      out.ratio2yTo1y = {
        totalMs: sig(y2.totalMs / y1.totalMs, 3),
        cpu: sig(y2.cpuSeconds / y1.cpuSeconds, 3),
      };
      process.stderr.write("bench e2e: TWAP alone and VWAP alone over 2 years\n");
      const twap = compareOn(730, ["--strategies", "twap"]);
      const vwap = compareOn(730, ["--strategies", "vwap"]);
      out.vwapVsTwap2y = {
        twapMs: twap.totalMs,
        vwapMs: vwap.totalMs,
        ratio: sig(vwap.totalMs / twap.totalMs, 3),
        cpuRatio: sig(vwap.cpuSeconds / twap.cpuSeconds, 3),
      };
    }
    out.targets = {
      oneYearUnder2500Ms: y1 ? y1.totalMs < 2500 : null,
      fiveYearsUnder12000Ms: y5 ? y5.totalMs < 12_000 : null,
      fiveYearsUnder400MbRss: y5 ? y5.peakRssMb < 400 : null,
      ratio2yTo1yUnder2_2: y1 && y2 ? y2.totalMs / y1.totalMs < 2.2 : null,
      vwapWithin1_5xOfTwap2y: out.vwapVsTwap2y ? (out.vwapVsTwap2y as { ratio: number }).ratio < 1.5 : null,
    };
    return out;
  },
};
