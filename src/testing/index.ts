/**
 * execsim/testing: helpers for users' own test suites (vitest, or any runner that reports a thrown
 * Error as a failure). Imports no test framework, so the library still loads in plain Node.
 *
 *   import { expectMatchesBaseline } from "execsim/testing";
 *   it("my strategy's costs did not move", async () => {
 *     await expectMatchesBaseline("my-algo", { dir: "baselines" });
 *   }, 60_000);
 *
 * expectMatchesBaseline does what `execsim check NAME` does — re-runs the baseline on a database
 * (by default a fresh temporary one, deleted afterwards: the built-in data is regenerated and saved
 * candles are imported) and compares exactly, or within `toleranceBps` — and throws a
 * BaselineMismatchError (name "AssertionError") whose message is the check's diff when a number
 * moved. A missing or malformed baseline, or candles that do not match, throw the ExecsimError the
 * CLI would report.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type CheckBaselineResult, checkBaseline } from "../experiment/baseline/baseline-run.js";
import { formatSnapshotDiff } from "../report/snapshot-diff-text.js";
import { openDatabase } from "../store/database.js";

export interface MatchBaselineOptions {
  /** Folder of the baselines (default "baselines", relative to the working directory). */
  dir?: string;
  /** SQLite file to run on (default: a fresh temporary database, removed afterwards). */
  db?: string;
  /** Compare metrics within this many bps and skip fills hashes (default: exact). */
  toleranceBps?: number;
  /** Rewrite the baseline with the new results instead of failing (e.g. from an environment flag). */
  update?: boolean;
}

/** Thrown when a baseline is not reproduced; test runners show it as a failed assertion. */
export class BaselineMismatchError extends Error {
  readonly result: CheckBaselineResult;
  constructor(result: CheckBaselineResult) {
    super(formatSnapshotDiff(`baseline ${result.name}`, result.diff));
    this.name = "AssertionError";
    this.result = result;
  }
}

/** Re-run baseline `name` and throw BaselineMismatchError with the diff unless it is reproduced. */
export async function expectMatchesBaseline(
  name: string,
  options: MatchBaselineOptions = {},
): Promise<CheckBaselineResult> {
  const tmp = options.db === undefined ? mkdtempSync(path.join(os.tmpdir(), "execsim-baseline-")) : null;
  const store = openDatabase(options.db ?? path.join(tmp!, "check.db"));
  try {
    const result = await checkBaseline(store, name, {
      ...(options.dir !== undefined ? { dir: options.dir } : {}),
      toleranceBps: options.toleranceBps ?? null,
      update: options.update ?? false,
    });
    if (!result.ok && !result.updated) throw new BaselineMismatchError(result);
    return result;
  } finally {
    store.close();
    if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
  }
}
