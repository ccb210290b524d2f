/**
 * Baselines through the library and the execsim/testing helper: save then check on unchanged code
 * (same and fresh database), a one-line change to a user's strategy file fails with a diff naming the
 * strategy and the metric, a corrupted baseline is a typed error, and --with-data on real candles
 * checks on an empty database.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRunConfig } from "../../src/engine/run-config.js";
import { readBaseline } from "../../src/experiment/baseline/baseline-file.js";
import { checkBaseline, saveBaseline } from "../../src/experiment/baseline/baseline-run.js";
import { importMarketData } from "../../src/market/import-candles.js";
import { openDatabase } from "../../src/store/database.js";
import { BaselineMismatchError, expectMatchesBaseline } from "../../src/testing/index.js";
import { itWithSharedData } from "../helpers/shared-data.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BYBIT_CSV = path.resolve(
  ROOT,
  "../shared/data/bybit/candles/BTCUSDT_linear_1m_2025-05-30_2025-06-29.csv",
);
const DAY = 86_400_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-baseline-lib-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A user's repository: package.json, a strategy file importing execsim, a baselines folder. */
function userRepo(name: string, tail: number): { repo: string; strategy: string } {
  const repo = path.join(dir, name);
  mkdirSync(path.join(repo, "strategies"), { recursive: true });
  writeFileSync(path.join(repo, "package.json"), '{ "type": "module" }\n');
  const strategy = path.join(repo, "strategies", "front.ts");
  writeStrategy(strategy, tail);
  return { repo, strategy };
}

function writeStrategy(file: string, tail: number): void {
  const api = path.join(ROOT, "src/index.js");
  writeFileSync(
    file,
    `import { defineStrategy } from ${JSON.stringify(api)};
export default defineStrategy({
  name: "front",
  defaults: { tail: ${tail} },
  create: (p) => {
    let left = 0;
    return {
      start(ctx) {
        ctx.submit({ qtyBase: ctx.parent.qtyBase / 2, tag: "first" });
        left = p.tail;
        ctx.setTimer(ctx.now + ctx.market.intervalMs, "tail");
      },
      onTimer(ctx) {
        ctx.submit({ qtyBase: ctx.parent.qtyBase / 2 / p.tail, tag: "tail" });
        left--;
        if (left > 0) ctx.setTimer(ctx.now + ctx.market.intervalMs, "tail");
      },
    };
  },
});
`,
  );
}

