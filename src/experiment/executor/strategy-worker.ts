/**
 * Worker-thread entry of the strategy job executor (worker-pool.ts). At start it imports what its kind
 * of set-up needs (and the built-in strategies it is told to preload), then waits for the set-up
 * message (job-protocol.ts WorkerSetup: the series handed over, or its own read-only database
 * connection and the prepared batch), sets up once, then runs the tasks it is sent in the order sent,
 * one at a time (the next may already be queued): loads the task's strategy
 * (built-in or the user's file), posts "ready", runs the task's parents in order with simulate() (the
 * same engine, random streams and checks as in-process) and posts each parent's result as soon as it
 * is done. A `null` message ends it. The main thread times each parent and terminates this worker when
 * one exceeds its budget; a strategy that calls process.exit or throws outside the engine's call stack
 * ends only this thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { ParentExecution, ParentOrder } from "../../core/execution-types.js";
import { SeriesPrefixSums } from "../../engine/pre-start-sums.js";
import { simulate } from "../../engine/simulator.js";
import { type LoadedStrategy, loadStrategy } from "../../engine/strategy-loader.js";
import { RoutedVenue } from "../../venues/routing/routed-venue.js";
import { createVenue } from "../../venues/venue-factory.js";
import { loadVenueFile } from "../../venues/venue-registry.js";
import { VenueQuoter } from "../execution-tca.js";
import {
  plainExecution,
  type SeriesResult,
  venueParamsOf,
  type WorkerData,
  type WorkerMessage,
  type WorkerRequest,
  type WorkerSetup,
  type WorkerTask,
} from "./job-protocol.js";

const port = parentPort;
if (port === null) throw new Error("strategy-worker.ts runs only as a worker thread (worker-pool.ts)");
const post = (m: WorkerMessage): void => port.postMessage(m);
const data = workerData as WorkerData;

type Runner = (task: WorkerTask) => Promise<void>;

/** Tasks on a series handed over: each parent's full ParentExecution goes back. */
function seriesRunner(setup: Extract<WorkerSetup, { kind: "series" }>): Runner {
  const { model, fileBaseDir } = setup.venue;
  const builtinDir = data.builtinDir;
  const sums = new SeriesPrefixSums(setup.series);
  // a user's venue file registers itself under its path (loaded once per worker)
  let venueFile: Promise<unknown> | undefined;
  // the TCA's venue figures, quoted here on the run's venue (not routed) so the main thread builds no
  // venue; pre-trade estimates are kept per parent across this worker's tasks
  const quoter =
    setup.quotes !== undefined
      ? new VenueQuoter(setup.quotes, setup.series, (p) =>
          createVenue(model, venueParamsOf(setup.venue, p.id)),
        )
      : undefined;
  return async (task) => {
    if (fileBaseDir !== undefined) {
      venueFile ??= loadVenueFile(model, fileBaseDir);
      await venueFile;
    }
    const s = task.source;
    const routing = s.routing;
    // a calibrated model's regimes give each parent its own venue parameters (venueParamsOf)
    const venue = (p: ParentOrder) => createVenue(model, venueParamsOf(setup.venue, p.id));
    const makeVenue = routing ? (p: ParentOrder) => new RoutedVenue(venue(p), routing) : venue;
    const load = (params?: Readonly<Record<string, number>>) =>
      loadStrategy(s.spec, {
        label: s.label,
        baseDir: s.baseDir,
        ...(params !== undefined ? { params } : {}),
        ...(builtinDir !== undefined ? { builtinUrl: (f: string) => new URL(`${f}.mjs`, builtinDir) } : {}),
      });
    const strategy = await load();
    post({ type: "ready", task: task.id });
    const result = (e: ParentExecution): SeriesResult =>
      quoter === undefined
        ? { execution: plainExecution(e) }
        : { execution: plainExecution(e), quotes: quoter.quote(e) };
    let index = task.from;
    const run = (parents: readonly ParentOrder[], entry: LoadedStrategy) =>
      simulate({
        series: setup.series,
        parents,
        strategies: [entry],
        createVenue: makeVenue,
        latencyMs: setup.latencyMs,
        fees: setup.fees,
        seed: setup.seed,
        prefixSums: sums,
        onExecution: (e) => post({ type: "result", task: task.id, index: index++, result: result(e) }),
        retainResults: false, // posted, not kept: a worker holds one execution at a time
      });
    const byParent = s.paramsByParent;
    if (byParent === undefined) run(setup.parents.slice(task.from, task.to), strategy);
    // parameters per parent (a calibrated model's): one load and one simulate() per such parent, with
    // the same per-parent random streams and shared running sums, so the numbers of one call
    else
      for (const p of setup.parents.slice(task.from, task.to))
        run([p], byParent[p.id] === undefined ? strategy : await load(byParent[p.id]));
  };
}

