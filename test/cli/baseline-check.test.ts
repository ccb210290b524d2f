/**
 * `execsim baseline save`, `execsim check` and `execsim runs diff` end to end, as a user's CI runs
 * them: save, commit, change the strategy, see check fail with a readable diff (exit 1); corrupted
 * baselines exit 2 without a stack trace.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, runExecsim as runFromRoot } from "../helpers/cli.js";
import { itWithSharedData } from "../helpers/shared-data.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The CLI run from a user's folder `cwd` (default: the repository root). */
function runExecsim(args: readonly string[], opts: { cwd?: string } = {}): CliResult {
  if (opts.cwd === undefined) return runFromRoot(args);
  // the TypeScript sources through tsx (by path: a user's folder has no tsx to resolve)
  const tsx = pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
  const r = spawnSync(process.execPath, ["--import", tsx, path.join(ROOT, "src/cli/main.ts"), ...args], {
    cwd: opts.cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
let repo: string;

function strategySource(sliceEvery: number): string {
  return `import { defineStrategy } from ${JSON.stringify(path.join(ROOT, "src/index.js"))};
export default defineStrategy({
  name: "mine",
  defaults: {},
  create: () => ({
    start(ctx) {
      const n = Math.floor((ctx.parent.endMs - ctx.parent.startMs) / ctx.market.intervalMs / ${sliceEvery});
      for (let k = 0; k < n; k++) ctx.setTimer(ctx.parent.startMs + k * ${sliceEvery} * ctx.market.intervalMs, "slice");
    },
    onTimer(ctx) {
      const n = Math.floor((ctx.parent.endMs - ctx.parent.startMs) / ctx.market.intervalMs / ${sliceEvery});
      ctx.submit({ qtyBase: ctx.parent.qtyBase / n });
    },
  }),
});
`;
}

beforeAll(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), "execsim-check-"));
  mkdirSync(path.join(repo, "strategies"));
  writeFileSync(path.join(repo, "package.json"), '{ "type": "module" }\n');
  writeFileSync(path.join(repo, "strategies", "mine.ts"), strategySource(5));
});
afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
});

const RANGE = ["--from", "2024-01-10", "--to", "2024-01-13"];
const BYBIT_CSV = path.resolve(
  ROOT,
  "../shared/data/bybit/candles/BTCUSDT_linear_1m_2025-05-30_2025-06-29.csv",
);

