/** Run the execsim CLI in a child process (as a user would) and capture its output and exit code. */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MAIN = path.join(ROOT, "src/cli/main.ts");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runExecsim(
  args: readonly string[],
  /**
   * stdout: a file to write the child's stdout to (e.g. /dev/full) instead of capturing it;
   * timeoutMs: a command that hangs is killed (its code is then -1) instead of hanging the test run.
   */
  opts: { cwd?: string; env?: Record<string, string>; stdout?: string; timeoutMs?: number } = {},
): CliResult {
  const out = opts.stdout === undefined ? "pipe" : openSync(opts.stdout, "w");
  try {
    const r = spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...opts.env },
      encoding: "utf8",
      stdio: ["ignore", out, "pipe"],
      ...(opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs } : {}),
    });
    return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr };
  } finally {
    if (typeof out === "number") closeSync(out);
  }
}

/** Like runExecsim, but asynchronous: several children at once, or a server in this process answering. */
export function runExecsimAsync(args: readonly string[]): Promise<CliResult> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr })));
}
