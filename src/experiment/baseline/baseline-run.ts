/**
 * Golden baselines for regression-testing strategy code (behind `execsim baseline save`,
 * `execsim check` and the `execsim/testing` helper):
 *
 * - saveBaseline runs a compare configuration (the library's prepareBatch / executeBatch, stored like
 *   any compare batch), snapshots every strategy's stored run (run-snapshot.ts) and writes
 *   `<dir>/<NAME>.json` (baseline-file.ts), with the candles used beside it when asked
 *   (baseline-data.ts);
 * - checkBaseline reads a baseline, makes the database hold its candles (regenerating the built-in
 *   dataset, importing the saved candles, or using stored ones whose hash matches), re-runs its config
 *   on exactly those bars, snapshots the new runs and diffs them against the baseline
 *   (snapshot-diff.ts: exact by default, or within a tolerance in bps); `update` rewrites the
 *   baseline with the new results.
 *
 * Strategy file paths are stored relative to the baseline's folder, so a baseline committed in a
 * repository checks from any working directory.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { ExecsimError, isExecsimError } from "../../core/errors.js";
import { isoUtc } from "../../core/interval.js";
import type { RunConfig } from "../../engine/run-config.js";
import {
  isStrategyPath,
  loadStrategy,
  parseStrategySpec,
  splitStrategyList,
} from "../../engine/strategy-loader.js";
import { DEFAULT_DATASET_SEED, DEFAULT_DATASET_SOURCE } from "../../market/default-dataset.js";
import type { ExecsimDatabase } from "../../store/database.js";
import { type BatchResult, discardPreparedBatch, executeBatch, prepareBatch } from "../batch.js";
import { compareConfigFromObject } from "../run-config-file.js";
import { flagsFromRunConfig, type RunFlagsFile } from "../run-flags.js";
import { ensureBaselineCandles, writeCandlesFile } from "./baseline-data.js";
import {
  BASELINE_FORMAT,
  type Baseline,
  type BaselineData,
  candlesFileName,
  checkBaselineName,
  DEFAULT_BASELINE_DIR,
  readBaseline,
  stringifyBaseline,
  writeBaseline,
} from "./baseline-file.js";
import { snapshotRun } from "./run-snapshot.js";
import { diffSnapshots, type SnapshotDiff } from "./snapshot-diff.js";

/** A strategy spec with its file path made relative to `dir` (posix separators); built-ins unchanged. */
function specRelativeTo(spec: string, dir: string, cwd: string): string {
  const trimmed = spec.trim();
  const { name } = parseStrategySpec(trimmed);
  if (!isStrategyPath(name)) return trimmed;
  const abs = path.resolve(cwd, name.replace(/^~(?=[\\/])/, process.env.HOME ?? "~"));
  let rel = path.relative(dir, abs).split(path.sep).join("/");
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return `${rel}${trimmed.slice(name.length)}`;
}

function configStrategies(config: RunFlagsFile): string[] {
  const s = config.strategies;
  return Array.isArray(s) ? s.map(String) : splitStrategyList(String(s ?? ""));
}

/** The baseline of a finished batch: one snapshot per strategy run, specs as in `config`. */
function baselineOf(
  store: ExecsimDatabase,
  name: string,
  config: RunFlagsFile,
  data: BaselineData,
  result: BatchResult,
): Baseline {
  const specs = configStrategies(config);
  return {
    format: BASELINE_FORMAT,
    name,
    config,
    data,
    strategies: result.runs.map((r, i) => ({
      ...snapshotRun(store, r.runId).strategy,
      spec: specs[i] ?? r.strategy,
    })),
  };
}

/** The baseline's config as a RunConfig; a bad value is an error naming the baseline file (exit 2). */
function configOfBaseline(config: RunFlagsFile, file: string, dir: string): RunConfig {
  try {
    return compareConfigFromObject(config, file, dir);
  } catch (e) {
    if (!isExecsimError(e)) throw e;
    throw new ExecsimError(
      e.code,
      `baseline ${file}, config: ${e.message}; fix the value or save the baseline again`,
      undefined,
      { cause: e },
    );
  }
}

export interface SaveBaselineOptions {
  /** Folder of the baselines (default "baselines", relative to the working directory). */
  dir?: string;
  /** Also write the candles used as `<NAME>.candles.csv.gz`. */
  withData?: boolean;
  /** Where relative strategy paths in `config` resolve (default the working directory). */
  cwd?: string;
}