describe("execsim baseline save / check / runs diff", () => {
  it("save then check passes (also on a fresh database); a one-line change fails with a diff; --update accepts it", () => {
    const saved = runExecsim(
      ["baseline", "save", "mine", "--db", "a.db", "--strategies", "twap,./strategies/mine.ts", ...RANGE],
      { cwd: repo },
    );
    expect(saved.stderr).toBe("");
    expect(saved.code).toBe(0);
    expect(saved.stdout).toMatch(
      /^saved baseline mine to .*baselines\/mine\.json: 2 strategies \(twap, mine\), 3 parent order\(s\) each/,
    );
    const file = path.join(repo, "baselines", "mine.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    expect(json.config.strategies).toEqual(["twap", "../strategies/mine.ts"]);
    expect(json.strategies[1].parents).toHaveLength(3);

    const same = runExecsim(["check", "mine", "--db", "a.db"], { cwd: repo });
    expect(same.stdout).toBe("PASS baseline mine: 2 strategies reproduced (exact)\n");
    expect(same.code).toBe(0);
    // from another folder, on a fresh database
    const fresh = runExecsim([
      "check",
      "mine",
      "--dir",
      path.join(repo, "baselines"),
      "--db",
      path.join(repo, "fresh.db"),
    ]);
    expect(fresh.code).toBe(0);

    // the user's one-line change: slices every 4 bars instead of 5
    writeFileSync(path.join(repo, "strategies", "mine.ts"), strategySource(4));
    const changed = runExecsim(["check", "mine", "--db", "a.db"], { cwd: repo });
    expect(changed.code).toBe(1);
    expect(changed.stderr).toBe("");
    expect(changed.stdout).toMatch(/^FAIL baseline mine: 1 of 2 strategies changed \(exact\)\n {2}mine:\n/);
    expect(changed.stdout).toMatch(/\n {4}shortfallBps\.mean +-?\d[\d.e-]* → -?\d[\d.e-]* \([+-]/);
    expect(changed.stdout).toContain("fills changed on 3 of 3 parents");
    expect(changed.stdout).toContain("parents that moved most (shortfall, bps):\n      2024-01-1");
    expect(changed.stdout).not.toContain("twap:");

    // the JSON form names the same strategy and metrics
    const asJson = JSON.parse(runExecsim(["check", "mine", "--db", "a.db", "--json"], { cwd: repo }).stdout);
    expect(asJson.ok).toBe(false);
    expect(asJson.baselines[0].diff.strategies[0].strategy).toBe("mine");
    expect(asJson.baselines[0].diff.strategies[0].metrics.map((m: { metric: string }) => m.metric)).toContain(
      "shortfallBps.mean",
    );

    // a tolerance far above the move passes; the file hash change is still reported
    const loose = runExecsim(["check", "mine", "--db", "a.db", "--tolerance-bps", "1000"], { cwd: repo });
    expect(loose.code).toBe(0);
    expect(loose.stdout).toMatch(
      /^PASS baseline mine: 2 strategies reproduced \(within 1000 bps\)\n {2}mine: unchanged results\n {4}strategy file changed/,
    );

    const upd = runExecsim(["check", "--all", "--update", "--db", "a.db"], { cwd: repo });
    expect(upd.code).toBe(0);
    expect(upd.stdout).toContain("FAIL baseline mine: 1 of 2 strategies changed (exact)");
    expect(upd.stdout).toContain(`updated ${file}`);
    expect(runExecsim(["check", "--all", "--db", "a.db"], { cwd: repo }).code).toBe(0);

    // runs diff: batch 1 (runs 1, 2) against the changed run of batch 3 (runs 5, 6)
    const d = runExecsim(["runs", "diff", "2", "6", "--db", "a.db"], { cwd: repo });
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/^FAIL run 6 against run 2: 1 of 1 strategy changed \(exact\)\n {2}mine:\n/);
    const twap = runExecsim(["runs", "diff", "1", "5", "--db", "a.db"], { cwd: repo });
    expect(twap.stdout).toBe("PASS run 5 against run 1: 1 strategy reproduced (exact)\n");
    // nine CLI runs, each starting worker threads (and tsx in the user file's): beyond the default 60 s
    // on the loaded 2-core machine
  }, 240_000);

  it("a missing, corrupted or malformed baseline exits 2 with a clear message and no stack trace", () => {
    const dir = path.join(repo, "bad");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "cut.json"), '{"format":"execsim-baseline/1","strat');
    writeFileSync(
      path.join(dir, "wrong.json"),
      '{"format":"execsim-baseline/1","name":"wrong","config":{},"data":{},"strategies":[{}]}',
    );
    const cases: Array<[string[], RegExp]> = [
      [
        ["check", "cut"],
        /^error \[PARSE_ERROR\]: baseline .*cut\.json is not valid JSON \(.*\); restore it from version control or save it again/,
      ],
      [
        ["check", "wrong"],
        /^error \[INVALID_CONFIG\]: baseline .*wrong\.json is malformed: strategies\[0\]\.metrics must be an object; restore it/,
      ],
      [
        ["check", "absent"],
        /^error \[NOT_FOUND\]: no baseline .*absent\.json; save it with `execsim baseline save absent`/,
      ],
      [["check", "--all"], /^error \[PARSE_ERROR\]: baseline .*cut\.json/],
      [["check"], /^error \[INVALID_ARGUMENT\]: name one baseline/],
    ];
    for (const [args, message] of cases) {
      const r = runExecsim([...args, "--dir", dir, "--db", path.join(dir, "x.db")]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain("    at ");
    }
  });

  itWithSharedData(
    BYBIT_CSV,
    "--with-data: a baseline on real Bybit candles checks on an empty database",
    () => {
      const dir = path.join(repo, "real");
      const src = path.join(dir, "src.db");
      mkdirSync(dir);
      expect(runExecsim(["data", "import", BYBIT_CSV, "--db", src]).code).toBe(0);
      const saved = runExecsim([
        "baseline",
        "save",
        "btc",
        "--db",
        src,
        "--dir",
        dir,
        "--with-data",
        "--symbol",
        "BTCUSDT",
        "--from",
        "2025-06-10",
        "--to",
        "2025-06-12",
        "--strategies",
        "twap,vwap",
      ]);
      expect(saved.code).toBe(0);
      expect(saved.stdout).toContain(`candles written to ${path.join(dir, "btc.candles.csv.gz")}`);
      const empty = path.join(dir, "empty.db");
      const r = runExecsim(["check", "btc", "--dir", dir, "--db", empty]);
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe("PASS baseline btc: 2 strategies reproduced (exact)\n");
      expect(r.code).toBe(0);
      // without the candles file an empty database cannot check it: exit 2 naming the series
      rmSync(path.join(dir, "btc.candles.csv.gz"));
      const missing = runExecsim(["check", "btc", "--dir", dir, "--db", path.join(dir, "empty2.db")]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(
        /^error \[NOT_FOUND\]: the candles of baseline btc \(BTCUSDT linear interval 1, 2025-06-03T12:00:00\.000Z \.\. 2025-06-11T13:00:00\.000Z, 11580 bars\) are missing/,
      );
    },
  );
});
