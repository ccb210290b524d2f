/**
 * Loading a user's strategy file without importing it into the main thread: the file is imported in
 * a worker thread (strategy-worker.ts, "describe" set-up) within a load budget, and the main thread
 * gets what it needs to know of it (name, source, sha256, parameters, whole-valued parameters). So a
 * module whose top level loops forever, calls process.exit or throws fails with a typed error
 * (INVALID_CONFIG, exit 2, nothing written) instead of hanging or ending the process. The returned
 * strategies have no code in this thread: their `create` throws; the executor's workers load the file
 * again to run it. Built-in strategies (our code) load directly.
 */
import { type ErrorCode, ExecsimError } from "../../core/errors.js";
import {
  isStrategyPath,
  type LoadedStrategy,
  loadStrategy,
  parseStrategySpec,
} from "../../engine/strategy-loader.js";
import type { StrategyDescription, WorkerData, WorkerMessage, WorkerRequest } from "./job-protocol.js";
import { startWorker, workerEntry } from "./worker-bundle.js";

export interface ContainedLoadSpec {
  readonly spec: string;
  /** Result label (default: the strategy's own name). */
  readonly label?: string;
  readonly baseDir: string;
}

/** Describe user strategy (or venue) files in one worker, one after the other, each within `loadMs`. */
async function describeInWorker(
  specs: readonly ContainedLoadSpec[],
  loadMs: number,
  what: "strategy" | "venue" = "strategy",
): Promise<StrategyDescription[]> {
  const entry = await workerEntry();
  const data: WorkerData = { kind: "describe", builtinDir: entry.builtinDir?.href };
  const worker = startWorker(
    entry,
    data,
    specs.map((s) => s.spec),
  );
  worker.postMessage({ type: "setup", setup: { kind: "describe" } } satisfies WorkerRequest);
  return new Promise((resolve, reject) => {
    const out: StrategyDescription[] = [];
    let i = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (error?: ExecsimError) => {
      clearTimeout(timer);
      worker.removeAllListeners();
      worker.on("error", () => {});
      void worker.terminate();
      if (error) reject(error);
      else resolve(out);
    };
    const fail = (why: string, code: ErrorCode = "INVALID_CONFIG") =>
      finish(new ExecsimError(code, `could not load ${what} "${specs[i]!.spec}": ${why}`));
    const send = () => {
      timer = setTimeout(
        () =>
          fail(
            `its module did not load within ${loadMs} ms (an endless loop at import time?); fix the file's top-level code`,
          ),
        loadMs,
      );
      const s = specs[i]!;
      worker.postMessage({
        id: i,
        strategy: i,
        source: { spec: s.spec, label: s.label ?? "", baseDir: s.baseDir },
        from: 0,
        to: 0,
        what,
      });
    };
    worker.on("message", (m: WorkerMessage) => {
      if (m.type === "fatal") {
        const message =
          m.code !== undefined && m.message.startsWith(`${m.code}: `)
            ? m.message.slice(m.code.length + 2)
            : m.message;
        // a loader error is already phrased for the user
        return finish(new ExecsimError((m.code as ErrorCode | undefined) ?? "INVALID_CONFIG", message));
      }
      if (m.type !== "described" || m.task !== i) return;
      clearTimeout(timer);
      out.push(m.description);
      if (++i === specs.length) finish();
      else send();
    });
    worker.on("error", (e: Error) => fail(`uncaught error while loading: ${e.name}: ${e.message}`));
    worker.on("exit", (code: number) =>
      fail(`its module ended the thread (process.exit(${code}) or equivalent) while loading`),
    );
    send();
  });
}

/**
 * Load strategies for the main thread: built-ins directly, user files described by a contained worker
 * (their `create` throws: they run only in the executor's workers).
 */
export async function loadStrategiesContained(
  specs: readonly ContainedLoadSpec[],
  loadMs: number,
  builtinUrl?: (file: string) => URL,
): Promise<LoadedStrategy[]> {
  const files = specs.filter((s) => isStrategyPath(parseStrategySpec(s.spec).name));
  const described = files.length > 0 ? await describeInWorker(files, loadMs) : [];
  const out: LoadedStrategy[] = [];
  let k = 0;
  for (const s of specs) {
    if (isStrategyPath(parseStrategySpec(s.spec).name)) {
      const d = described[k++]!;
      out.push({
        ...d,
        create: () => {
          throw new ExecsimError(
            "INVALID_ARGUMENT",
            `strategy "${d.name}" (${d.source}) was loaded contained: it runs only in the executor's worker threads (load it with loadStrategy to run it in this thread)`,
          );
        },
      });
    } else {
      const opts = {
        baseDir: s.baseDir,
        ...(s.label !== undefined ? { label: s.label } : {}),
        ...(builtinUrl ? { builtinUrl } : {}),
      };
      out.push(await loadStrategy(s.spec, opts));
    }
  }
  return out;
}

/**
 * Import a user's venue file (defineVenue) in a contained worker first, within `loadMs`: a module that
 * loops forever at import time, calls process.exit or throws fails here with a typed error instead of
 * hanging the command when the main thread imports it next (for the TCA's venue quotes).
 */
export async function checkVenueFileContained(spec: string, baseDir: string, loadMs: number): Promise<void> {
  await describeInWorker([{ spec, baseDir }], loadMs, "venue");
}
