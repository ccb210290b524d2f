/**
 * Containment (issue 10): hostile strategy files (test/strategies/hostile/) in one `compare` beside
 * TWAP. A strategy that loops forever fails within its --strategy-timeout, one that calls
 * process.exit(0) and one whose stray timer throws fail with the reason recorded, and none of them
 * takes the process or TWAP's results with it: TWAP's stored rows are byte-identical to a run alone.
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
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-contain-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const RANGE = ["--from", "2024-01-05", "--to", "2024-01-08"];

interface RunJson {
  runId: number;
  strategy: string;
  status: string;
  error: string | null;
}

describe("containment of runaway strategies", () => {
  it("a hang, process.exit(0) and an uncaught error fail only their own runs, with the reason", () => {
    const file = path.join(dir, "hostile.db");
    const hostile = ["loop-forever", "exit-process", "throw-async"].map((f) => path.join(HOSTILE, `${f}.ts`));
    const t0 = Date.now();
    const r = runExecsim([
      "compare",
      "--db",
      file,
      "--json",
      ...RANGE,
      "--strategy-timeout",
      "3s",
      "--strategies",
      ["twap", ...hostile].join(","),
    ]);
    const wallMs = Date.now() - t0;
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    const runs = out.runs as RunJson[];
    expect(runs.map((x) => [x.strategy, x.status]).slice(0, 3)).toEqual([
      ["twap", "completed"],
      ["loop-forever", "failed"],
      ["exit-process", "failed"],
    ]);
    // a stray timer fires only once the engine's (synchronous) run of a job is over: if the job's last
    // result came first, the results are complete and the thread is ended; otherwise the run fails
    // with the reason. Either way the process and the other runs survive.
    expect(runs[3]!.strategy).toBe("throw-async");
    if (runs[3]!.status === "failed") expect(runs[3]!.error).toMatch(/boom from a stray timer/);
    // the hang fails on its first parent within the budget; the other two parents are not tried
    expect(runs[1]!.error).toMatch(
      /3 parent order\(s\) failed; 2024-01-05: exceeded its time budget of 3000 ms/,
    );
    expect(runs[1]!.error).toMatch(/2024-01-06: not run/);
    expect(runs[2]!.error).toMatch(/process\.exit\(0\)/);
    expect(wallMs).toBeLessThan(60_000);
    expect(r.stderr).toMatch(/run \d+ \(loop-forever\) failed/);

    // TWAP alone on the same data: byte-identical TCA rows
    const alone = JSON.parse(
      runExecsim(["compare", "--db", file, "--json", ...RANGE, "--strategies", "twap"]).stdout,
    );
    const store = openDatabase(file);
    try {
      const a = tcaRowsWithoutRunId(store, runs[0]!.runId);
      const b = tcaRowsWithoutRunId(store, alone.runs[0].runId);
      expect(a.length).toBeGreaterThan(3);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      // every parent of a failed run is stored as failed, with its reason
      const rows = store.sqlite
        .prepare("SELECT status, error FROM parent_orders WHERE run_id = ? ORDER BY rowid")
        .all(runs[1]!.runId) as { status: string; error: string | null }[];
      expect(rows.map((x) => x.status)).toEqual(["failed", "failed", "failed"]);
    } finally {
      store.close();
    }
  }, 120_000);
});
