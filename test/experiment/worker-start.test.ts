/**
 * Worker start-up details of the strategy job executor (issue 10): a worker does not inherit the
 * process's preloads (`node --import tsx` would run again in every worker, ~60 ms each) but keeps its
 * other options; the asynchronous code version (git describe while a batch prepares) is the same
 * string as the synchronous one; and a worker's set-up shares the main thread's bars only with the
 * built-ins' workers: a user's file gets its own copy (so whatever it writes stays in its own run).
 */
import { describe, expect, it } from "vitest";
import { type CandleSeries, sharedSeries } from "../../src/core/market-types.js";
import type { WorkerSetup } from "../../src/experiment/executor/job-protocol.js";
import { workerExecArgv } from "../../src/experiment/executor/worker-bundle.js";
import { setupMessage } from "../../src/experiment/executor/worker-pool.js";
import { codeVersion, codeVersionAsync } from "../../src/store/result-sink.js";
import { flatSeries } from "../helpers/series-fixtures.js";

describe("worker start-up", () => {
  it("drops --import/--require/--loader preloads (both spellings) and keeps every other option", () => {
    expect(
      workerExecArgv([
        "--import",
        "tsx",
        "--enable-source-maps",
        "--import=./usage.mjs",
        "-r",
        "dotenv/config",
        "--require=x.cjs",
        "--loader",
        "ts-node/esm",
        "--experimental-loader=y.mjs",
        "--conditions=development",
        "--stack-trace-limit=50",
      ]),
    ).toEqual(["--enable-source-maps", "--conditions=development", "--stack-trace-limit=50"]);
    expect(workerExecArgv([])).toEqual([]);
  });

  it("codeVersionAsync gives the same string as codeVersion", async () => {
    expect(await codeVersionAsync()).toBe(codeVersion());
  });
});

describe("what a worker's set-up message carries", () => {
  const series = sharedSeries(flatSeries(50));
  const setup: WorkerSetup = {
    kind: "series",
    venue: { model: "book", params: {} },
    series,
    parents: [],
    latencyMs: 0,
    fees: { takerRate: 0, makerRate: 0 },
    seed: 1,
  };
  const columns = (s: CandleSeries) => [s.openTimeMs, s.open, s.high, s.low, s.close, s.volume, s.turnover];

  it("a built-ins' (shared) worker gets the main thread's bars themselves: one SharedArrayBuffer", () => {
    const [m, transfer] = setupMessage(setup, true);
    expect(transfer).toEqual([]);
    const s = (m.setup as typeof setup).series;
    expect(s).toBe(series);
    expect(columns(s).every((a) => a.buffer instanceof SharedArrayBuffer)).toBe(true);
  });

  it("any other worker (a user's file) gets its own copy, moved to it, never the shared bars", () => {
    const [m, transfer] = setupMessage(setup, false);
    const s = (m.setup as typeof setup).series;
    expect(s).not.toBe(series);
    for (const [i, a] of columns(s).entries()) {
      expect(a.buffer instanceof SharedArrayBuffer).toBe(false);
      expect(transfer).toContain(a.buffer);
      expect(Array.from(a)).toEqual(Array.from(columns(series)[i]!));
    }
    expect(transfer).toHaveLength(7);
  });
});
