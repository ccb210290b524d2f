import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { runExecsim } from "../helpers/cli.js";

let dir: string;
let file: string;
let runId: number;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-runs-"));
  file = path.join(dir, "runs.db");
  const r = runExecsim([
    "run",
    "--db",
    file,
    "--json",
    "--strategy",
    "vwap",
    "--from",
    "2024-01-03",
    "--to",
    "2024-01-06",
    "--side",
    "sell",
    "--horizon",
    "30m",
  ]);
  expect(r.code).toBe(0);
  runId = JSON.parse(r.stdout).runId;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("execsim run / runs list / runs show", () => {
  it("run --json reports the per-parent TCA of one strategy", () => {
    const r = runExecsim(["runs", "show", String(runId), "--db", file, "--json"]);
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout);
    expect(run.status).toBe("completed");
    expect(run.strategy).toBe("vwap");
    expect(run.command).toBe("run");
    expect(run.config.side).toBe("sell");
    expect(run.config.horizonMs).toBe(1_800_000);
    expect(run.config.impact).toBe("book");
    expect(run.config.venue.venue).toBe("book");
    expect(run.candlesHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.codeVersion).toMatch(/^0\.1\.0/);
    expect(run.parents.map((p: { parentId: string }) => p.parentId)).toEqual([
      "2024-01-03",
      "2024-01-04",
      "2024-01-05",
    ]);
    for (const p of run.parents) {
      expect(p.side).toBe("sell");
      expect(p.filledQtyBase).toBeGreaterThan(0);
      expect(p.feesBps).toBeGreaterThan(5.4);
      expect(p.feesBps).toBeLessThan(5.6);
    }
  });

  it("runs show prints config, status and a per-parent table", () => {
    const r = runExecsim(["runs", "show", String(runId), "--db", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`run ${runId}: run vwap\\s+status completed`));
    expect(r.stdout).toMatch(/config \{.*"impact":"book"/);
    expect(r.stdout).toMatch(/parent\s+status\s+filled %\s+IS bps/);
    expect(r.stdout).toMatch(/2024-01-05\s+completed/);
  });

  it("runs list shows the run, and a running run whose process is gone as stale", () => {
    const store = openDatabase(file);
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    store.sqlite
      .prepare(
        `INSERT INTO runs (created_at_ms, command, strategy, config_json, seed, symbol, category, interval, from_ms, to_ms,
          candles_hash, code_version, status, pid, started_at_ms) VALUES (0, 'run', 'twap', '{}', '1', 'X', 'linear', '1', 0, 1, 'h', 'v', 'running', ?, 0)`,
      )
      .run(dead);
    store.close();
    const r = runExecsim(["runs", "list", "--db", file, "--json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: number; status: string; strategy: string }[];
    expect(rows.map((x) => x.status)).toEqual(["stale", "completed"]);
    expect(rows[1]!.id).toBe(runId);
    const text = runExecsim(["runs", "list", "--db", file]);
    expect(text.stdout).toMatch(/stale/);
    const stale = JSON.parse(
      runExecsim(["runs", "list", "--db", file, "--json", "--status", "stale"]).stdout,
    );
    expect(stale).toHaveLength(1);
  });

  it("runs show of an unknown id is a NOT_FOUND error with exit code 2", () => {
    const r = runExecsim(["runs", "show", "999", "--db", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/NOT_FOUND.*no run with id 999/);
  });

  it("runs show of a non-numeric id quotes what was given, exit code 2", () => {
    const r = runExecsim(["runs", "show", "abc", "--db", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INVALID_ARGUMENT.*whole number > 0.*got "abc"/);
  });
});

describe("execsim run with strategy parameters and a user file (issue 4, findings 3 and 5)", () => {
  const strategyBody = (fraction: number) =>
    [
      `import { defineStrategy } from "${path.resolve(__dirname, "../../src/index").replace(/\\/g, "/")}";`,
      "export default defineStrategy({",
      '  name: "lump",',
      `  defaults: { fraction: ${fraction} },`,
      "  create: (p) => ({",
      '    name: "lump",',
      "    start(ctx) { ctx.submit({ qtyBase: ctx.parent.qtyBase * p.fraction }); },",
      "  }),",
      "});",
      "",
    ].join("\n");

  it("stores a user file's sha256 and parameters, shows them in runs show, and labels the run lump(fraction=0.5)", () => {
    const stratFile = path.join(dir, "lump.ts");
    writeFileSync(stratFile, strategyBody(1));
    const sha = createHash("sha256").update(readFileSync(stratFile)).digest("hex");
    const args = ["--db", file, "--json", "--from", "2024-01-03", "--to", "2024-01-05", "--horizon", "30m"];
    const r = runExecsim(["run", ...args, "--strategy", `${stratFile}:fraction=0.5`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.strategy).toBe("lump(fraction=0.5)");
    // half of each parent sent once, at the start: filled 50%
    for (const p of out.parents) expect(p.filledQtyBase / p.qtyBase).toBeCloseTo(0.5, 9);
    const show = runExecsim(["runs", "show", String(out.runId), "--db", file, "--json"]);
    const src = JSON.parse(show.stdout).config.strategySources;
    expect(src).toEqual([
      {
        name: "lump(fraction=0.5)",
        spec: `${stratFile}:fraction=0.5`,
        source: stratFile,
        sha256: sha,
        params: { fraction: 0.5 },
      },
    ]);
    const text = runExecsim(["runs", "show", String(out.runId), "--db", file]);
    expect(text.stdout).toContain(`strategy ${stratFile} sha256 ${sha}, params {"fraction":0.5}`);
    // editing the file changes the recorded hash under the same command line
    writeFileSync(stratFile, strategyBody(0.9));
    const again = JSON.parse(runExecsim(["run", ...args, "--strategy", `${stratFile}:fraction=0.5`]).stdout);
    const src2 = JSON.parse(runExecsim(["runs", "show", String(again.runId), "--db", file, "--json"]).stdout)
      .config.strategySources;
    expect(src2[0].sha256).toBe(createHash("sha256").update(strategyBody(0.9)).digest("hex"));
    expect(src2[0].sha256).not.toBe(sha);
  });

  it("an unknown strategy parameter is exit 2, naming the known ones, and writes no run", () => {
    const fresh = path.join(dir, "never.db");
    const r = runExecsim(["run", "--db", fresh, "--strategy", "is:lamda=1e-5"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INVALID_CONFIG.*no parameter "lamda".*known parameters: lambda/);
    expect(existsSync(fresh)).toBe(false);
    const two = runExecsim(["run", "--db", fresh, "--strategy", "twap,vwap"]);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/--strategy takes one strategy/);
  });
});
