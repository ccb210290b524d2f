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
  seconds: number;
}

/** Run fn once and measure its wall-clock time in seconds. */
export function timeIt<T>(fn: () => T): Timed<T> {
  const t0 = performance.now();
  const value = fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/** Round to `digits` significant digits for a readable report. */
export function sig(x: number, digits = 4): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}

/** A timing step as reported: seconds, rows, rows per second. */
export function step(
  seconds: number,
  rows: number,
): { seconds: number; rows: number; rowsPerSecond: number } {
  return { seconds: sig(seconds), rows, rowsPerSecond: Math.round(rows / seconds) };
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
