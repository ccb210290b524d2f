/** Config files: keys and value types, relative strategy paths, and the flag form's round trip. */
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildRunConfig } from "../../src/engine/run-config.js";
import { splitStrategyList } from "../../src/engine/strategy-loader.js";
import {
  COMPARE_CONFIG_KINDS,
  formatRunConfigFile,
  parseConfigText,
  rebaseStrategySpec,
  runFlagsFromConfigObject,
} from "../../src/experiment/run-config-file.js";
import {
  flagsFromRunConfig,
  formatDuration,
  runConfigFromFlags,
  type SimulationFlags,
} from "../../src/experiment/run-flags.js";

describe("config file values", () => {
  it("reads YAML and JSON into command-line values", () => {
    const yaml = parseConfigText(
      "strategies: [twap, 'is:lambda=1e-5']\nadvFraction: 0.001\nimpact-param: { depthScale: 0.5 }\nfrom: 2025-06-01\nstart-time: 12:30\n",
      "c.yaml",
    );
    expect(runFlagsFromConfigObject(yaml, COMPARE_CONFIG_KINDS, "c.yaml", "/x")).toEqual({
      strategies: "twap,is:lambda=1e-5",
      "adv-fraction": 0.001,
      "impact-param": ["depthScale=0.5"],
      from: "2025-06-01",
      "start-time": "12:30",
    });
    const json = parseConfigText(
      '{"strategies": "twap,vwap", "qty": "2.5", "seed": 7, "symbol": null, "db": "runs.db"}',
      "c.json",
    );
    expect(runFlagsFromConfigObject(json, COMPARE_CONFIG_KINDS, "c.json", "/x")).toEqual({
      strategies: "twap,vwap",
      qty: 2.5,
      seed: "7",
      db: path.resolve("/x", "runs.db"),
    });
    expect(parseConfigText("", "empty.yaml")).toEqual({});
  });

  it("relative strategy paths are relative to the file's folder", () => {
    const cwd = "/work/here";
    expect(rebaseStrategySpec("./s.ts:tail=3", "/repo/configs", cwd)).toBe("/repo/configs/s.ts:tail=3");
    expect(rebaseStrategySpec("./s.ts", cwd, cwd)).toBe("./s.ts");
    expect(rebaseStrategySpec("is:lambda=1e-5", "/repo", cwd)).toBe("is:lambda=1e-5");
    expect(rebaseStrategySpec("/abs/s.ts", "/repo", cwd)).toBe("/abs/s.ts");
    expect(path.isAbsolute(rebaseStrategySpec("../s.ts", "/repo/a", cwd))).toBe(true);
  });

  it("formats durations with the largest exact unit", () => {
    expect(formatDuration(3_600_000)).toBe("1h");
    expect(formatDuration(1_800_000)).toBe("30m");
    expect(formatDuration(90_000)).toBe("90s");
    expect(formatDuration(86_400_000 * 2)).toBe("2d");
    expect(formatDuration(1500)).toBe("1500ms");
  });

  it("property: a config printed as YAML or JSON and read back is the same config", () => {
    const minute = 60_000;
    const arb = fc.record({
      strategies: fc.uniqueArray(fc.constantFrom("twap", "vwap", "pov", "is", "adaptive", "is:lambda=1e-5"), {
        minLength: 1,
        maxLength: 4,
      }),
      side: fc.constantFrom("buy" as const, "sell" as const),
      qtyBase: fc.option(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { nil: null }),
      advFraction: fc.double({ min: 1e-6, max: 1, noNaN: true }),
      horizonMs: fc.integer({ min: 1, max: 7 * 24 * 60 }).map((m) => m * minute),
      startOfDayMs: fc.integer({ min: 0, max: 24 * 60 - 1 }).map((m) => m * minute),
      fromMs: fc.option(fc.integer({ min: 1.5e12, max: 1.7e12 }), { nil: null }),
      seed: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== ""),
      impact: fc.constantFrom("book" as const, "sqrt" as const, "none" as const),
      latencyMs: fc.integer({ min: 0, max: 60_000 }),
      takerFeeRate: fc.double({ min: 0, max: 0.01, noNaN: true }),
      maxParticipation: fc.option(fc.double({ min: 1e-3, max: 1, noNaN: true }), { nil: null }),
    });
    fc.assert(
      fc.property(arb, fc.constantFrom("yaml" as const, "json" as const), (input, format) => {
        const config = buildRunConfig(input);
        const file = `c.${format}`;
        const text = formatRunConfigFile(flagsFromRunConfig(config, "compare"), format);
        const flags = runFlagsFromConfigObject(
          parseConfigText(text, file),
          COMPARE_CONFIG_KINDS,
          file,
          process.cwd(),
        );
        const again = runConfigFromFlags(
          flags as unknown as SimulationFlags,
          splitStrategyList(String(flags.strategies)),
        );
        expect(again).toEqual(config);
      }),
      { numRuns: 200 },
    );
  });
});
