import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/api-surface.js";

/**
 * Issue 9: dependencies point down the flow. A module may import from its own layer or a lower one,
 * never from a higher one (e.g. nothing below the CLI imports src/cli/, the engine does not import
 * the library layer). The entry points (src/*.ts) sit on top and may import anything. The models
 * (impact/, optimize/) are one layer: the linear-impact model uses the Almgren-Chriss solution and the
 * cost curve the square-root law. A type-only import (`import type`) may point up: it is erased at
 * compile time, so it adds no load-time dependency (the result sink in store/ names the TCA row types
 * it writes).
 */
const LAYER: Record<string, number> = {
  core: 0,
  market: 1,
  impact: 1,
  store: 1,
  optimize: 1,
  venues: 3,
  tca: 3,
  engine: 4,
  experiment: 5,
  calibration: 5,
  report: 5,
  testing: 6,
  cli: 7,
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [path.join(dir, e.name)]
        : [],
  );
}

const SRC = path.join(ROOT, "src");
const layerOf = (file: string) => path.relative(SRC, file).split(path.sep)[0]!;

describe("layering", () => {
  it("every folder of src/ has a layer", () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory());
    for (const f of folders)
      expect(LAYER[f.name], `src/${f.name}/ needs a layer in this test`).toBeTypeOf("number");
  });

  it("no module imports from a higher layer", () => {
    const violations: string[] = [];
    for (const file of sources(SRC)) {
      const from = layerOf(file);
      if (from.endsWith(".ts")) continue; // an entry point
      const text = readFileSync(file, "utf8");
      const specs = [
        // static imports and re-exports, skipping type-only ones (the regex spans multi-line braces)
        ...[...text.matchAll(/\b(?:import|export)\s+(type\s+)?(?:[^;"]*?\sfrom\s*)?"(\.{1,2}\/[^"]+)"/g)]
          .filter((m) => m[1] === undefined)
          .map((m) => m[2]!),
        ...[...text.matchAll(/\bimport\(\s*"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]!),
      ];
      for (const spec of specs) {
        const to = layerOf(path.resolve(path.dirname(file), spec));
        if (to.endsWith(".ts") || to.endsWith(".js")) {
          violations.push(`${path.relative(ROOT, file)} imports the entry point ${spec}`);
        } else if ((LAYER[to] ?? -1) > (LAYER[from] ?? -1)) {
          violations.push(`${path.relative(ROOT, file)} (${from}) imports ${spec} (${to})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
