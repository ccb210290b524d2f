/**
 * `execsim runs diff A B`: the baseline check's diff between two stored runs (A old, B new), with the
 * config flags and the candles that differ between them as context. Runs of different strategies
 * are compared too (the diff is labelled "a → b").
 */
import type { ExecsimDatabase } from "../../store/database.js";
import { flagsOfStoredRun } from "../run-flags.js";
import { snapshotRun } from "./run-snapshot.js";
import { type DiffOptions, diffStrategy, finish, type SnapshotDiff } from "./snapshot-diff.js";

export interface ConfigChange {
  flag: string;
  old: unknown;
  new: unknown;
}

export interface RunsDiff {
  a: number;
  b: number;
  diff: SnapshotDiff;
  /** Set when the runs used different candles. */
  data: { old: string; new: string } | null;
  /** Flags (other than the strategies) whose values differ. */
  config: ConfigChange[];
}

function safeFlags(run: Parameters<typeof flagsOfStoredRun>[0]): Record<string, unknown> {
  try {
    const f = flagsOfStoredRun(run) as Record<string, unknown>;
    delete f.strategies;
    delete f.strategy;
    return f;
  } catch {
    return {};
  }
}

/** Diff stored run `b` against stored run `a`. */
export function diffRuns(store: ExecsimDatabase, a: number, b: number, opts: DiffOptions = {}): RunsDiff {
  const sa = snapshotRun(store, a);
  const sb = snapshotRun(store, b);
  const fa = safeFlags(sa.run);
  const fb = safeFlags(sb.run);
  const config: ConfigChange[] = [];
  for (const flag of [...new Set([...Object.keys(fa), ...Object.keys(fb)])]) {
    if (JSON.stringify(fa[flag]) !== JSON.stringify(fb[flag]))
      config.push({ flag, old: fa[flag], new: fb[flag] });
  }
  const describe = (r: typeof sa.run) =>
    `${r.symbol} ${r.category} ${r.interval} sha256 ${r.candlesHash.slice(0, 16)}…`;
  return {
    a,
    b,
    diff: finish([diffStrategy(sa.strategy, sb.strategy, opts)], opts),
    data: sa.run.candlesHash === sb.run.candlesHash ? null : { old: describe(sa.run), new: describe(sb.run) },
    config,
  };
}
