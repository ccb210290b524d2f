import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportSelector } from "../../src/cli/report-command.js";
import { runExecsim } from "../helpers/cli.js";

let dir: string;
let db: string;
let batchId: string;
let reportFile: string;
let compareOut: { runs: { runId: number }[]; report: string };

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-report-cli-"));
  db = path.join(dir, "r.db");
  reportFile = path.join(dir, "compare.html");
  const r = runExecsim([
    "compare",
    "--db",
    db,
    "--from",
    "2024-01-05",
    "--to",
    "2024-01-09",
    "--strategies",
    "twap,is",
    "--report",
    reportFile,
    "--json",
  ]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  compareOut = JSON.parse(r.stdout);
  batchId = (compareOut as unknown as { batchId: string }).batchId;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("execsim report / --report / runs export (end to end)", () => {
  it("compare --report writes the report and prints its path", () => {
    expect(compareOut.report).toBe(reportFile);
    const html = readFileSync(reportFile, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain(`execsim report: batch ${batchId}`);
    expect((html.match(/<div class="chart" id="chart-[a-z-]+"><svg /g) ?? []).length).toBe(5);
  });

  it("writes the same bytes as compare --report, and again on a second run", () => {
    const a = path.join(dir, "a.html");
    const b = path.join(dir, "b.html");
    const r1 = runExecsim(["report", "--db", db, "--batch", batchId, "--out", a]);
    expect(r1.code).toBe(0);
    expect(r1.stdout).toBe(
      `report written to ${a} (5 charts, ${Math.ceil(readFileSync(a).length / 1024)} KiB)\n`,
    );
    const r2 = runExecsim(["report", "--db", db, "--batch", batchId, "--out", b, "--json"]);
    expect(r2.code).toBe(0);
    expect(JSON.parse(r2.stdout)).toMatchObject({
      path: b,
      charts: ["shortfall", "cost-parts", "trajectories", "price-path", "impact"],
      omitted: [],
    });
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(readFileSync(a).equals(readFileSync(reportFile))).toBe(true);
  });

  it("run --report reports the one run", () => {
    const file = path.join(dir, "run.html");
    const r = runExecsim(["run", "--db", db, "--from", "2024-01-05", "--to", "2024-01-07", "--report", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`report written to ${file}`);
    expect(readFileSync(file, "utf8")).toMatch(/execsim report: run \d+ \(twap\)/);
  });

  it("exits 2 with a clear message on bad ids, a bad selector or an unwritable --out, writing nothing", () => {
    const out = path.join(dir, "never.html");
    const cases: [string[], RegExp][] = [
      [
        ["report", "--batch", "no-such-batch"],
        /error \[NOT_FOUND\]: no runs stored with batch id "no-such-batch"/,
      ],
      [["report", "--run", "9999"], /error \[NOT_FOUND\]: no run with id 9999/],
      [["report", "--run", "1", "--batch", batchId], /exactly one of .* \(got --batch and --run\)/],
    ];
    for (const [args, msg] of cases) {
      const r = runExecsim([...args, "--db", db, "--out", out]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
    expect(existsSync(out)).toBe(false);
  });

  it("exits 2 on an unwritable --out / --report, before anything is stored", () => {
    const unwritable: [string, RegExp][] = [
      [path.join(dir, "no", "such", "folder", "r.html"), /the folder .* does not exist/],
      [dir, /is a folder; give a file name/],
    ];
    for (const [target, msg] of unwritable) {
      const r = runExecsim(["report", "--db", db, "--batch", batchId, "--out", target]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
    const before = runExecsim(["runs", "list", "--db", db, "--json"]);
    const bad = runExecsim(["compare", "--db", db, "--report", path.join(dir, "nope", "r.html")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error \[INVALID_ARGUMENT\]: --report .* does not exist/);
    expect(runExecsim(["runs", "list", "--db", db, "--json"]).stdout).toBe(before.stdout);
  });

  it("runs export writes a table of a batch or a run as CSV or JSON lines", () => {
    const csv = runExecsim(["runs", "export", "--db", db, "--batch", batchId, "--table", "parents"]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "run_id,strategy,parent_id,symbol,side,qty_base,start_ms,start_utc,end_ms,end_utc,limit_price_quote,max_participation_fraction,status,error,arrival_mid_quote,end_mid_quote,fill_state",
    );
    // two strategies × four parents (Jan 5..8)
    expect(lines).toHaveLength(1 + 8);
    expect(lines[1]).toMatch(/^\d+,twap,2024-01-05,SYN-BTCUSDT,buy,/);
    const id = compareOut.runs[1]!.runId;
    const sub = path.join(dir, "exports");
    mkdirSync(sub);
    const file = path.join(sub, "tca.jsonl");
    const exportRun = (table: string, format: string, out: string) =>
      runExecsim([
        "runs",
        "export",
        String(id),
        "--db",
        db,
        "--table",
        table,
        "--format",
        format,
        "--out",
        out,
      ]);
    const j = exportRun("tca", "jsonl", file);
    expect(j.code).toBe(0);
    expect(j.stdout).toBe(`wrote the tca of run(s) ${id} to ${file} (jsonl)\n`);
    const rows = readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.every((r) => r.run_id === id && r.strategy === "is")).toBe(true);
    expect(rows.filter((r) => r.level === "parent")).toHaveLength(4);
    const pq = path.join(sub, "fills.parquet");
    const p = exportRun("fills", "parquet", pq);
    expect(p.code).toBe(0);
    // a Parquet file starts and ends with the magic bytes PAR1
    const bytes = readFileSync(pq);
    expect(bytes.subarray(0, 4).toString()).toBe("PAR1");
    expect(bytes.subarray(-4).toString()).toBe("PAR1");
    const bad: [string[], RegExp][] = [
      [["runs", "export", "--table", "fills"], /name a run id or --batch ID/],
      [["runs", "export", "1", "--table", "trades"], /Invalid values/],
      [["runs", "export", "777", "--table", "fills"], /error \[NOT_FOUND\]: no run with id 777/],
    ];
    for (const [args, msg] of bad) {
      const r = runExecsim([...args, "--db", db]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });
});

describe("reportSelector", () => {
  it("takes exactly one of --batch, --run, --sweep and parses the run and sweep ids", () => {
    expect(reportSelector({ batch: "b1" })).toEqual({ batchId: "b1" });
    expect(reportSelector({ run: "12" })).toEqual({ runId: 12 });
    expect(reportSelector({ sweep: "3" })).toEqual({ sweepId: "3" });
    expect(() => reportSelector({ sweep: "s" })).toThrow(/sweep id must be a whole number > 0/);
    expect(() => reportSelector({})).toThrow(
      /name exactly one of --batch ID, --run ID or --sweep ID \(got none\)/,
    );
    expect(() => reportSelector({ run: "abc" })).toThrow(/run id must be a whole number > 0/);
    expect(() => reportSelector({ run: "0" })).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
  });
});

describe("execsim sweep --report / report --sweep (end to end)", () => {
  it("sweep --report writes the sweep's report and prints its path; report --sweep writes the same bytes", () => {
    const sdb = path.join(dir, "sweep.db");
    const file = path.join(dir, "sweep.html");
    const args = ["sweep", "--db", sdb, "--from", "2024-01-03", "--to", "2024-01-06", "--workers", "1"];
    const r = runExecsim([...args, "--param", "lambda=1e-6,1e-4", "--report", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `report written to ${file} (4 charts, ${Math.ceil(readFileSync(file).length / 1024)} KiB)\n`,
    );
    expect(r.stdout).toContain('chart "trajectories" left out: a sweep stores parent-level rows only');
    const html = readFileSync(file, "utf8");
    expect(html).toContain("<title>execsim report: sweep 1 (is)</title>");
    expect(html).toContain('<div class="chart" id="chart-frontier"><svg ');

    const again = path.join(dir, "sweep-again.html");
    const rep = runExecsim(["report", "--db", sdb, "--sweep", "1", "--out", again, "--json"]);
    expect(rep.code).toBe(0);
    expect(JSON.parse(rep.stdout)).toMatchObject({
      path: again,
      charts: ["frontier", "shortfall", "cost-parts", "impact"],
      omitted: [{ id: "trajectories" }, { id: "price-path" }],
    });
    expect(readFileSync(again).equals(readFileSync(file))).toBe(true);

    // --json names the report beside the sweep
    const j = runExecsim([
      ...args,
      "--param",
      "lambda=1e-5",
      "--report",
      path.join(dir, "s2.html"),
      "--json",
    ]);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ sweepId: 2, report: path.join(dir, "s2.html") });

    const bad: [string[], RegExp][] = [
      [["report", "--sweep", "9"], /error \[NOT_FOUND\]: no sweep with id 9/],
      [["report", "--sweep", "first"], /error \[INVALID_ARGUMENT\]: sweep id must be a whole number > 0/],
      [["report", "--sweep", "1", "--out", dir], /error \[INVALID_ARGUMENT\]: --out .* is a folder/],
    ];
    for (const [a, msg] of bad) {
      const b = runExecsim([...a, "--db", sdb]);
      expect(b.code, a.join(" ")).toBe(2);
      expect(b.stderr).toMatch(msg);
    }
  }, 180_000);

  it("sweep with an unwritable --report exits 2 before anything is stored", () => {
    const sdb = path.join(dir, "never-sweep.db");
    const r = runExecsim([
      "sweep",
      "--db",
      sdb,
      "--param",
      "lambda=1e-6",
      "--report",
      path.join(dir, "no", "such", "r.html"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error \[INVALID_ARGUMENT\]: --report .* the folder .* does not exist/);
    expect(existsSync(sdb)).toBe(false);
  });
});
