import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import SummaryLineReporter from "./test/helpers/summary-line-reporter.js";

const src = (file: string) => fileURLToPath(new URL(`./src/${file}.ts`, import.meta.url));

export default defineConfig({
  // `import ... from "execsim"` (and its subpaths) in a strategy file loaded by a test resolves to these
  // sources, as src/engine/self-resolution.ts does for the compiled CLI: one copy of every class
  resolve: {
    alias: [
      { find: /^execsim$/, replacement: src("index") },
      { find: /^execsim\/testing$/, replacement: src("testing/index") },
      { find: /^execsim\/(strategy|store|bybit|ml)$/, replacement: src("$1") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", new SummaryLineReporter()],
  },
});
