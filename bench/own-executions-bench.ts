/**
 * Own-executions benchmark: import 5,000 parent orders with 5 fills each (25,000 fills) against 30 days
 * of 1-minute synthetic candles in an in-memory store (check, TCA, store), re-import them (found by
 * hash, nothing written), then post-trade TCA with markouts at the default horizons (1m, 5m, 30m, 1h,
 * 1d: 150,000 markout rows computed and stored). No target is stated by the issue; the figures show
 * the work is linear in parents and fills (a CPU-seconds column beside each wall-clock one, as the
 * machine is shared).
 */
import { DAY_MS } from "../src/core/interval.js";
import { importOwnOrders } from "../src/experiment/import-own-orders.js";
import type { OwnFill, OwnOrders, OwnParentOrder } from "../src/experiment/own-orders-file.js";
import { postTradeTca } from "../src/experiment/post-trade-tca.js";
import { generateSyntheticCandles } from "../src/market/synthetic-candles.js";
import { writeCandles } from "../src/store/candle-store.js";
import { openDatabase } from "../src/store/database.js";
import { type BenchSection, loadAverage, step, timeIt } from "./bench-utils.js";

const PARENTS = 5_000;
const FILLS_PER_PARENT = 5;

/** Deterministic orders spread over days 2..29 of the candles (a Lehmer generator, no Math.random). */
function orders(startMs: number): OwnOrders {
  let seed = 1;
  const next = () => {
    seed = (seed * 16_807) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  const parents: OwnParentOrder[] = [];
  const fills: OwnFill[] = [];
  for (let i = 0; i < PARENTS; i++) {
    const start = startMs + DAY_MS + Math.floor(next() * 27 * 86_400) * 1000;
    const side = next() < 0.5 ? "buy" : "sell";
    const source = { file: "bench", line: i + 2 };
    parents.push({
      id: `p${i}`,
      symbol: "SYN-BENCH",
      side,
      qtyBase: 10,
      startMs: start,
      endMs: start + 3_600_000,
      source,
    });
    for (let k = 0; k < FILLS_PER_PARENT; k++)
      fills.push({
        parentId: `p${i}`,
        timeMs: start + k * 600_000,
        side,
        qtyBase: 1.5,
        price: 42_000 + next() * 100,
        feeQuote: 0.5,
        venue: null,
        arrivalPrice: null,
        source,
      });
  }
  return { parents, fills };
}

export const ownExecutionsBench: BenchSection = {
  name: "own-executions",
  description: `import ${PARENTS} parent orders x ${FILLS_PER_PARENT} fills, re-import, post-trade TCA with markouts`,
  run() {
    const store = openDatabase(":memory:");
    try {
      const startMs = Date.UTC(2024, 0, 1);
      const key = { symbol: "SYN-BENCH", category: "linear", interval: "1" } as const;
      writeCandles(
        store,
        key,
        generateSyntheticCandles({ ...key, startMs, bars: 30 * 1440, seed: 42 }),
        "synthetic:42",
      );
      const o = orders(startMs);
      const first = timeIt(() => importOwnOrders(store, o));
      const again = timeIt(() => importOwnOrders(store, o));
      const runId = first.value.runs[0]!.runId;
      if (again.value.runs[0]!.runId !== runId || again.value.runs[0]!.created)
        throw new Error("own-executions bench: the re-import did not find the stored run");
      const tca = timeIt(() => postTradeTca(store, runId));
      const fills = PARENTS * FILLS_PER_PARENT;
      return {
        parents: PARENTS,
        fills,
        loadAverage1m: loadAverage(),
        import: step(first.seconds, fills, first.cpuSeconds),
        reimportUnchanged: step(again.seconds, fills, again.cpuSeconds),
        postTradeTcaWithMarkouts: step(tca.seconds, fills * 5 + PARENTS * 5, tca.cpuSeconds),
        runMarkoutBps1d: tca.value.markouts.at(-1)?.parentBps ?? null,
      };
    } finally {
      store.close();
    }
  },
};