describe("saveBaseline / checkBaseline", () => {
  it("reproduces a saved baseline on the same and on a fresh database; a changed strategy file fails with a diff", async () => {
    const { repo, strategy } = userRepo("repo-a", 4);
    const baselines = path.join(repo, "baselines");
    const config = buildRunConfig({
      strategies: ["twap", strategy],
      fromMs: Date.UTC(2024, 0, 10),
      toMs: Date.UTC(2024, 0, 12),
    });
    const store = openDatabase(path.join(repo, "a.db"));
    try {
      const saved = await saveBaseline(store, "mine", config, { dir: baselines, cwd: repo });
      const b = saved.baseline;
      expect(b.strategies.map((s) => s.label)).toEqual(["twap", "front"]);
      // the file path is stored relative to the baseline's folder, so the repository can move
      expect(b.config.strategies).toEqual(["twap", "../strategies/front.ts"]);
      expect(b.strategies[1]!.spec).toBe("../strategies/front.ts");
      // Jan 10 and Jan 11 at 12:00 UTC, after a 7-day ADV look-back
      expect(b.strategies[0]!.parents.map((p) => p.id)).toEqual(["2024-01-10", "2024-01-11"]);
      expect(b.data.fromMs).toBe(Date.UTC(2024, 0, 10, 12) - 7 * DAY);
      expect(b.data.toMs).toBe(Date.UTC(2024, 0, 11, 13));
      expect(b.data.bars).toBe((b.data.toMs - b.data.fromMs) / 60_000);
      expect(b.data.builtIn).toEqual({ generatorSeed: 42, source: "synthetic:42" });
      // the cost parts of each parent add up to its shortfall
      for (const s of b.strategies)
        for (const p of s.parents) {
          const sum =
            p.spreadBps! +
            p.temporaryImpactBps! +
            p.permanentImpactBps! +
            p.transientImpactBps! +
            p.timingBps! +
            p.feesBps! +
            p.opportunityBps!;
          expect(sum).toBeCloseTo(p.shortfallBps!, 9);
        }
      // the summary mean is the mean of the per-parent shortfalls
      const tw = b.strategies[0]!;
      expect(tw.metrics["shortfallBps.mean"]).toBeCloseTo(
        (tw.parents[0]!.shortfallBps! + tw.parents[1]!.shortfallBps!) / 2,
        12,
      );
      expect(tw.metrics.parents).toBe(2);

      const again = await checkBaseline(store, "mine", { dir: baselines });
      expect(again.ok).toBe(true);
      expect(again.diff.strategies).toEqual([]);
    } finally {
      store.close();
    }
    // a fresh database: the built-in data is regenerated
    const fresh = await expectMatchesBaseline("mine", { dir: baselines });
    expect(fresh.ok).toBe(true);

    // one line of the user's strategy changes its schedule
    writeStrategy(strategy, 3);
    const failed = await expectMatchesBaseline("mine", { dir: baselines }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(BaselineMismatchError);
    const err = failed as BaselineMismatchError;
    expect(err.name).toBe("AssertionError");
    expect(err.message).toMatch(/^FAIL baseline mine: 1 of 2 strategies changed \(exact\)/);
    expect(err.message).toContain("  front:\n");
    expect(err.message).toMatch(
      /strategy file changed \(sha256 [0-9a-f]{12} → [0-9a-f]{12}\); reported, not a failure by itself/,
    );
    expect(err.message).toMatch(/shortfallBps\.mean\s+\S+ → \S+ \([+-]/);
    expect(err.message).toContain("fills changed on 2 of 2 parents");
    const front = err.result.diff.strategies.find((d) => d.strategy === "front")!;
    expect(front.failing).toBe(true);
    expect(front.moved.map((m) => m.parentId).sort()).toEqual(["2024-01-10", "2024-01-11"]);
    expect(err.result.diff.strategies.map((d) => d.strategy)).toEqual(["front"]);

    // --update accepts the change; the check then passes again
    const upd = await expectMatchesBaseline("mine", { dir: baselines, update: true });
    expect(upd.updated).toBe(true);
    expect((await expectMatchesBaseline("mine", { dir: baselines })).ok).toBe(true);
    const { baseline } = readBaseline(baselines, "mine");
    expect(baseline.strategies[1]!.sha256).toBe(front.sha256Change!.new);
  });

  it("a corrupted baseline is a typed error that says how to fix it", async () => {
    const baselines = path.join(dir, "corrupt");
    mkdirSync(baselines, { recursive: true });
    writeFileSync(path.join(baselines, "cut.json"), '{"format": "execsim-baseline/1", "name": "cut", "conf');
    await expect(expectMatchesBaseline("cut", { dir: baselines })).rejects.toMatchObject({
      code: "PARSE_ERROR",
      message: expect.stringContaining("is not valid JSON"),
    });
    writeFileSync(
      path.join(baselines, "shape.json"),
      JSON.stringify({ format: "execsim-baseline/1", name: "x", config: {}, data: {}, strategies: [] }),
    );
    await expect(expectMatchesBaseline("shape", { dir: baselines })).rejects.toMatchObject({
      code: "INVALID_CONFIG",
      message: expect.stringContaining("is malformed: strategies must name at least one strategy"),
    });
    await expect(expectMatchesBaseline("absent", { dir: baselines })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(expectMatchesBaseline("../x", { dir: baselines })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    // a value the flag would refuse names the baseline and the flag
    const cfg = {
      format: "execsim-baseline/1",
      name: "cfg",
      config: { horizon: "soon", strategies: ["twap"] },
      data: {
        symbol: "S",
        category: "linear",
        interval: "1",
        fromMs: 0,
        toMs: 1,
        from: "",
        to: "",
        bars: 1,
        candlesHash: "h",
      },
      strategies: [
        {
          label: "twap",
          spec: "twap",
          source: "builtin:twap",
          params: {},
          sha256: null,
          metrics: {},
          parents: [],
        },
      ],
    };
    writeFileSync(path.join(baselines, "cfg.json"), JSON.stringify(cfg));
    await expect(expectMatchesBaseline("cfg", { dir: baselines })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringMatching(/^baseline .*cfg\.json, config: duration "soon" is not understood/),
    });
  });

  itWithSharedData(
    BYBIT_CSV,
    "--with-data on real Bybit candles checks on an empty database; other stored candles are refused",
    async () => {
      const baselines = path.join(dir, "real");
      const src = openDatabase(path.join(dir, "real.db"));
      try {
        importMarketData(src, BYBIT_CSV);
        const config = buildRunConfig({
          symbol: "BTCUSDT",
          strategies: ["twap", "is"],
          fromMs: Date.UTC(2025, 5, 10),
          toMs: Date.UTC(2025, 5, 12),
        });
        const saved = await saveBaseline(src, "btc", config, { dir: baselines, withData: true });
        expect(saved.candlesFile).toBe(path.join(baselines, "btc.candles.csv.gz"));
        expect(saved.baseline.data.candlesFile).toBe("btc.candles.csv.gz");
        expect(saved.baseline.data.builtIn).toBeNull();
        // 7 days of look-back before Jun 10 12:00 to the end of Jun 11's parent, one bar a minute
        expect(saved.baseline.data.bars).toBe(8 * 24 * 60 + 60);
        // gzip magic bytes
        expect([...readFileSync(saved.candlesFile!).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
      } finally {
        src.close();
      }
      const empty = path.join(dir, "empty.db");
      expect((await expectMatchesBaseline("btc", { dir: baselines, db: empty })).ok).toBe(true);
      // the imported candles are now stored: a second check uses them as they are
      expect((await expectMatchesBaseline("btc", { dir: baselines, db: empty })).ok).toBe(true);
      const store = openDatabase(empty);
      try {
        store.sqlite
          .prepare("UPDATE candles SET close = close + 1 WHERE open_time_ms = ?")
          .run(Date.UTC(2025, 5, 10, 12));
        await expect(checkBaseline(store, "btc", { dir: baselines })).rejects.toMatchObject({
          code: "DATA_MISMATCH",
          message: expect.stringContaining("first difference at 2025-06-10T12:00:00.000Z"),
        });
      } finally {
        store.close();
      }
    },
  );
});
