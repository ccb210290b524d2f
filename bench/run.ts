/**
 * `npm run bench`: run the benchmark sections and print ONE JSON object to stdout:
 *   { "machine": {...}, "sections": { "<name>": {...measurements} }, "totalSeconds": n }
 * (npm itself prints a "> execsim bench" banner on stdout: use `npm run -s bench` or
 * `npx tsx bench/run.ts` to pipe the JSON.) `npm run bench -- --only data,models` runs only the named
 * sections. Progress goes to stderr. A section that throws is reported as { "error": message } and
 * makes the exit code 1; the others still run.
 * To add a section: write bench/<name>-bench.ts exporting a BenchSection, then add one import and one
 * entry to SECTIONS below.
 */
import { performance } from "node:perf_hooks";
import { type BenchResult, type BenchSection, machineInfo, sig } from "./bench-utils.js";
import { bookBench } from "./book-bench.js";
import { dataBench } from "./data-bench.js";
import { e2eBench } from "./e2e-bench.js";
import { engineBench } from "./engine-bench.js";
import { executorBench } from "./executor-bench.js";
import { importBench } from "./import-bench.js";
import { mlBench } from "./ml-bench.js";
import { modelsBench } from "./models-bench.js";
import { ownExecutionsBench } from "./own-executions-bench.js";
import { reportBench } from "./report-bench.js";
import { routingBench } from "./routing-bench.js";
import { startupBench } from "./startup-bench.js";
import { sweepBench } from "./sweep-bench.js";

export const SECTIONS: readonly BenchSection[] = [
  startupBench,
  dataBench,
  importBench,
  bookBench,
  engineBench,
  executorBench,
  modelsBench,
  mlBench,
  sweepBench,
  e2eBench,
  ownExecutionsBench,
  routingBench,
  reportBench,
];

function parseOnly(argv: readonly string[]): Set<string> | null {
  const i = argv.findIndex((a) => a === "--only" || a.startsWith("--only="));
  if (i < 0) return null;
  const arg = argv[i]!;
  const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[i + 1];
  if (!value) throw new Error("--only needs a comma-separated list of section names");
  return new Set(
    value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

async function main(): Promise<void> {
  const only = parseOnly(process.argv.slice(2));
  if (only) {
    const unknown = [...only].filter((n) => !SECTIONS.some((s) => s.name === n));
    if (unknown.length > 0) {
      process.stderr.write(
        `unknown bench section(s): ${unknown.join(", ")}; available: ${SECTIONS.map((s) => s.name).join(", ")}\n`,
      );
      process.exitCode = 2;
      return;
    }
  }
  const t0 = performance.now();
  const sections: Record<string, BenchResult> = {};
  for (const s of SECTIONS) {
    if (only && !only.has(s.name)) continue;
    process.stderr.write(`bench ${s.name}: ${s.description}\n`);
    const t = performance.now();
    try {
      sections[s.name] = await s.run();
      process.stderr.write(`bench ${s.name}: done in ${((performance.now() - t) / 1000).toFixed(2)} s\n`);
    } catch (e) {
      // One broken section must not hide the others' numbers: record it, finish, exit non-zero.
      const message = e instanceof Error ? e.message : String(e);
      sections[s.name] = { error: message };
      process.stderr.write(`bench ${s.name}: FAILED: ${(e as Error)?.stack ?? message}\n`);
      process.exitCode = 1;
    }
  }
  const report = { machine: machineInfo(), sections, totalSeconds: sig((performance.now() - t0) / 1000) };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

await main();
