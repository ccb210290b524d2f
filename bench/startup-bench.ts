/**
 * Start-up of the execsim command (issue 9): wall time of `execsim --help` and `execsim data list`
 * (the compiled CLI, as an installed or linked `execsim` runs it) against `node -e 0` in the same run,
 * interleaved, best of N each (start-up is noisy on a shared machine; the best run is the one least
 * disturbed). Target: each under 4x `node -e 0`. Also `compare` on the built-in data (a warm
 * database), end to end, for reference. Needs the build (`npm run build`, run by `npm ci`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchSection, sig } from "./bench-utils.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin", "execsim.js");
const TARGET_RATIO = 4;

function wallMs(args: readonly string[], cwd: string): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export const startupBench: BenchSection = {
  name: "startup",
  description:
    "execsim --help and data list start-up (compiled CLI) against node -e 0, best of 15, interleaved",
  run: () => {
    if (!existsSync(path.join(ROOT, "dist", "src", "cli", "main.js")))
      throw new Error("dist/ is missing: run `npm run build` first");
    const dir = mkdtempSync(path.join(tmpdir(), "execsim-startup-"));
    try {
      const db = path.join(dir, "bench.db");
      // a database with the built-in data, so data list and compare read real rows
      wallMs([BIN, "compare", "--db", db, "--strategies", "twap"], dir);
      const runs = {
        node: [] as number[],
        help: [] as number[],
        dataList: [] as number[],
        compare: [] as number[],
      };
      for (let i = 0; i < 15; i++) {
        runs.node.push(wallMs(["-e", "0"], dir));
        runs.help.push(wallMs([BIN, "--help"], dir));
        runs.dataList.push(wallMs([BIN, "data", "list", "--db", db], dir));
        if (i < 5) runs.compare.push(wallMs([BIN, "compare", "--db", db], dir));
      }
      const best = (xs: number[]) => Math.min(...xs);
      const node = best(runs.node);
      const entry = (xs: number[]) => {
        const ms = best(xs);
        const ratio = ms / node;
        return {
          bestMs: sig(ms),
          ratioToNode: sig(ratio, 3),
          target: `< ${TARGET_RATIO}x`,
          meetsTarget: ratio < TARGET_RATIO,
        };
      };
      return {
        nodeEmptyMs: sig(node),
        help: entry(runs.help),
        dataList: entry(runs.dataList),
        compareDefault: { bestMs: sig(best(runs.compare)), note: "4 strategies x 29 parents, warm database" },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
