/**
 * Containment (issues 10 and 14) on every path a strategy can run: routed runs (`compare --pools
 * --routing`), a user's venue file (`--impact ./venue.ts`), a strategy or venue module that never
 * finishes loading (an endless loop at import time, in compare and in sweep), and a sweep point whose
 * strategy hangs. Each failed by hanging the whole command before (the child is killed after SPAWN_MS so that
 * a regression fails here instead of hanging the suite).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { tcaRowsWithoutRunId } from "../../src/store/run-queries.js";
import { runExecsim } from "../helpers/cli.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const HOSTILE = path.resolve(HERE, "../strategies/hostile");
const VENUE = path.resolve(HERE, "../venues/examples/fixed-spread-venue.ts");
const LOOP = path.join(HOSTILE, "loop-forever.ts");
const SPAWN_MS = 100_000;
const RANGE = ["--from", "2024-01-05", "--to", "2024-01-07"];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-contain-paths-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RunJson {
  runId: number;
  strategy: string;
  status: string;
  error: string | null;
}

function compare(db: string, args: readonly string[]) {
  return runExecsim(["compare", "--db", db, "--json", ...RANGE, "--strategy-timeout", "2s", ...args], {
    timeoutMs: SPAWN_MS,
  });
}

function runCount(db: string): number {
  const store = openDatabase(db);
  try {
    return (store.sqlite.prepare("SELECT count(*) AS n FROM runs").get() as { n: number }).n;
  } finally {
    store.close();
  }
}

describe("containment beyond the plain compare", () => {
  it("routed runs: a hang fails its runs in every routing mode, TWAP's runs complete", () => {
    const db = path.join(dir, "routed.db");
    const pools = path.join(dir, "pools.json");
    writeFileSync(
      pools,
      JSON.stringify({
        pools: [{ name: "uni-30", model: "constant-product", reserveBase: 400, fee: 0.003 }],
      }),
    );
    const r = compare(db, ["--pools", pools, "--routing", "book,optimal", "--strategies", `twap,${LOOP}`]);
    expect(r.code, r.stderr).toBe(1);
    const runs = JSON.parse(r.stdout).runs as RunJson[];
    expect(runs.map((x) => [x.strategy, x.status])).toEqual([
      ["twap(routing=book)", "completed"],
      ["loop-forever(routing=book)", "failed"],
      ["twap(routing=optimal)", "completed"],
      ["loop-forever(routing=optimal)", "failed"],
    ]);
    expect(runs[1]!.error).toMatch(
      /2 parent order\(s\) failed; 2024-01-05: exceeded its time budget of 2000 ms/,
    );
    // the routed TWAP runs are the ones a routed compare of TWAP alone stores
    const alone = JSON.parse(
      compare(db, ["--pools", pools, "--routing", "book,optimal", "--strategies", "twap"]).stdout,
    ).runs as RunJson[];
    const store = openDatabase(db);
    try {
      for (const [i, k] of [
        [0, 0],
        [2, 1],
      ] as const)
        expect(JSON.stringify(tcaRowsWithoutRunId(store, runs[i]!.runId))).toBe(
          JSON.stringify(tcaRowsWithoutRunId(store, alone[k]!.runId)),
        );
    } finally {
      store.close();
    }
  }, 240_000);

  it("a user's venue file: a hang fails only its run, TWAP completes on the file's venue", () => {
    const db = path.join(dir, "venue.db");
    const r = compare(db, ["--impact", VENUE, "--strategies", `twap,${LOOP}`]);
    expect(r.code, r.stderr).toBe(1);
    const runs = JSON.parse(r.stdout).runs as RunJson[];
    expect(runs.map((x) => [x.strategy, x.status])).toEqual([
      ["twap", "completed"],
      ["loop-forever", "failed"],
    ]);
    expect(runs[1]!.error).toMatch(/exceeded its time budget of 2000 ms/);
  }, 240_000);

  it("a venue file that loops at import time: exit 2 with the reason, nothing written", () => {
    const db = path.join(dir, "venue-import.db");
    const r = compare(db, [
      "--impact",
      path.join(HOSTILE, "venue-loop-at-import.ts"),
      "--strategies",
      "twap",
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /error \[INVALID_CONFIG\]: could not load venue ".*venue-loop-at-import\.ts": its module did not load within 10000 ms/,
    );
    expect(runCount(db)).toBe(0);
  }, 240_000);

  it("a strategy module that loops at import time: exit 2 with the reason, nothing written", () => {
    const db = path.join(dir, "import.db");
    const t0 = Date.now();
    const r = compare(db, ["--strategies", `twap,${path.join(HOSTILE, "loop-at-import.ts")}`]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /error \[INVALID_CONFIG\]: could not load strategy ".*loop-at-import\.ts": its module did not load within 10000 ms/,
    );
    expect(Date.now() - t0).toBeLessThan(SPAWN_MS);
    expect(runCount(db)).toBe(0);
    const s = runExecsim(
      [
        "sweep",
        "--db",
        db,
        "--strategy",
        path.join(HOSTILE, "loop-at-import.ts"),
        "--param",
        "x=1,2",
        "--strategy-timeout",
        "2s",
      ],
      { timeoutMs: SPAWN_MS },
    );
    expect(s.code, s.stderr).toBe(2);
    expect(s.stderr).toMatch(/its module did not load within 10000 ms/);
  }, 240_000);

  it("a sweep point whose strategy hangs is stored as failed; the other points complete", () => {
    const db = path.join(dir, "sweep.db");
    const r = runExecsim(
      [
        "sweep",
        "--db",
        db,
        "--json",
        ...RANGE,
        "--strategy",
        path.join(HOSTILE, "hang-when.ts"),
        "--param",
        "hang=0,1",
        "--strategy-timeout",
        "2s",
        "--workers",
        "2",
      ],
      { timeoutMs: SPAWN_MS },
    );
    const out = JSON.parse(r.stdout) as {
      status: string;
      points: { params: { hang: number }; status: string; summary: { parents: number } | null }[];
    };
    expect(out.status).toBe("completed");
    expect(out.points.map((p) => [p.params.hang, p.status])).toEqual([
      [0, "completed"],
      [1, "failed"],
    ]);
    expect(out.points[0]!.summary!.parents).toBe(2);
    const store = openDatabase(db);
    try {
      const rows = store.sqlite
        .prepare(
          "SELECT p.status, p.error FROM parent_orders p JOIN sweep_points s ON s.run_id = p.run_id WHERE s.idx = 1 ORDER BY p.rowid",
        )
        .all() as { status: string; error: string }[];
      expect(rows.map((x) => x.status)).toEqual(["failed", "failed"]);
      expect(rows.map((x) => x.error).join("\n")).toMatch(/exceeded its time budget of 2000 ms/);
    } finally {
      store.close();
    }
  }, 240_000);
});
