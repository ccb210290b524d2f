import { describe, expect, it } from "vitest";
import type { ParentExecution } from "../../src/core/execution-types.js";
import { HOUR_MS, MINUTE_MS } from "../../src/core/interval.js";
import { simulate } from "../../src/engine/simulator.js";
import { compareStrategies } from "../../src/experiment/batch.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";
import { writeCandles } from "../../src/store/candle-store.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";
import type { StoreLevel } from "../../src/store/result-sink.js";
import { getRun } from "../../src/store/run-queries.js";
import { twap } from "../../strategies/twap.js";
import { makeSeries, parent, spec, T0 } from "../helpers/engine-fixtures.js";

const KEY = { symbol: "LEVELS", category: "linear", interval: "1" } as const;

function count(store: ExecsimDatabase, table: string, where = ""): number {
  return store.sqlite.prepare(`SELECT count(*) FROM ${table} ${where}`).pluck().get() as number;
}

/** Rows of a table without the run id (the same batch stored in different stores). */
function rows(store: ExecsimDatabase, sql: string): unknown[] {
  return (store.sqlite.prepare(sql).raw(true).all() as unknown[][]).map((r) => r.slice(1));
}

async function batch(level: StoreLevel) {
  const store = openDatabase(":memory:");
  writeCandles(
    store,
    KEY,
    generateSyntheticCandles({ ...KEY, startMs: T0, bars: 6 * 1440, seed: 5 }),
    "test",
  );
  const result = await compareStrategies(
    store,
    { symbol: KEY.symbol, strategies: ["twap", "vwap", "is"], horizonMs: HOUR_MS },
    { store: level },
  );
  return { store, result };
}

describe("--store full | parents | summary", () => {
  it("parents keeps exactly the full store's parent orders and parent-level TCA, and nothing below them", async () => {
    const full = await batch("full");
    const parents = await batch("parents");
    expect(parents.result.summary).toEqual(full.result.summary);
    expect(count(full.store, "fills")).toBeGreaterThan(0);
    expect(count(full.store, "tca_results", "WHERE level = 'child'")).toBeGreaterThan(0);
    for (const t of ["child_orders", "fills"]) expect(count(parents.store, t)).toBe(0);
    expect(count(parents.store, "tca_results", "WHERE level = 'child'")).toBe(0);
    expect(rows(parents.store, "SELECT * FROM parent_orders ORDER BY run_id, parent_id")).toEqual(
      rows(full.store, "SELECT * FROM parent_orders ORDER BY run_id, parent_id"),
    );
    // parent rows keep their values; their seq differs (no child rows between them), so compare without it
    const parentTca =
      "SELECT run_id, parent_id, level, status, shortfall_bps, fees_quote, pre_trade_bps FROM tca_results WHERE level = 'parent' ORDER BY run_id, seq";
    expect(rows(parents.store, parentTca)).toEqual(rows(full.store, parentTca));
    expect(getRun(parents.store, 1).config).toMatchObject({ store: "parents" });
    expect(getRun(full.store, 1).config).not.toHaveProperty("store");
    expect(getRun(full.store, 1).summary).toBeNull();
  }, 60_000);

  it("summary stores only the run rows, each with its strategy's aggregate", async () => {
    const { store, result } = await batch("summary");
    expect(count(store, "runs")).toBe(3);
    for (const t of ["parent_orders", "child_orders", "fills", "tca_results"])
      expect(count(store, t)).toBe(0);
    for (const r of result.runs) {
      const stored = getRun(store, r.runId);
      expect(stored.status).toBe("completed");
      expect(stored.summary).toEqual(
        JSON.parse(JSON.stringify(result.summary.find((s) => s.strategy === r.strategy))),
      );
    }
    expect(result.tca).toHaveLength(3 * result.parents);
  }, 60_000);
});

describe("simulate({ retainResults: false })", () => {
  it("streams every execution to onExecution and keeps none of them", () => {
    const series = makeSeries({ n: 600 });
    const parents = [
      parent({ id: "a" }),
      parent({ id: "b", startMs: T0 + 200 * MINUTE_MS, endMs: T0 + 260 * MINUTE_MS }),
    ];
    const strategies = [{ name: "twap", create: () => twap({ slices: 3 }) }];
    const kept = simulate(spec(series, parents, strategies));
    const streamed: ParentExecution[] = [];
    const none = simulate({
      ...spec(series, parents, strategies),
      retainResults: false,
      onExecution: (e) => streamed.push(e),
    });
    expect(none).toEqual([]);
    expect(streamed).toEqual(kept);
  });
});
