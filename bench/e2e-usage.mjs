// Preloaded (`node --import ./bench/e2e-usage.mjs bin/execsim.js ...`) by the end-to-end bench
// (bench/e2e-bench.ts): at exit, writes one line `E2E_USAGE {"maxRssKb":..,"userUs":..,"systemUs":..}` to
// stderr, the process's peak RSS and CPU time, which its parent cannot read from outside.
import { writeSync } from "node:fs";

process.on("exit", () => {
  const u = process.resourceUsage();
  writeSync(
    2,
    `\nE2E_USAGE ${JSON.stringify({ maxRssKb: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime })}\n`,
  );
});
