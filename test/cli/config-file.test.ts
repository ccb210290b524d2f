/** `--config FILE` for run and compare, and `runs show ID --config` (end to end, in a child process). */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { tcaRowsWithoutRunId } from "../../src/store/run-queries.js";
import { runExecsim } from "../helpers/cli.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-config-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function rows(db: string, runId: number): unknown[][] {
  const store = openDatabase(db);
  try {
    return tcaRowsWithoutRunId(store, runId);
  } finally {
    store.close();
  }
}

const FLAGS = [
  "--strategies",
  "twap,is:lambda=1e-5",
  "--from",
  "2024-01-10",
  "--to",
  "2024-01-12",
  "--horizon",
  "30m",
  "--impact-param",
  "depthScale=0.5",
  "--seed",
  "7",
];

describe("--config", () => {
  it("a YAML file and the same flags give identical stored runs; flags override the file; runs show --config repeats a run", () => {
    const yaml = path.join(dir, "c.yaml");
    writeFileSync(
      yaml,
      'strategies: [twap, "is:lambda=1e-5"]\nfrom: 2024-01-10\nto: 2024-01-12\nhorizon: 30m\nimpact-param: { depthScale: 0.5 }\nseed: 7\n',
    );
    const db = path.join(dir, "a.db");
    const byFlags = runExecsim(["compare", "--db", db, "--json", ...FLAGS]);
    expect(byFlags.stderr).toBe("");
    const byFile = runExecsim(["compare", "--db", db, "--json", "--config", yaml]);
    expect(byFile.stderr).toBe("");
    const a = JSON.parse(byFlags.stdout);
    const b = JSON.parse(byFile.stdout);
    expect(b.summary).toEqual(a.summary);
    expect(a.parents).toBe(2);
    expect(rows(db, 3)).toEqual(rows(db, 1));
    expect(rows(db, 4)).toEqual(rows(db, 2));

    // a flag on the command line wins over the file
    const over = JSON.parse(
      runExecsim(["compare", "--db", db, "--json", "--config", yaml, "--horizon", "1h"]).stdout,
    );
    expect(over.summary).not.toEqual(a.summary);
    const flags1h = JSON.parse(
      runExecsim([
        "compare",
        "--db",
        db,
        "--json",
        ...FLAGS.slice(0, -6),
        "--horizon",
        "1h",
        ...FLAGS.slice(-4),
      ]).stdout,
    );
    expect(over.summary).toEqual(flags1h.summary);

    // runs show --config prints a file that repeats the batch (YAML, and JSON with --json)
    const shown = runExecsim(["runs", "show", "1", "--db", db, "--config"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("strategies:\n  - twap\n  - is:lambda=1e-5\n");
    expect(shown.stdout).toContain("horizon: 30m\n");
    expect(shown.stdout).toContain('seed: "7"\n');
    expect(shown.stdout).toContain("from: 2024-01-10T00:00:00.000Z\n");
    writeFileSync(path.join(dir, "shown.yaml"), shown.stdout);
    const json = JSON.parse(runExecsim(["runs", "show", "1", "--db", db, "--config", "--json"]).stdout);
    expect(json["impact-param"]).toEqual({ depthScale: 0.5 });
    writeFileSync(path.join(dir, "shown.json"), JSON.stringify(json));
    for (const f of ["shown.yaml", "shown.json"]) {
      const r = JSON.parse(
        runExecsim(["compare", "--db", db, "--json", "--config", path.join(dir, f)]).stdout,
      );
      expect(r.summary).toEqual(a.summary);
    }
  });

  it("run takes --config too, with its strategy key", () => {
    const file = path.join(dir, "run.json");
    writeFileSync(file, JSON.stringify({ strategy: "vwap", from: "2024-01-10", to: "2024-01-11" }));
    const db = path.join(dir, "run.db");
    const byFile = JSON.parse(runExecsim(["run", "--db", db, "--json", "--config", file]).stdout);
    const byFlags = JSON.parse(
      runExecsim([
        "run",
        "--db",
        db,
        "--json",
        "--strategy",
        "vwap",
        "--from",
        "2024-01-10",
        "--to",
        "2024-01-11",
      ]).stdout,
    );
    expect(byFile.strategy).toBe("vwap");
    expect(byFile.summary).toEqual(byFlags.summary);
    const shown = runExecsim(["runs", "show", String(byFile.runId), "--db", db, "--config"]);
    expect(shown.stdout).toContain("strategy: vwap\n");
  });

  it("bad files exit 2 with the flag's message and no stack trace, writing nothing", () => {
    const db = path.join(dir, "never.db");
    const cases: Array<[string, string, RegExp]> = [
      [
        "qty.yaml",
        "qty: abc\n",
        /^error \[INVALID_ARGUMENT\]: --qty must be a number \(config file .*qty\.yaml: qty is "abc"\)\n$/,
      ],
      ["adv.yaml", "adv-fraction: 3\n", /^error \[INVALID_ARGUMENT\]: --adv-fraction: must be in \(0, 1\]/],
      [
        "key.yaml",
        "horizonn: 1h\n",
        /^error \[INVALID_CONFIG\]: config file .*key\.yaml: unknown key "horizonn"; the keys are the command's flags: db, symbol, /,
      ],
      ["broken.json", '{"from": ', /^error \[PARSE_ERROR\]: config file .*broken\.json is not valid JSON: /],
      [
        "list.yaml",
        "- twap\n",
        /^error \[INVALID_CONFIG\]: config file .*list\.yaml: must hold a mapping of flag names/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      const r = runExecsim(["compare", "--db", db, "--config", file]);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
      expect(r.stderr).not.toContain("    at ");
    }
    const missing = runExecsim(["compare", "--db", db, "--config", path.join(dir, "nope.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error \[NOT_FOUND\]: config file .*nope\.yaml does not exist/);
    expect(existsSync(db)).toBe(false);
  });
});
