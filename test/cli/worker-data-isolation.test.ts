/**
 * Isolation inside the executor's worker threads (issue 10): a strategy file that reads its thread's
 * `workerData` finds no candle columns there (the series comes in the first message and stays in the
 * worker's closures; it used to be in workerData, future bars included), and built-in strategies run
 * beside it give the same stored rows as alone. The built-ins' workers share the main thread's bars
 * (a SharedArrayBuffer); a strategy file's worker gets its own copy, so one that patches the typed
 * arrays' prototype to overwrite the bars the engine copies from changes only its own run (this
 * end-to-end case races with the other strategies; the copy itself is checked directly in
 * test/experiment/worker-start.test.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { tcaRowsWithoutRunId } from "../../src/store/run-queries.js";
import { runExecsim } from "../helpers/cli.js";

const HOSTILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../strategies/hostile");
const RANGE = ["--from", "2024-01-05", "--to", "2024-01-08"];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-worker-data-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first runs of `runs` stored the same TCA rows as the built-ins `alone` compared on their own. */
function expectRowsAsAlone(file: string, runs: readonly { runId: number }[], alone: string): void {
  const own = JSON.parse(
    runExecsim(["compare", "--db", file, "--json", ...RANGE, "--strategies", alone]).stdout,
  ).runs as { runId: number }[];
  const store = openDatabase(file);
  try {
    expect(own).toHaveLength(alone.split(",").length);
    for (const [k, r] of own.entries())
      expect(tcaRowsWithoutRunId(store, runs[k]!.runId)).toEqual(tcaRowsWithoutRunId(store, r.runId));
  } finally {
    store.close();
  }
}

describe("what a strategy's worker thread holds", () => {
  it("workerData holds no candles: the strategy digging there completes without finding future bars", () => {
    const file = path.join(dir, "w.db");
    const peek = path.join(HOSTILE, "peek-worker-data.ts");
    const r = runExecsim(["compare", "--db", file, "--json", ...RANGE, "--strategies", `twap,vwap,${peek}`]);
    expect(r.code, r.stderr).toBe(0);
    const runs = JSON.parse(r.stdout).runs as {
      runId: number;
      strategy: string;
      status: string;
      error: string | null;
    }[];
    expect(runs.map((x) => [x.strategy, x.status, x.error])).toEqual([
      ["twap", "completed", null],
      ["vwap", "completed", null],
      ["peek-worker-data", "completed", null],
    ]);
    // the built-ins (sharing one series between their workers) store what they store alone
    expectRowsAsAlone(file, runs, "twap,vwap");
  });

  it("a strategy file that overwrites the bars through a patched prototype changes no other run", () => {
    const file = path.join(dir, "p.db");
    const patch = path.join(HOSTILE, "patch-prototypes.ts");
    const r = runExecsim(["compare", "--db", file, "--json", ...RANGE, "--strategies", `twap,is,${patch}`]);
    // (its own run may fail on the bars it overwrote: exit 1 then, the others complete)
    const runs = JSON.parse(r.stdout).runs as { runId: number; strategy: string; status: string }[];
    expect(runs.map((x) => [x.strategy, x.status]).slice(0, 2), r.stderr).toEqual([
      ["twap", "completed"],
      ["is", "completed"],
    ]);
    expect(runs[2]!.strategy).toBe("patch-prototypes");
    expectRowsAsAlone(file, runs, "twap,is");
  });
});
