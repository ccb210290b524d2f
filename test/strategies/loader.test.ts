import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_STRATEGIES, loadStrategy, MINUTE_MS, simulate } from "../../src/index.js";
import { DAY, longSeries, parent, spec } from "../helpers/engine-fixtures.js";

const ex = (f: string) => resolve(__dirname, "examples", f);
const series = longSeries();
const p0 = parent({ startMs: DAY(2), endMs: DAY(2) + 60 * MINUTE_MS });

describe("strategy loader", () => {
  it("loads every built-in by name and alias, and each one runs to completion on the stub venue", async () => {
    const expected: Record<string, string> = {
      twap: "twap",
      vwap: "vwap",
      pov: "pov",
      is: "almgren-chriss",
      "almgren-chriss": "almgren-chriss",
      ac: "almgren-chriss",
      adaptive: "adaptive",
      "amm-route": "amm-route",
    };
    expect(Object.keys(BUILTIN_STRATEGIES).sort()).toEqual(Object.keys(expected).sort());
    for (const [alias, name] of Object.entries(expected)) {
      const s = await loadStrategy(alias);
      expect(s.name).toBe(name);
      expect(s.source).toBe(`builtin:${name}`);
      const [r] = simulate(spec(series, [p0], [s]));
      expect(r!.status, `${alias}: ${r!.error}`).toBe("completed");
      expect(r!.fills.length).toBeGreaterThan(0);
    }
  });

  it("loads a user's TypeScript file with parameters (--strategy ./my-strategy.ts)", async () => {
    const s = await loadStrategy("./examples/front-loaded.ts", {
      baseDir: __dirname,
      params: { firstFraction: 0.6, tail: 2 },
    });
    expect(s.name).toBe("front-loaded");
    expect(s.source).toBe(ex("front-loaded.ts"));
    const [r] = simulate(spec(series, [p0], [s]));
    expect(r!.children.map((c) => c.qtyBase)).toEqual([6, 2, 2]);
    expect(r!.children.map((c) => c.submitMs - p0.startMs)).toEqual([0, MINUTE_MS, 2 * MINUTE_MS]);
  });

  it("loads a default-exported strategy object from a .js file", async () => {
    const s = await loadStrategy(ex("object-strategy.js"), { label: "obj" });
    expect(s.name).toBe("obj");
    const r = simulate(
      spec(
        series,
        [
          { ...p0, id: "a" },
          { ...p0, id: "b" },
        ],
        [s],
      ),
    );
    expect(r.map((e) => e.fills[0]!.qtyBase)).toEqual([10, 10]);
  });

  it("explains what is wrong with a bad name, path, module or parameter", async () => {
    await expect(loadStrategy("twapp")).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: /unknown strategy "twapp"; built-ins are twap/,
    });
    await expect(loadStrategy("./nope.ts")).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: /does not exist/,
    });
    await expect(loadStrategy(ex("not-a-strategy.ts"))).rejects.toMatchObject({
      code: "INVALID_CONFIG",
      message: /not a strategy: it needs a `start\(ctx\)` function/,
    });
    await expect(loadStrategy(ex("no-default.ts"))).rejects.toMatchObject({
      code: "INVALID_CONFIG",
      message: /no default export/,
    });
    // A file that does not compile is written to a temporary folder (keeping it in the repo would break tsc).
    const dir = mkdtempSync(join(tmpdir(), "execsim-loader-"));
    const broken = join(dir, "broken.ts");
    writeFileSync(broken, "export default {\n");
    try {
      await expect(loadStrategy(broken)).rejects.toMatchObject({
        code: "INVALID_CONFIG",
        message: /could not load strategy file/,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(loadStrategy("twap", { params: { sliceMS: 1 } })).rejects.toMatchObject({
      code: "INVALID_CONFIG",
      message: /no parameter "sliceMS"; known parameters: sliceMs, slices, lotSize, catchUp, limitPrice/,
    });
    await expect(loadStrategy(ex("object-strategy.js"), { params: { x: 1 } })).rejects.toMatchObject({
      code: "INVALID_CONFIG",
      message: /takes no parameters/,
    });
    await expect(loadStrategy("pov", { params: { rate: 2 } })).rejects.toMatchObject({
      code: "INVALID_CONFIG",
      message: /rate must be in \(0, 1\]/,
    });
  });
});
