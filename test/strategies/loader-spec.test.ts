/**
 * Issue 4, findings 3 and 5: strategy parameters on the spec (`is:lambda=1e-5`, `./my.ts:foo=1`) and
 * the sha256 of the strategy's module file.
 */
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  loadStrategy,
  parseStrategySpec,
  splitStrategyList,
  strategyLabel,
} from "../../src/engine/strategy-loader.js";
import { MINUTE_MS, simulate } from "../../src/index.js";
import { DAY, longSeries, parent, spec } from "../helpers/engine-fixtures.js";

const ex = (f: string) => resolve(__dirname, "examples", f);
const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");
const series = longSeries();
const p0 = parent({ startMs: DAY(2), endMs: DAY(2) + 60 * MINUTE_MS, qtyBase: 1e9 });
const tmp = mkdtempSync(join(tmpdir(), "execsim-loader-spec-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("strategy specs with parameters", () => {
  it("parses numbers, booleans and strings, and keeps the values as typed for the label", () => {
    const s = parseStrategySpec(" is:lambda=1e-5:catchUp=false ");
    expect(s.name).toBe("is");
    expect(s.params).toEqual({ lambda: 1e-5, catchUp: false });
    expect(s.paramsText).toBe("lambda=1e-5,catchUp=false");
    expect(strategyLabel("is", s)).toBe("is(lambda=1e-5,catchUp=false)");
    expect(parseStrategySpec("pov:rate=0.2,minChildQty=-3").params).toEqual({ rate: 0.2, minChildQty: -3 });
    expect(parseStrategySpec("./my.ts:mode=fast:n=.5").params).toEqual({ mode: "fast", n: 0.5 });
    expect(parseStrategySpec("twap")).toEqual({ name: "twap", params: {}, paramsText: "" });
    // a Windows path keeps its drive colon; the parameters start at the first ":key="
    expect(parseStrategySpec("C:\\s\\my.ts:foo=1")).toMatchObject({
      name: "C:\\s\\my.ts",
      params: { foo: 1 },
    });
  });

  it("refuses malformed parameters with INVALID_ARGUMENT naming the spec", () => {
    const cases: [string, RegExp][] = [
      ["is:lambda=", /"lambda" has no value/],
      ["is:lambda=1:lambda=2", /"lambda" is given twice/],
      ["is:lambda=1:oops", /"oops" is not key=value/],
      ["is:lambda=1e999", /not a finite number/],
      [":lambda=1", /no strategy name/],
      ["is:", /nothing after the colon/],
    ];
    for (const [spec, re] of cases) {
      expect(() => parseStrategySpec(spec), spec).toThrowError(re);
      try {
        parseStrategySpec(spec);
      } catch (e) {
        expect((e as { code: string }).code).toBe("INVALID_ARGUMENT");
      }
    }
  });

  it("splits a --strategies list, a bare key=value continuing the strategy before it", () => {
    expect(splitStrategyList("is:lambda=1e-5,pov:rate=0.2")).toEqual(["is:lambda=1e-5", "pov:rate=0.2"]);
    expect(splitStrategyList("pov:rate=0.2,minChildQty=1,twap,vwap")).toEqual([
      "pov:rate=0.2,minChildQty=1",
      "twap",
      "vwap",
    ]);
    expect(splitStrategyList("twap,vwap,pov,is")).toEqual(["twap", "vwap", "pov", "is"]);
  });

  it("passes spec parameters to the factory and labels the strategy with them", async () => {
    const is = await loadStrategy("is:lambda=1e-5");
    expect(is.name).toBe("almgren-chriss(lambda=1e-5)");
    expect(is.params).toEqual({ lambda: 1e-5 });
    const pov = await loadStrategy("pov:rate=0.2", { label: "pov(rate=0.2)" });
    expect(pov.name).toBe("pov(rate=0.2)");
    const user = await loadStrategy("./examples/front-loaded.ts:firstFraction=0.6:tail=2", {
      baseDir: __dirname,
    });
    expect(user.name).toBe("front-loaded(firstFraction=0.6,tail=2)");
    expect(user.params).toEqual({ firstFraction: 0.6, tail: 2 });
    expect(user.source).toBe(ex("front-loaded.ts"));
  });

  it("the parameters reach the strategy: POV at rate=0.2 sends children twice the size of rate=0.1", async () => {
    const run = async (s: string) => simulate(spec(series, [p0], [await loadStrategy(s)]))[0]!;
    const [a, b] = [await run("pov:rate=0.1"), await run("pov:rate=0.2")];
    expect(a.status).toBe("completed");
    expect(b.status).toBe("completed");
    expect(b.children[0]!.qtyBase / a.children[0]!.qtyBase).toBeCloseTo(2, 12);
  });

  it("rejects an unknown or mistyped parameter at load time (INVALID_CONFIG, listing the known ones)", async () => {
    await expect(loadStrategy("is:bogus=1")).rejects.toThrowError(/no parameter "bogus".*lambda/);
    await expect(loadStrategy("pov:rate=fast")).rejects.toThrowError(/"rate" must be a number/);
    await expect(
      loadStrategy("./examples/object-strategy.js:x=1", { baseDir: __dirname }),
    ).rejects.toThrowError(/takes no parameters/);
  });
});

describe("strategy module hash", () => {
  it("records the sha256 of the module file's bytes, built-in or user's", async () => {
    const twap = await loadStrategy("twap");
    expect(twap.sha256).toBe(sha(fileURLToPath(new URL("../../strategies/twap.ts", import.meta.url))));
    const user = await loadStrategy(ex("front-loaded.ts"));
    expect(user.sha256).toBe(sha(ex("front-loaded.ts")));
    expect(user.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes when the file's bytes change", async () => {
    const a = join(tmp, "a.js");
    const body = "export default { name: 'flat', start() {} };\n";
    writeFileSync(a, body);
    const first = await loadStrategy(a);
    expect(first.sha256).toBe(createHash("sha256").update(body).digest("hex"));
    const b = join(tmp, "b.js");
    copyFileSync(a, b);
    writeFileSync(b, `${body}// edited\n`);
    expect((await loadStrategy(b)).sha256).not.toBe(first.sha256);
  });
});
