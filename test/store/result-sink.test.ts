import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { candlesHash, codeVersion, type RunMeta, SqliteResultSink } from "../../src/store/result-sink.js";
import { getRun, listRuns, parentTcaRows, tcaRowsWithoutRunId } from "../../src/store/run-queries.js";
import { childTca } from "../../src/tca/child-tca.js";
import { parentTca } from "../../src/tca/parent-tca.js";
import { type FillSpec, makeExecution, threeBars } from "../tca/fixtures.js";

const META: RunMeta = {
  command: "run",
  strategy: "twap",
  config: { impact: "book", horizonMs: 3_600_000 },
  seed: 42,
  symbol: "TEST",
  category: "linear",
  interval: "1",
  fromMs: 0,
  toMs: 1,
  candlesHash: "abc",
  codeVersion: "test",
};

function execution(id: string, nFills: number) {
  const fills: FillSpec[] = Array.from({ length: nFills }, (_, i) => ({
    q: 1,
    avg: 100 + i * 0.01,
    marketMid: 100,
    perm: 0,
    trans: 0,
    half: 0.01,
    feeRate: 0.00055,
  }));
  const e = makeExecution("buy", nFills + 2, 100, 101, fills);
  const children = e.children.map((c) => ({ ...c, id: `${id}-${c.id}`, parentId: id }));
  return {
    ...e,
    parent: { ...e.parent, id },
    children,
    fills: e.fills.map((f) => ({ ...f, childId: `${id}-${f.childId}`, parentId: id })),
  };
}

function count(store: ReturnType<typeof openDatabase>, table: string, runId: number): number {
  return store.sqlite.prepare(`SELECT count(*) FROM ${table} WHERE run_id = ?`).pluck().get(runId) as number;
}

