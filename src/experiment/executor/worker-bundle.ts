/**
 * The worker entry as plain JavaScript when execsim runs from its TypeScript sources (tsx, vitest):
 * registering a TypeScript loader in every worker thread costs ~0.5-0.8 s and loading the library
 * through it another ~0.7 s (measured on the 2-core dev machine), more than the whole default
 * `compare`. So the worker entry and the built-in strategies are bundled once with esbuild into
 * `node_modules/.cache/execsim/worker-<key>/` (inside the project, so the bundle's package imports
 * resolve from its node_modules) and reused until a source file changes: a manifest lists every
 * input with its size and mtime, and is checked (a few dozen stats) on each use.
 * From a compiled build (the running file is .js) the sibling strategy-worker.js is used as is.
 * Concurrent processes build into their own directory and publish it by renaming the manifest.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import type { Plugin } from "esbuild";
import { BUILTIN_STRATEGIES, isStrategyPath, parseStrategySpec } from "../../engine/strategy-loader.js";

export interface WorkerEntry {
  /** The worker's entry module. */
  readonly url: URL;
  /** Directory of the built-in strategy modules when bundled (their files are <name>.mjs), else undefined. */
  readonly builtinDir: URL | undefined;
  /** True when the entry itself needs a TypeScript loader (never for a bundle). */
  readonly typescript: boolean;
}

interface Manifest {
  readonly dir: string;
  readonly inputs: Record<string, [number, number]>;
}

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), "../../..");
const ENTRY = path.join(path.dirname(HERE), `strategy-worker${path.extname(HERE)}`);

function fresh(m: Manifest): boolean {
  try {
    for (const [file, [size, mtime]] of Object.entries(m.inputs)) {
      const st = statSync(path.join(ROOT, file));
      if (st.size !== size || st.mtimeMs !== mtime) return false;
    }
    statSync(path.join(m.dir, "src/experiment/executor/strategy-worker.mjs"));
    return true;
  } catch {
    return false;
  }
}

/**
 * The library's modules have no import-time side effects, so the bundle may drop every module the
 * worker does not use (the store, the CLI, the ML models and the packages they import) although the
 * built-in strategies import from src/index.ts: this halves what a worker loads.
 */
const librarySideEffectFree: Plugin = {
  name: "execsim-side-effect-free",
  setup(b) {
    const src = path.join(ROOT, "src") + path.sep;
    b.onResolve({ filter: /^\.{1,2}\// }, async (args) => {
      if (args.pluginData === "inner") return undefined;
      const r = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: "inner",
      });
      if (r.errors.length > 0 || !r.path.startsWith(src)) return r;
      return { path: r.path, sideEffects: false };
    });
  },
};

/**
 * A worker that loads tsx (its ESM and CommonJS hooks, as `node --import tsx` does) in its own thread
 * and then imports `entry` (an `--import` in the worker's execArgv does not apply to the worker's
 * entry module on Node 20).
 */
function typescriptWorker(entry: URL, options: WorkerOptions): Worker {
  // the ESM builds of tsx's two register APIs (require.resolve finds the CommonJS ones beside them)
  const api = (which: string) =>
    pathToFileURL(
      createRequire(import.meta.url)
        .resolve(`tsx/${which}/api`)
        .replace(/\.cjs$/, ".mjs"),
    ).href;
  const boot =
    `Promise.all([import(${JSON.stringify(api("esm"))}), import(${JSON.stringify(api("cjs"))})])` +
    `.then(([esm, cjs]) => { esm.register(); cjs.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/**
 * Start a worker on `entry` for strategies `specs`: through tsx when the entry needs it or, from the
 * bundle (TypeScript sources), when one of them is a user's file (a compiled build's strategy loader
 * registers tsx itself for a .ts file). A strategy's own prints go to stderr: stdout carries
 * the command's output (e.g. --json).
 */
export function startWorker(entry: WorkerEntry, workerData: unknown, specs: readonly string[]): Worker {
  // from the bundle, any user file may need tsx: a .ts file, or a .js one whose `import "execsim"`
  // resolves to src/*.ts (self-resolution.ts maps it to the running copy: the sources)
  const typescript =
    entry.typescript ||
    (entry.builtinDir !== undefined && specs.some((s) => isStrategyPath(parseStrategySpec(s).name)));
  const start = (execArgv: string[]) => {
    const options: WorkerOptions = { workerData, stdout: true, execArgv };
    return typescript ? typescriptWorker(entry.url, options) : new Worker(entry.url, options);
  };
  let worker: Worker;
  try {
    worker = start(workerExecArgv(process.execArgv));
  } catch (e) {
    // a per-process option (a V8 flag such as --max-old-space-size) cannot be given to a worker
    if ((e as { code?: string }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw e;
    worker = start([]);
  }
  worker.stdout.pipe(process.stderr, { end: false });
  return worker;
}

/**
 * The process's node options without its preloads (`--import`, `--require`/`-r`, `--loader`): a
 * worker sets up what it needs itself (tsx only for a TypeScript entry or user file), and an inherited
 * preload runs again in every worker (`node --import tsx` costs each one ~60 ms on the dev machine).
 */
export function workerExecArgv(argv: readonly string[]): string[] {
  const preload = /^--(import|require|loader|experimental-loader)$/;
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (preload.test(a) || a === "-r")
      i++; // and its value
    else if (!/^--(import|require|loader|experimental-loader)=/.test(a)) out.push(a);
  }
  return out;
}

let cached: Promise<WorkerEntry> | undefined;

/** The worker entry to start (bundled from sources when running from TypeScript). */
export function workerEntry(): Promise<WorkerEntry> {
  cached ??= resolveEntry();
  return cached;
}

async function resolveEntry(): Promise<WorkerEntry> {
  if (!/\.[cm]?ts$/.test(HERE))
    return { url: pathToFileURL(ENTRY), builtinDir: undefined, typescript: false };
  const key = createHash("sha256").update(ROOT).digest("hex").slice(0, 12);
  const cacheDir = path.join(ROOT, "node_modules/.cache/execsim");
  const manifestFile = path.join(cacheDir, `worker-${key}.json`);
  let manifest: Manifest | undefined;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
  } catch {
    manifest = undefined;
  }
  if (manifest === undefined || !fresh(manifest)) {
    const { build } = await import("esbuild");
    const dir = path.join(cacheDir, `worker-${key}-${randomUUID().slice(0, 8)}`);
    const builtins = [...new Set(Object.values(BUILTIN_STRATEGIES))].map((f) =>
      path.join(ROOT, "strategies", `${f}.ts`),
    );
    const r = await build({
      entryPoints: [ENTRY, ...builtins],
      absWorkingDir: ROOT,
      outbase: ROOT,
      outdir: dir,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      outExtension: { ".js": ".mjs" },
      metafile: true,
      logLevel: "silent",
      plugins: [librarySideEffectFree],
    });
    const inputs: Record<string, [number, number]> = {};
    for (const file of Object.keys(r.metafile.inputs)) {
      const abs = path.resolve(ROOT, file);
      const st = statSync(abs);
      inputs[path.relative(ROOT, abs)] = [st.size, st.mtimeMs];
    }
    manifest = { dir, inputs };
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${manifestFile}.${randomUUID().slice(0, 8)}`;
    writeFileSync(tmp, JSON.stringify(manifest));
    renameSync(tmp, manifestFile);
  }
  return {
    url: pathToFileURL(path.join(manifest.dir, "src/experiment/executor/strategy-worker.mjs")),
    builtinDir: pathToFileURL(path.join(manifest.dir, "strategies/")),
    typescript: false,
  };
}
