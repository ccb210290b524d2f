import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExecsim } from "../helpers/cli.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-sweep-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WEEK = ["--from", "2024-01-03", "--to", "2024-01-06"];

describe("execsim sweep (end to end)", () => {
  it.each([
    [["--param", "lambda=1e-3:1e-7:5"], /lo \(0.001\) is greater than hi/],
    [["--param", "lambda=1e-7:1e-3:0"], /n must be a whole number >= 1/],
    [["--param", "lambda=1e-7:abc:3"], /"abc" is not a number/],
    [["--param", "lambda=0:1e-3:4", "--scale", "log"], /log grid needs lo > 0/],
    [["--param", "lambda=1e-7:1e-3:3", "--param", "depth=1,2"], /has no parameter "depth"/],
    [["--strategy", "twap", "--param", "lambda=1e-6"], /"twap" has no parameter "lambda"/],
    [[], /--param: name at least one parameter/],
    [["--param", "lambda=1e-6", "--workers", "0"], /--workers must be a whole number >= 1/],
  ])("bad grid %j exits 2 with a clear message and writes nothing", (args, msg) => {
    const db = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.db`);
    const r = runExecsim(["sweep", "--db", db, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error \[INVALID_(ARGUMENT|CONFIG)\]: /);
    expect(r.stderr).toMatch(msg);
    expect(r.stdout).toBe("");
    expect(existsSync(db)).toBe(false);
  });

  it("--config reads the flags from a YAML file (param as a map), the command line overriding it", () => {
    const file = path.join(dir, "sweep.yaml");
    writeFileSync(
      file,
      "param:\n  lambda: 0,1e-4\nfrom: 2024-01-03\nto: 2024-01-05\nworkers: 1\nmax-sd: 1000\n",
    );
    const db = path.join(dir, "config.db");
    const r = runExecsim(["sweep", "--config", file, "--db", db, "--json", "--seed", "7"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.points.map((p: { params: { lambda: number } }) => p.params.lambda)).toEqual([0, 1e-4]);
    expect(j.points[0].summary.parents).toBe(2);
    const run = JSON.parse(
      runExecsim(["runs", "show", String(j.points[0].runId), "--db", db, "--json"]).stdout,
    );
    expect(run.seed).toBe("7");
    expect(run.config.store).toBe("parents");
  }, 120_000);

  it("read-only and resume commands create no database; --resume takes no --param", () => {
    const db = path.join(dir, "none.db");
    const show = runExecsim(["sweeps", "show", "1", "--db", db]);
    expect(show.code).toBe(2);
    expect(show.stderr).toMatch(/NOT_FOUND.*no database at/);
    expect(runExecsim(["sweeps", "list", "--db", db, "--json"]).stdout.trim()).toBe("[]");
    const resume = runExecsim(["sweep", "--resume", "1", "--db", db]);
    expect(resume.code).toBe(2);
    expect(resume.stderr).toMatch(/no sweep 1 to resume/);
    const both = runExecsim(["sweep", "--resume", "1", "--param", "lambda=1e-6", "--db", db]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/drop --param/);
    expect(existsSync(db)).toBe(false);
  });

  it("prints the points with summary, costParts and theoretical, a recommendation, stores them; sweeps list|show read them back", () => {
    const db = path.join(dir, "ok.db");
    const r = runExecsim([
      "sweep",
      "--db",
      db,
      "--json",
      "--strategy",
      "is",
      "--param",
      "lambda=0,1e-5,1e-3",
      "--workers",
      "1",
      "--max-sd",
      "1000",
      ...WEEK,
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.sweepId).toBe(1);
    expect(j.status).toBe("completed");
    expect(j.points).toHaveLength(3);
    for (const p of j.points) {
      expect(Object.keys(p.summary)).toEqual(
        expect.arrayContaining(["strategy", "parents", "fillRate", "shortfallBps"]),
      );
      expect(Object.keys(p.summary.shortfallBps)).toEqual(["n", "mean", "std", "median", "p90"]);
      expect(Object.keys(p.costParts)).toEqual(
        expect.arrayContaining(["tradingCostBps", "timingBps", "spreadBps", "impactBps"]),
      );
      expect(typeof p.theoretical.meanBps).toBe("number");
      expect(typeof p.theoretical.sdBps).toBe("number");
    }
    // λ = 0 is TWAP: the model's risk is the largest there
    expect(j.points[0].theoretical.sdBps).toBeGreaterThan(j.points[2].theoretical.sdBps);
    expect(j.recommended.params).toEqual(j.points[j.recommended.index].params);
    const cheapest = Math.min(
      ...j.points.map((p: { summary: { shortfallBps: { mean: number } } }) => p.summary.shortfallBps.mean),
    );
    expect(j.recommended.shortfallBps).toBe(cheapest);

    const text = runExecsim(["sweeps", "show", "1", "--db", db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/sweep 1: is over lambda \(list: 0,1e-5,1e-3\), 3 point\(s\)/);
    expect(text.stdout).toMatch(/recommended: #\d is\(lambda=/);
    expect(text.stdout).toMatch(/theory mean ± sd/);
    const shown = JSON.parse(runExecsim(["sweeps", "show", "1", "--db", db, "--json"]).stdout);
    expect(shown.points).toEqual(j.points);
    const list = JSON.parse(runExecsim(["sweeps", "list", "--db", db, "--json"]).stdout);
    expect(list.map((s: { id: number; status: string }) => [s.id, s.status])).toEqual([[1, "completed"]]);
    const missing = runExecsim(["sweeps", "show", "9", "--db", db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no sweep with id 9/);
  }, 120_000);
});

describe("Ctrl-C and --resume (end to end)", () => {
  it("SIGINT keeps the finished points, marks the sweep interrupted (exit 130); --resume finishes it", async () => {
    const { spawn } = await import("node:child_process");
    const { openDatabaseReadOnly } = await import("../../src/store/database.js");
    const db = path.join(dir, "sigint.db");
    const main = path.resolve(import.meta.dirname, "../../src/cli/main.ts");
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        main,
        "sweep",
        "--db",
        db,
        "--param",
        "lambda=1e-7:1e-3:12",
        "--workers",
        "1",
        "--json",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // wait until the first point is stored, then press Ctrl-C
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      if (!existsSync(db)) continue;
      try {
        // read-only: the child owns the file (and its migrations)
        const s = openDatabaseReadOnly(db);
        try {
          const row = s.sqlite
            .prepare("SELECT count(*) AS n FROM sweep_points WHERE status = 'completed'")
            .get() as { n: number };
          if (row.n >= 1) break;
        } finally {
          s.close();
        }
      } catch {
        // not created or migrated yet
      }
    }
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    const cut = JSON.parse(stdout);
    expect(cut.status).toBe("interrupted");
    const finished = cut.points.filter((p: { status: string }) => p.status === "completed").length;
    expect(finished).toBeGreaterThanOrEqual(1);
    expect(finished).toBeLessThan(12);
    expect(cut.error).toMatch(/--resume 1/);
    const listed = JSON.parse(runExecsim(["sweeps", "list", "--db", db, "--json"]).stdout);
    expect(listed[0].status).toBe("interrupted");
    const done = runExecsim(["sweep", "--db", db, "--resume", "1", "--workers", "1", "--json"]);
    expect(done.code).toBe(0);
    const j = JSON.parse(done.stdout);
    expect(j.sweepId).toBe(1);
    expect(j.status).toBe("completed");
    expect(j.points.every((p: { status: string }) => p.status === "completed")).toBe(true);
    // the points stored before the interrupt are kept as they were
    expect(j.points.slice(0, finished)).toEqual(cut.points.slice(0, finished));
    expect(j.recommended).not.toBeNull();
  }, 180_000);
});