describe("SqliteResultSink", () => {
  it("commits a run as running at once, writes executions in batches and completes it", () => {
    const store = openDatabase(":memory:");
    const sink = new SqliteResultSink(store, { batchRows: 25, clockMs: () => 1_700_000_000_000 });
    const id = sink.beginRun(META);
    expect(getRun(store, id).status).toBe("running");
    const series = threeBars();
    for (let k = 0; k < 5; k++) {
      const e = execution(`p${k}`, 10);
      sink.recordExecution(id, e, parentTca(e, series), childTca(e, series));
      // 2 + 10 fills + 2 × 10 children = 32 rows ≥ 25: every execution flushes its own batch
      expect(count(store, "fills", id)).toBe(10 * (k + 1));
    }
    sink.endRun(id, "completed", null, { simulateMs: 1 });
    const run = getRun(store, id);
    expect(run.status).toBe("completed");
    expect(run.parents).toBe(5);
    expect(run.fills).toBe(50);
    expect(run.config).toEqual(META.config);
    expect(run.timings).toEqual({ simulateMs: 1 });
    expect(count(store, "child_orders", id)).toBe(50);
    expect(count(store, "tca_results", id)).toBe(55);
    // fill positions are 0..49 in simulation order
    const seqs = store.sqlite.prepare("SELECT seq FROM fills WHERE run_id = ? ORDER BY seq").pluck().all(id);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const tca = parentTcaRows(store, id);
    expect(tca.map((t) => t.parentId)).toEqual(["p0", "p1", "p2", "p3", "p4"]);
    // 12 to buy, 10 filled at 100.00..100.09 (sum 1000.45), arrival 100, end 101:
    // 0.45 + fees 0.00055·1000.45 + opportunity 2·1 = 2.450247475 → /1200·1e4 bps
    expect(tca[0]!.shortfallQuote).toBeCloseTo(0.45 + 0.00055 * 1000.45 + 2, 9);
    expect(tca[0]!.shortfallBps).toBeCloseTo(((0.45 + 0.00055 * 1000.45 + 2) / 1200) * 1e4, 9);
    store.close();
  });

  it("marks a run failed with its error, keeping nothing that was only buffered", () => {
    const store = openDatabase(":memory:");
    const sink = new SqliteResultSink(store);
    const id = sink.beginRun(META);
    const e = execution("p0", 3);
    sink.recordExecution(id, e, parentTca(e, threeBars()), childTca(e, threeBars()));
    sink.failRun(id, "STRATEGY_ERROR: twap threw on p0");
    sink.flush();
    const run = getRun(store, id);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/twap threw/);
    expect(count(store, "fills", id)).toBe(0);
    store.close();
  });

  it("writes a batch in one transaction: a row the store refuses leaves none of the batch behind", () => {
    const store = openDatabase(":memory:");
    const sink = new SqliteResultSink(store);
    const id = sink.beginRun(META);
    const good = execution("p0", 4);
    const bad = execution("p1", 4);
    // venue is NOT NULL: the fourth fill of the second parent cannot be stored
    const broken = {
      ...bad,
      fills: bad.fills.map((f, i) => (i === 3 ? { ...f, venue: null as unknown as string } : f)),
    };
    sink.recordExecution(id, good, parentTca(good, threeBars()), childTca(good, threeBars()));
    sink.recordExecution(id, broken, parentTca(broken, threeBars()), childTca(broken, threeBars()));
    expect(() => sink.endRun(id, "completed")).toThrow(/DATABASE_ERROR|store/);
    for (const t of ["parent_orders", "child_orders", "fills", "tca_results"])
      expect(count(store, t, id)).toBe(0);
    expect(getRun(store, id).status).toBe("running");
    sink.failRun(id, "write failed");
    expect(getRun(store, id).status).toBe("failed");
    store.close();
  });

  it("shows a running run whose process is gone as stale", () => {
    const store = openDatabase(":memory:");
    const sink = new SqliteResultSink(store);
    const alive = sink.beginRun(META);
    const crashed = sink.beginRun(META);
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    store.sqlite.prepare("UPDATE runs SET pid = ? WHERE id = ?").run(dead, crashed);
    const byId = new Map(listRuns(store).map((r) => [r.id, r.status]));
    expect(byId.get(alive)).toBe("running");
    expect(byId.get(crashed)).toBe("stale");
    expect(listRuns(store, { status: "stale" }).map((r) => r.id)).toEqual([crashed]);
    expect(listRuns(store, { status: "running" }).map((r) => r.id)).toEqual([alive]);
    store.close();
  });

  it("deleting a run removes its rows (ON DELETE CASCADE)", () => {
    const store = openDatabase(":memory:");
    const sink = new SqliteResultSink(store);
    const id = sink.beginRun(META);
    const e = execution("p0", 3);
    sink.recordExecution(id, e, parentTca(e, threeBars()), childTca(e, threeBars()));
    sink.endRun(id, "completed");
    expect(tcaRowsWithoutRunId(store, id)).toHaveLength(4);
    store.sqlite.prepare("DELETE FROM runs WHERE id = ?").run(id);
    for (const t of ["parent_orders", "child_orders", "fills", "tca_results"])
      expect(count(store, t, id)).toBe(0);
    store.close();
  });

  it("hashes the candle bytes and names the code version", () => {
    const a = threeBars();
    const b = threeBars();
    expect(candlesHash(a)).toBe(candlesHash(b));
    expect(candlesHash(a)).toMatch(/^[0-9a-f]{64}$/);
    b.close[2] = 101.0000001;
    expect(candlesHash(a)).not.toBe(candlesHash(b));
    expect(codeVersion()).toMatch(/^0\.1\.0/);
  });
});

describe("nothing is written for an invalid run", () => {
  it("config and data checks fail before a run row exists", async () => {
    const { buildRunConfig } = await import("../../src/engine/run-config.js");
    const { prepareBatch } = await import("../../src/experiment/batch.js");
    expect(() => buildRunConfig({ qtyBase: -1 })).toThrow(/--qty/);
    expect(() => buildRunConfig({ horizonMs: 0 })).toThrow(/--horizon/);
    expect(() => buildRunConfig({ strategies: ["twap", "twap"] })).toThrow(/listed twice/);
    const store = openDatabase(":memory:");
    await expect(
      prepareBatch(store, buildRunConfig({ symbol: "NOPE", strategies: ["twap"] })),
    ).rejects.toThrow(/no candles stored for NOPE/);
    await expect(prepareBatch(store, buildRunConfig({ strategies: ["nope"] }))).rejects.toThrow(
      /unknown strategy/,
    );
    await expect(
      prepareBatch(store, buildRunConfig({ strategies: ["twap"], impactParams: { depthScale: -1 } })),
    ).rejects.toThrow(/depthScale/);
    const n = (t: string) => store.sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    for (const t of ["runs", "parent_orders", "child_orders", "fills", "tca_results"]) expect(n(t)).toBe(0);
    store.close();
  });
});
