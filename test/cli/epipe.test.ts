/** A reader that stops early (`execsim data export | head -1`) must not make execsim crash. */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const MAIN = path.join(ROOT, "src/cli/main.ts");

describe("execsim output into a closed pipe", () => {
  it("data export | head -1 exits 0 without an EPIPE stack trace", async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), "execsim-epipe-")), "e.db");
    const gen = spawnSync(
      process.execPath,
      ["--import", "tsx", MAIN, "data", "generate", "--days", "2", "--db", db],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    expect(gen.status).toBe(0);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", MAIN, "data", "export", "--symbol", "SYN-BTCUSDT", "--interval", "1", "--db", db],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    const closed = new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    const first = await new Promise<string>((resolve) =>
      child.stdout.once("data", (d) => resolve(String(d))),
    );
    child.stdout.destroy(); // the reader goes away after the first chunk, like `head -1`
    const code = await closed;
    expect(first).toMatch(/^timestamp,open,high,low,close,volume,turnover/);
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
