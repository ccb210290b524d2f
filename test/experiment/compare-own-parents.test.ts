/**
 * compare --parents: a file holding exactly the parents the generator makes reproduces compare's stored
 * rows; own parents keep their own side, size and window; one batch per symbol; bad parents write nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/core/interval.js";
import { buildRunConfig } from "../../src/engine/run-config.js";
import { compareStrategies } from "../../src/experiment/batch.js";
import { compareOnParents, compareOnParentsFile } from "../../src/experiment/compare-own-parents.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";
import { tcaRowsWithoutRunId } from "../../src/store/run-queries.js";

let dir: string;
let store: ExecsimDatabase;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-own-parents-"));
  store = openDatabase(":memory:");
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const FROM = Date.UTC(2024, 0, 5);
const TO = Date.UTC(2024, 0, 9);
const iso = (ms: number) => new Date(ms).toISOString();

function rowsOf(table: string, runId: number): unknown[][] {
  return (
    store.sqlite.prepare(`SELECT * FROM ${table} WHERE run_id = ?`).raw(true).all(runId) as unknown[][]
  ).map((r) => r.filter((_, i) => i !== 0));
}

describe("compare --parents", () => {
  it("on a file with the generator's parents reproduces compare's stored rows exactly", async () => {
    const strategies = ["twap", "vwap", "pov", "is"];
    const gen = await compareStrategies(store, { fromMs: FROM, toMs: TO, strategies });
    expect(gen.parents).toBe(4);
    const parents = gen.tca.filter((t) => t.strategy === "twap");
    const file = path.join(dir, "generated.csv");
    writeFileSync(
      file,
      [
        "parent_id,symbol,side,qty,start,end",
        // written in reverse order: the batch runs parents in start order either way
        ...parents
          .map((p) => `${p.parentId},SYN-BTCUSDT,${p.side},${p.qtyBase},${iso(p.startMs)},${iso(p.endMs)}`)
          .reverse(),
      ].join("\n"),
    );
    const [own] = await compareOnParentsFile(store, buildRunConfig({ strategies }), file);
    expect(own!.runs.map((r) => r.strategy)).toEqual(gen.runs.map((r) => r.strategy));
    expect(own!.candlesHash).toBe(gen.candlesHash);
    for (let i = 0; i < strategies.length; i++) {
      const a = gen.runs[i]!.runId;
      const b = own!.runs[i]!.runId;
      expect(tcaRowsWithoutRunId(store, b)).toEqual(tcaRowsWithoutRunId(store, a));
      for (const table of ["parent_orders", "child_orders", "fills"])
        expect(rowsOf(table, b)).toEqual(rowsOf(table, a));
    }
    expect(own!.summary).toEqual(gen.summary);
    const config = JSON.parse(
      store.sqlite
        .prepare("SELECT config_json FROM runs WHERE id = ?")
        .pluck()
        .get(own!.runs[0]!.runId) as string,
    );
    expect(config.parentOrders).toMatch(/given/);

    // the same orders under other ids meet the same synthetic market: the same numbers
    const renamed = path.join(dir, "renamed.csv");
    writeFileSync(
      renamed,
      [
        "parent_id,symbol,side,qty,start,end",
        ...parents.map(
          (p, i) => `order-${i + 1},SYN-BTCUSDT,${p.side},${p.qtyBase},${iso(p.startMs)},${iso(p.endMs)}`,
        ),
      ].join("\n"),
    );
    const [other] = await compareOnParentsFile(store, buildRunConfig({ strategies }), renamed);
    // tca_results without run_id: [seq, level, parent_id, child_id, ...numbers]
    const numbers = (runId: number) =>
      tcaRowsWithoutRunId(store, runId).map((r) => [r[0], r[1], ...r.slice(4)]);
    for (let i = 0; i < strategies.length; i++)
      expect(numbers(other!.runs[i]!.runId)).toEqual(numbers(gen.runs[i]!.runId));
    expect(tcaRowsWithoutRunId(store, other!.runs[0]!.runId)[0]![2]).toBe("order-1");
  });

  it("runs each parent with its own side, size and window", async () => {
    const day = Date.UTC(2024, 0, 10);
    const parents = [
      {
        id: "a",
        symbol: "SYN-BTCUSDT",
        side: "sell" as const,
        qtyBase: 5,
        startMs: day + 3 * HOUR_MS,
        endMs: day + 3.5 * HOUR_MS,
      },
      {
        id: "b",
        symbol: "SYN-BTCUSDT",
        side: "buy" as const,
        qtyBase: 12,
        startMs: day + 20 * HOUR_MS,
        endMs: day + 22 * HOUR_MS,
      },
    ];
    const [r] = await compareOnParents(store, buildRunConfig({ strategies: ["twap"] }), parents);
    const stored = store.sqlite
      .prepare(
        "SELECT parent_id, side, qty_base, start_ms, end_ms FROM parent_orders WHERE run_id = ? ORDER BY start_ms",
      )
      .raw(true)
      .all(r!.runs[0]!.runId);
    expect(stored).toEqual(parents.map((p) => [p.id, p.side, p.qtyBase, p.startMs, p.endMs]));
    // TWAP fills the whole of each parent, on its side, inside its window
    for (const t of r!.tca) {
      const p = parents.find((x) => x.id === t.parentId)!;
      expect(t.side).toBe(p.side);
      expect(t.filledQtyBase).toBeCloseTo(p.qtyBase, 9);
    }
    const fills = store.sqlite
      .prepare("SELECT parent_id, side_sign, time_ms FROM fills WHERE run_id = ?")
      .all(r!.runs[0]!.runId) as { parent_id: string; side_sign: number; time_ms: number }[];
    for (const f of fills) {
      const p = parents.find((x) => x.id === f.parent_id)!;
      expect(f.side_sign).toBe(p.side === "buy" ? 1 : -1);
      expect(f.time_ms).toBeGreaterThanOrEqual(p.startMs);
      expect(f.time_ms).toBeLessThanOrEqual(p.endMs);
    }
    expect(r!.parentQtyBase).toBeNaN();
  });

  it("runs one batch per symbol of the file", async () => {
    // a second symbol holding the same candles
    store.sqlite.exec(
      "INSERT INTO candles SELECT 'SYN-COPY', category, interval, open_time_ms, open, high, low, close, volume, turnover, source FROM candles WHERE symbol = 'SYN-BTCUSDT'",
    );
    const day = Date.UTC(2024, 0, 12);
    const parents = ["SYN-BTCUSDT", "SYN-COPY"].map((symbol, i) => ({
      id: `p${i}`,
      symbol,
      side: "buy" as const,
      qtyBase: 20,
      startMs: day + 9 * HOUR_MS,
      endMs: day + 10 * HOUR_MS,
    }));
    const results = await compareOnParents(store, buildRunConfig({ strategies: ["twap", "is"] }), parents);
    expect(results.map((r) => [r.symbol, r.parents, r.runs.length])).toEqual([
      ["SYN-BTCUSDT", 1, 2],
      ["SYN-COPY", 1, 2],
    ]);
    expect(results[0]!.batchId).not.toBe(results[1]!.batchId);
    // same candles, same day: the same market, so the same costs
    expect(results[1]!.summary).toEqual(results[0]!.summary);
  });

  it("checks parents against the built-in data's span before writing it", async () => {
    const fresh = openDatabase(":memory:");
    const late = [
      {
        id: "x",
        symbol: "SYN-BTCUSDT",
        side: "buy" as const,
        qtyBase: 1,
        startMs: Date.UTC(2024, 1, 5),
        endMs: Date.UTC(2024, 1, 5, 1),
      },
    ];
    await expect(compareOnParents(fresh, buildRunConfig({ strategies: ["twap"] }), late)).rejects.toThrow(
      /parent order "x", field end: .* the stored SYN-BTCUSDT candles cover 2024-01-01T00:00:00.000Z \.\. 2024-01-31/,
    );
    expect(fresh.sqlite.prepare("SELECT count(*) FROM candles").pluck().get()).toBe(0);
    fresh.close();
  });

  it("rejects parents outside the data (naming the line) and a symbol without candles, writing nothing", async () => {
    const runs = () => store.sqlite.prepare("SELECT count(*) FROM runs").pluck().get() as number;
    const before = runs();
    const file = path.join(dir, "late.csv");
    writeFileSync(
      file,
      [
        "parent_id,symbol,side,qty,start,end",
        `ok,SYN-BTCUSDT,buy,1,${iso(FROM)},${iso(FROM + HOUR_MS)}`,
        `late,SYN-BTCUSDT,buy,1,2024-01-30T23:30:00Z,2024-01-31T01:00:00Z`,
      ].join("\n"),
    );
    await expect(compareOnParentsFile(store, buildRunConfig({ strategies: ["twap"] }), file)).rejects.toThrow(
      /late\.csv, line 3, field end: .* needs 24 h of data before its start and data to its end/,
    );
    const two = path.join(dir, "two.csv");
    writeFileSync(
      two,
      [
        "parent_id,symbol,side,qty,start,end",
        `x,SYN-BTCUSDT,buy,1,${iso(FROM)},${iso(FROM + HOUR_MS)}`,
        `y,ETHUSDT,buy,1,${iso(FROM)},${iso(FROM + HOUR_MS)}`,
      ].join("\n"),
    );
    // the second symbol has no candles: its batch fails in preparation, so the first is not run either
    await expect(compareOnParentsFile(store, buildRunConfig({ strategies: ["twap"] }), two)).rejects.toThrow(
      /no candles stored for ETHUSDT/,
    );
    await expect(
      compareOnParentsFile(store, buildRunConfig({ strategies: ["twap"], symbol: "SYN-BTCUSDT" }), two),
    ).rejects.toThrow(
      /--symbol SYN-BTCUSDT: the parents file holds ETHUSDT \(.*two\.csv, line 3, field symbol\)/,
    );
    expect(runs()).toBe(before);
  });
});
