/**
 * Benchmark plumbing shared by the sections in bench/: the section shape, a wall-clock timer and
 * rounding for the JSON report. A section is `{ name, description, run }`; `run` returns a plain
 * JSON-serialisable object of measurements (seconds, rows per second, ...). Register a section with
 * one import and one array entry in bench/run.ts.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";

export type BenchResult = Record<string, unknown>;

export interface BenchSection {
  /** Short name used by `npm run bench -- --only <name>[,<name>...]`. */
  readonly name: string;
  readonly description: string;
  run(): BenchResult | Promise<BenchResult>;
}

export interface Timed<T> {
  value: T;
  /** Wall-clock seconds (what the targets are stated in). */
  seconds: number;
  /**
   * CPU seconds of this process (user + system) over the same span: on a busy shared machine the
   * wall-clock time grows with the load, the CPU time much less, so both are reported.
   */
  cpuSeconds: number;
}

/** Run fn once and measure its wall-clock and CPU time in seconds. */
export function timeIt<T>(fn: () => T): Timed<T> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, seconds, cpuSeconds: (c.user + c.system) / 1e6 };
}

/** Round to `digits` significant digits for a readable report. */
export function sig(x: number, digits = 4): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}

/** A timing step as reported: wall seconds, rows, rows per (wall) second, and CPU seconds when known. */
export function step(
  seconds: number,
  rows: number,
  cpuSeconds?: number,
): { seconds: number; rows: number; rowsPerSecond: number; cpuSeconds?: number } {
  const out: { seconds: number; rows: number; rowsPerSecond: number; cpuSeconds?: number } = {
    seconds: sig(seconds),
    rows,
    rowsPerSecond: Math.round(rows / seconds),
  };
  if (cpuSeconds !== undefined) out.cpuSeconds = sig(cpuSeconds);
  return out;
}

/** The 1-minute load average, to read wall-clock timings against (0 where the OS has none). */
export function loadAverage(): number {
  return sig(os.loadavg()[0] ?? 0, 3);
}

export function machineInfo(): BenchResult {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    totalMemoryGb: sig(os.totalmem() / 2 ** 30, 3),
  };
}