/**
 * Tasks on a batch prepared from the worker's own read-only connection: each parent's parent-level
 * execution and TCA go back (the modules are imported here only, so "series" workers never load them).
 */
async function storeRunner(setup: Extract<WorkerSetup, { kind: "store" }>): Promise<Runner> {
  await importStoreModules();
  const [{ openSqliteReadOnly, rawOnly }, { prepareBatch }, { runSweepJob }] = await Promise.all([
    import("../../store/database-file.js"),
    import("../batch.js"),
    import("../sweep/sweep-job.js"),
  ]);
  // the raw connection only: the candles and instruments are read through it (no drizzle to load)
  const store = rawOnly(openSqliteReadOnly(setup.dbPath));
  const builtinDir = data.builtinDir;
  // (the strategies are loaded right here: this thread is the contained one)
  const prepared = await prepareBatch(store, setup.config, {
    executor: "in-process",
    ...(builtinDir !== undefined ? { builtinUrl: (f: string) => new URL(`${f}.mjs`, builtinDir) } : {}),
  });
  store.close(); // everything is read: the series, the parents, the strategies
  const preTrade = new Map();
  const byLabel = new Map(prepared.strategies.map((x, i) => [x.name, i]));
  return async (task) => {
    const point = byLabel.get(task.source.label);
    if (point === undefined) throw new Error(`no strategy labelled "${task.source.label}" in the batch`);
    post({ type: "ready", task: task.id });
    runSweepJob(prepared, { point, from: task.from, to: task.to }, preTrade, (index, result) =>
      post({ type: "result", task: task.id, index, result }),
    );
  };
}

/** Tasks that only load their strategy and describe it. */
function describeRunner(): Runner {
  return async (task) => {
    const s = task.source;
    if (task.what === "venue") {
      const def = await loadVenueFile(s.spec, s.baseDir);
      const description = { name: def.name, source: s.spec, sha256: "", params: {}, integerParams: [] };
      post({ type: "described", task: task.id, description });
      return;
    }
    const builtinDir = data.builtinDir;
    const st = await loadStrategy(s.spec, {
      baseDir: s.baseDir,
      ...(s.label !== "" ? { label: s.label } : {}),
      ...(builtinDir !== undefined ? { builtinUrl: (f: string) => new URL(`${f}.mjs`, builtinDir) } : {}),
    });
    const { name, source, sha256, params, integerParams } = st;
    post({ type: "described", task: task.id, description: { name, source, sha256, params, integerParams } });
  };
}

/** The modules of a "store" set-up (imported once: at start when the kind is known, else on set-up). */
let storeModules: Promise<unknown> | undefined;
function importStoreModules(): Promise<unknown> {
  storeModules ??= Promise.all([
    import("../../store/database-file.js"),
    import("../batch.js"),
    import("../sweep/sweep-job.js"),
  ]);
  return storeModules;
}

function makeRunner(setup: WorkerSetup): Promise<Runner> {
  return setup.kind === "series"
    ? Promise.resolve(seriesRunner(setup))
    : setup.kind === "describe"
      ? Promise.resolve(describeRunner())
      : storeRunner(setup);
}

// A head start while the set-up is on its way (the main thread is still reading and planning): the
// set-up kind's modules and the built-in strategies named. Failures here are not reported: the same
// imports run again for real (and fail there) when the set-up and the tasks come.
const preloadDir = data.builtinDir;
const headStart: Promise<unknown> = Promise.all([
  data.kind === "store" ? importStoreModules() : undefined,
  ...(data.preload ?? []).map((spec) =>
    loadStrategy(spec, {
      baseDir: process.cwd(),
      ...(preloadDir !== undefined ? { builtinUrl: (f: string) => new URL(`${f}.mjs`, preloadDir) } : {}),
    }),
  ),
]).catch(() => {});

let runner: Promise<Runner> | undefined;
let queue: Promise<void> = Promise.resolve();
port.on("message", (m: WorkerRequest) => {
  if (m === null) {
    port.close();
    return;
  }
  if ("type" in m && m.type === "setup") {
    runner = headStart.then(() => makeRunner(m.setup));
    runner.catch(() => {}); // reported with the first task
    return;
  }
  const task = m as WorkerTask;
  queue = queue
    .then(async () => {
      if (runner === undefined) throw new Error("a task came before the worker's set-up");
      return (await runner)(task);
    })
    .catch((e: unknown) => {
      const message =
        e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e);
      const code = (e as { code?: unknown })?.code;
      post({ type: "fatal", message, ...(typeof code === "string" ? { code } : {}) });
    });
});