export interface SaveBaselineResult {
  file: string;
  candlesFile: string | null;
  baseline: Baseline;
  batch: BatchResult;
}

/** Run `config` (a compare) and write it as baseline NAME. */
export async function saveBaseline(
  store: ExecsimDatabase,
  name: string,
  config: RunConfig,
  opts: SaveBaselineOptions = {},
): Promise<SaveBaselineResult> {
  checkBaselineName(name);
  const dir = path.resolve(opts.dir ?? DEFAULT_BASELINE_DIR);
  const cwd = opts.cwd ?? process.cwd();
  const prepared = await prepareBatch(store, config);
  const result = await executeBatch(store, prepared, "compare");
  const flags = flagsFromRunConfig(config, "compare");
  flags.strategies = config.strategies.map((s) => specRelativeTo(s, dir, cwd));
  const series = prepared.plan.series;
  const candlesFile = opts.withData ? candlesFileName(name) : null;
  const data: BaselineData = {
    symbol: result.symbol,
    category: result.category,
    interval: result.interval,
    fromMs: result.fromMs,
    toMs: result.toMs,
    from: isoUtc(result.fromMs),
    to: isoUtc(result.toMs),
    bars: series.length,
    candlesHash: result.candlesHash,
    builtIn:
      config.symbol === null ? { generatorSeed: DEFAULT_DATASET_SEED, source: DEFAULT_DATASET_SOURCE } : null,
    candlesFile,
  };
  const baseline = baselineOf(store, name, flags, data, result);
  mkdirSync(dir, { recursive: true });
  const file = writeBaseline(dir, baseline);
  const dataFile = candlesFile === null ? null : path.join(dir, candlesFile);
  if (dataFile !== null) writeCandlesFile(dataFile, series);
  return { file, candlesFile: dataFile, baseline, batch: result };
}

export interface CheckBaselineOptions {
  dir?: string;
  /** Compare metrics within this many bps and skip fills hashes (default: exact). */
  toleranceBps?: number | null;
  /** Rewrite the baseline with the new results when anything changed. */
  update?: boolean;
}

export interface CheckBaselineResult {
  name: string;
  file: string;
  ok: boolean;
  /** True when `update` rewrote the file. */
  updated: boolean;
  diff: SnapshotDiff;
  batchId: string | null;
  runIds: number[];
}

/** Re-run baseline NAME on this database and diff the results against it. */
export async function checkBaseline(
  store: ExecsimDatabase,
  name: string,
  opts: CheckBaselineOptions = {},
): Promise<CheckBaselineResult> {
  const tol = opts.toleranceBps ?? null;
  if (tol !== null && !(Number.isFinite(tol) && tol >= 0))
    throw new ExecsimError("INVALID_ARGUMENT", `--tolerance-bps must be a number >= 0 (bps), got ${tol}`);
  const dir = path.resolve(opts.dir ?? DEFAULT_BASELINE_DIR);
  const { file, baseline } = readBaseline(dir, name);
  const config = configOfBaseline(baseline.config, file, dir);
  // strategies first: a missing or broken strategy file writes nothing
  for (const spec of config.strategies) await loadStrategy(spec);
  ensureBaselineCandles(store, baseline, dir);
  const d = baseline.data;
  const prepared = await prepareBatch(store, config, { dataRange: { fromMs: d.fromMs, toMs: d.toMs } });
  if (prepared.hash !== d.candlesHash) {
    discardPreparedBatch(prepared);
    throw new ExecsimError(
      "DATA_MISMATCH",
      `baseline ${name}: the candles its config selects (sha256 ${prepared.hash.slice(0, 16)}…) are not the ones it was saved on (${d.candlesHash.slice(0, 16)}…); save it again`,
    );
  }
  const result = await executeBatch(store, prepared, "compare");
  const next = baselineOf(store, baseline.name, baseline.config, d, result);
  const diff = diffSnapshots(baseline.strategies, next.strategies, { toleranceBps: tol });
  let updated = false;
  if (opts.update && stringifyBaseline(next) !== stringifyBaseline(baseline)) {
    writeBaseline(dir, { ...next, name });
    updated = true;
  }
  return {
    name,
    file,
    ok: diff.ok,
    updated,
    diff,
    batchId: result.batchId,
    runIds: result.runs.map((r) => r.runId),
  };
}
