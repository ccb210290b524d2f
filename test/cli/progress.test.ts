/**
 * Progress with an ETA on stderr only when stderr is a terminal and --json is off. A terminal is
 * emulated with util-linux `script` (a pseudo-terminal); the test is skipped where it is absent.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runExecsim } from "../helpers/cli.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DIR = mkdtempSync(path.join(tmpdir(), "execsim-progress-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const HAVE_SCRIPT = existsSync("/usr/bin/script");
const ARGS = ["compare", "--from", "2024-01-05", "--to", "2024-01-12", "--strategies", "twap,vwap"];

/** Run execsim with stdin/stdout/stderr on a pseudo-terminal; returns everything it drew. */
function onTerminal(args: readonly string[]): string {
  const cmd = [process.execPath, "--import", "tsx", path.join(ROOT, "src/cli/main.ts"), ...args]
    .map((a) => `'${a}'`)
    .join(" ");
  return execFileSync("script", ["-qec", cmd, "/dev/null"], { cwd: ROOT, encoding: "utf8" });
}

describe.skipIf(!HAVE_SCRIPT)("progress bars (skipped without util-linux script)", () => {
  it("compare on a terminal draws a bar with an ETA; --json on a terminal draws none", () => {
    const db = path.join(DIR, "p.db");
    const drawn = onTerminal(["--db", db, ...ARGS]);
    expect(drawn).toMatch(/compare \[.*\] \d+% \| \d+\/14 executions \| ETA/);
    expect(drawn).toMatch(/spread source corwin-schultz/);
    const json = onTerminal(["--db", db, "--json", ...ARGS]);
    expect(json).not.toMatch(/ETA|executions/);
    expect(JSON.parse(json.slice(json.indexOf("{"))).parents).toBe(7);
  });
});

describe("without a terminal", () => {
  it("stderr gets no progress (piped output stays as it was)", () => {
    const r = runExecsim(["--db", path.join(DIR, "q.db"), ...ARGS]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/ETA|executions|\[/);
  });
});
