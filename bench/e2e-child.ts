/**
 * Child process of the end-to-end bench (bench/e2e-bench.ts): runs the execsim CLI with the given
 * arguments in this process, then writes one line `E2E_USAGE {"maxRssKb":..,"userUs":..,"systemUs":..}`
 * to stderr at exit: the process's peak RSS and CPU time, which its parent cannot read from outside.
 */
import { writeSync } from "node:fs";
import yargs from "yargs";
import { runCli } from "../src/cli/run-cli.js";

process.on("exit", () => {
  const u = process.resourceUsage();
  writeSync(
    2,
    `\nE2E_USAGE ${JSON.stringify({ maxRssKb: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime })}\n`,
  );
});
await runCli(yargs(process.argv.slice(2)));
