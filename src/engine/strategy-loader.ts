/**
 * Turns a strategy name or file path into something `simulate` can run.
 *
 * - Built-in names: twap, vwap, pov, is / almgren-chriss / ac, adaptive map to the files in
 *   strategies/ of the running copy (dist/strategies/*.js when compiled, strategies/*.ts from the
 *   sources), found from the package root, not the working directory.
 * - A path (starts with ".", "/" or "~", or ends in .ts/.js/.mts/.mjs/.cts/.cjs) is imported
 *   dynamically. JavaScript files load with Node's own loader (ESM or CommonJS, by Node's rules);
 *   TypeScript files (.ts/.mts/.cts) through tsx in its own namespace, loaded only when such a file is
 *   given (from the sources, the running TS loader takes them). Either way `import ... from "execsim"`
 *   (and every public entry point) in the file resolves to the running copy (self-resolution.ts).
 *   Relative paths resolve against `baseDir` (default: the working directory). The module must default-export either a
 *   StrategyFactory (e.g. made with `defineStrategy`), called once per parent order with the
 *   parameters, or an object implementing ExecutionStrategy (then it is shared by every parent
 *   order: keep it stateless or reset its state in `start`, and it takes no parameters).
 *
 * The factory is called once here with the parameters, so a bad parameter or a module that does
 * not produce a strategy fails at load time (INVALID_CONFIG / NOT_FOUND, with what to fix), not
 * in the middle of a run.
 *
 * Parameters can ride on the spec (parseStrategySpec): `is:lambda=1e-5`, `pov:rate=0.2:minChildQty=1`,
 * `./my.ts:foo=1` — `name[:key=value]...`, values parsed as numbers (`1e-5`, `0.2`), booleans (`true`,
 * `false`) or else kept as strings; the factory (defineStrategy) rejects unknown names and wrong types.
 * A spec with parameters is labelled `name(key=value,...)` with the values as typed, e.g. `is(lambda=1e-5)`.
 * The loaded strategy carries the sha256 of its module file's bytes (built-in or the user's), so a run
 * can record exactly which code it ran (imports of that file are not hashed). For a built-in it is the
 * hash of its TypeScript source, strategies/<name>.ts (shipped in the package beside the compiled
 * dist/strategies/<name>.js it is built from), so a built-in's hash is the same whether execsim runs
 * from the sources or compiled, and names the file a reviewer reads in git. A user's file is imported
 * under a URL carrying its hash, so a process that loads it again after an edit runs the new code.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ExecsimError } from "../core/errors.js";
import { packageRoot, runsCompiled } from "../core/package-root.js";
import { reassertSelfResolution, registerSelfResolution } from "./self-resolution.js";
import type { StrategyEntry } from "./simulator.js";
import { type ExecutionStrategy, isExecutionStrategy } from "./strategy-api.js";

/** Built-in strategy names (and aliases) → file in strategies/ (without extension). */
export const BUILTIN_STRATEGIES: Readonly<Record<string, string>> = Object.freeze({
  twap: "twap",
  vwap: "vwap",
  pov: "pov",
  is: "almgren-chriss",
  "almgren-chriss": "almgren-chriss",
  ac: "almgren-chriss",
  adaptive: "adaptive",
  "amm-route": "amm-route",
});

export interface LoadedStrategy extends StrategyEntry {
  /** "builtin:<file>" or the absolute path of the user's file. */
  readonly source: string;
  /** sha256 (hex) of the bytes of the strategy's module file when it was loaded. */
  readonly sha256: string;
  /** The parameters passed to the factory (from the spec, then opts.params over them). */
  readonly params: Readonly<Record<string, number | boolean | string>>;
  /** Whole-valued parameters the factory declares (defineStrategy's integerParams); [] when none. */
  readonly integerParams: readonly string[];
}

/** A strategy spec split into the name or path and its parameters. */
export interface StrategySpec {
  /** Built-in name or file path, without the parameters. */
  readonly name: string;
  readonly params: Readonly<Record<string, number | boolean | string>>;
  /** The parameters as typed, `key=value` joined by commas ("" without parameters): for labels. */
  readonly paramsText: string;
}

const PARAM_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** "1e-5" → 1e-5, "true" → true, "abc" → "abc"; "" and non-finite numbers are refused. */
function parseParamValue(raw: string, key: string, spec: string): number | boolean | string {
  const v = raw.trim();
  if (v === "") throw badSpec(spec, `parameter "${key}" has no value; write ${key}=<number|true|false>`);
  if (v === "true") return true;
  if (v === "false") return false;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v)) {
    const x = Number(v);
    if (!Number.isFinite(x)) throw badSpec(spec, `parameter "${key}" = ${v} is not a finite number`);
    return x;
  }
  return v;
}

function badSpec(spec: string, why: string): ExecsimError {
  return new ExecsimError(
    "INVALID_ARGUMENT",
    `strategy "${spec}": ${why} (form: name[:key=value]..., e.g. is:lambda=1e-5 or ./my.ts:foo=1)`,
  );
}

/**
 * Split `name[:key=value]...` (also `name:k=v,k2=v2`). The name ends at the first ":" followed by
 * `key=` (so Windows drive letters and paths with colons elsewhere stay whole).
 */
export function parseStrategySpec(spec: string): StrategySpec {
  const trimmed = spec.trim();
  const m = /^(.*?):([A-Za-z_][A-Za-z0-9_]*\s*=.*)$/s.exec(trimmed);
  if (!m) {
    if (/:\s*$/.test(trimmed) && !/^[A-Za-z]:$/.test(trimmed))
      throw badSpec(trimmed, "nothing after the colon; give key=value");
    return { name: trimmed, params: Object.freeze({}), paramsText: "" };
  }
  const name = m[1]!.trim();
  if (name === "") throw badSpec(trimmed, "no strategy name before the parameters");
  const params: Record<string, number | boolean | string> = {};
  const texts: string[] = [];
  for (const part of m[2]!.split(/[:,]/)) {
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (eq < 0 || !PARAM_KEY.test(key))
      throw badSpec(trimmed, `"${part}" is not key=value (a key is letters, digits and _)`);
    if (key in params) throw badSpec(trimmed, `parameter "${key}" is given twice`);
    params[key] = parseParamValue(part.slice(eq + 1), key, trimmed);
    texts.push(`${key}=${part.slice(eq + 1).trim()}`);
  }
  return { name, params: Object.freeze(params), paramsText: texts.join(",") };
}

/**
 * Split a `--strategies` list on commas; a piece that is only `key=value` belongs to the strategy
 * before it, so `pov:rate=0.2,minChildQty=1,twap` is two strategies.
 */
export function splitStrategyList(list: string): string[] {
  const out: string[] = [];
  for (const piece of list.split(",")) {
    const prev = out.length - 1;
    if (
      prev >= 0 &&
      /^\s*[A-Za-z_][A-Za-z0-9_]*\s*=/.test(piece) &&
      /:[A-Za-z_][A-Za-z0-9_]*\s*=/.test(out[prev]!)
    )
      out[prev] = `${out[prev]},${piece}`;
    else out.push(piece);
  }
  return out;
}

/** `base` or `base(key=value,...)` when the spec has parameters. */
export function strategyLabel(base: string, spec: StrategySpec): string {
  return spec.paramsText === "" ? base : `${base}(${spec.paramsText})`;
}

function fileSha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

export interface LoadStrategyOptions {
  /** Parameters passed to the factory (merged over its defaults by defineStrategy). */
  params?: Record<string, unknown>;
  /** Label for results; defaults to the strategy's own name. */
  label?: string;
  /** Directory relative paths resolve against (default process.cwd()). */
  baseDir?: string;
  /**
   * Where a built-in's module is, given its file name without extension (default: strategies/<file>.ts
   * beside the sources; the job executor's workers pass their bundled copies). Its sha256 is still
   * that of the source file.
   */
  builtinUrl?: (file: string) => URL;
}

export function isStrategyPath(spec: string): boolean {
  return /^(\.{1,2}[\\/]|[\\/]|~[\\/]|[A-Za-z]:[\\/])/.test(spec) || /\.(c|m)?(t|j)s$/i.test(spec);
}

function invalid(message: string): ExecsimError {
  return new ExecsimError("INVALID_CONFIG", message);
}

/** Describe why `x` is not an ExecutionStrategy, for error messages. */
function shapeProblem(x: unknown): string {
  if (typeof x !== "object" || x === null) return `got ${x === null ? "null" : typeof x}`;
  const s = x as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof s.name !== "string" || s.name.length === 0) problems.push("a non-empty string `name`");
  if (typeof s.start !== "function") problems.push("a `start(ctx)` function");
  for (const hook of ["onBar", "onTimer", "onFill"]) {
    if (s[hook] !== undefined && typeof s[hook] !== "function") problems.push(`\`${hook}\` to be a function`);
  }
  return `it needs ${problems.join(", ")}`;
}

/** tsx's namespaced loader, created on the first TypeScript strategy file (one module cache for all). */
let tsLoader: { import: (specifier: string, parentURL: string) => Promise<unknown> } | undefined;

async function importTypeScript(url: string): Promise<unknown> {
  if (tsLoader === undefined) {
    const { register } = await import("tsx/esm/api");
    tsLoader = register({ namespace: "execsim-strategies" });
    reassertSelfResolution();
  }
  return tsLoader.import(url, import.meta.url);
}

async function importModule(url: string, what: string): Promise<Record<string, unknown>> {
  try {
    // compiled execsim has no TS loader of its own: tsx takes .ts/.mts/.cts files, Node the rest
    if (runsCompiled() && /\.(c|m)?ts(\?|$)/i.test(url))
      return (await importTypeScript(url)) as Record<string, unknown>;
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new ExecsimError(
      "INVALID_CONFIG",
      `could not load strategy ${what}: ${msg} (check the file compiles and its imports resolve)`,
      undefined,
      { cause: e },
    );
  }
}

/**
 * Run `fn` (loading a user's module, calling its factory) with process.exit replaced by a throw, so a
 * strategy file that exits while it is being loaded is a config error (exit 2) instead of ending the
 * command silently. Its callbacks run later, contained by the job executor's worker threads.
 */
async function withoutExit<T>(what: string, when: string, fn: () => Promise<T>): Promise<T> {
  const exit = process.exit;
  process.exit = ((code?: number | string | null) => {
    throw new ExecsimError(
      "INVALID_CONFIG",
      `strategy ${what} called process.exit(${code ?? ""}) while ${when}; a strategy must not end the process`,
    );
  }) as typeof process.exit;
  try {
    return await fn();
  } finally {
    process.exit = exit;
  }
}

/** Load a built-in strategy by name or a user's strategy file, validated and ready for simulate. */
export async function loadStrategy(spec: string, opts: LoadStrategyOptions = {}): Promise<LoadedStrategy> {
  const parsed = parseStrategySpec(spec);
  const trimmed = parsed.name;
  if (trimmed.length === 0)
    throw invalid("empty strategy name; use one of twap, vwap, pov, is, adaptive or a path");
  let mod: Record<string, unknown>;
  let source: string;
  let what: string;
  let sha256: string;
  const builtin = BUILTIN_STRATEGIES[trimmed.toLowerCase()];
  if (builtin !== undefined && !isStrategyPath(trimmed)) {
    source = `builtin:${builtin}`;
    what = `"${trimmed}"`;
    const root = packageRoot();
    const file = runsCompiled()
      ? join(root, "dist", "strategies", `${builtin}.js`)
      : join(root, "strategies", `${builtin}.ts`);
    const tsSource = join(root, "strategies", `${builtin}.ts`);
    sha256 = fileSha256(existsSync(tsSource) ? tsSource : file);
    mod = await importModule((opts.builtinUrl?.(builtin) ?? pathToFileURL(file)).href, what);
  } else if (isStrategyPath(trimmed)) {
    const expanded =
      trimmed.startsWith("~/") || trimmed.startsWith("~\\") ? resolve(homedir(), trimmed.slice(2)) : trimmed;
    const abs = isAbsolute(expanded) ? expanded : resolve(opts.baseDir ?? process.cwd(), expanded);
    if (!existsSync(abs)) {
      throw new ExecsimError(
        "NOT_FOUND",
        `strategy file ${abs} does not exist; pass a path to a .ts or .js file that default-exports a strategy factory`,
      );
    }
    source = abs;
    what = `file ${abs}`;
    sha256 = fileSha256(abs);
    registerSelfResolution();
    // the file's hash in the URL: an edited file is imported afresh in a long-lived process (a test
    // runner checking a baseline after the file changed), an unchanged one comes from the module cache
    mod = await withoutExit(what, "loading", () =>
      importModule(`${pathToFileURL(abs).href}?sha256=${sha256.slice(0, 16)}`, what),
    );
  } else {
    throw new ExecsimError(
      "NOT_FOUND",
      `unknown strategy "${trimmed}"; built-ins are ${Object.keys(BUILTIN_STRATEGIES).join(", ")}, or give a path such as ./my-strategy.ts`,
    );
  }

  let exported = mod.default;
  // a file compiled to CommonJS (TypeScript or an ESM->CJS build) exports { __esModule, default }
  if (typeof exported === "object" && exported !== null && "__esModule" in exported && "default" in exported)
    exported = (exported as { default: unknown }).default;
  if (exported === undefined) {
    throw invalid(
      `strategy ${what} has no default export; add \`export default defineStrategy({...})\` (or export default an object with name and start)`,
    );
  }
  const params: Record<string, number | boolean | string> = {
    ...parsed.params,
    ...((opts.params ?? {}) as Record<string, number | boolean | string>),
  };
  let create: () => ExecutionStrategy;
  let sample: unknown;
  if (typeof exported === "function") {
    const factory = exported as (p?: Record<string, unknown>) => unknown;
    sample = await withoutExit(what, "creating it", async () => factory(params)); // INVALID_CONFIG on bad parameters
    if (!isExecutionStrategy(sample)) {
      throw invalid(
        `the default export of strategy ${what} is a function but did not return a strategy: ${shapeProblem(sample)}`,
      );
    }
    create = () => {
      const s = factory(params);
      if (!isExecutionStrategy(s)) {
        throw new ExecsimError(
          "STRATEGY_ERROR",
          `strategy ${what} factory returned an invalid strategy: ${shapeProblem(s)}`,
        );
      }
      return s;
    };
  } else if (isExecutionStrategy(exported)) {
    if (Object.keys(params).length > 0) {
      throw invalid(
        `strategy ${what} default-exports an object, which takes no parameters; export a factory (defineStrategy) to accept ${Object.keys(params).join(", ")}`,
      );
    }
    sample = exported;
    create = () => exported;
  } else {
    throw invalid(`the default export of strategy ${what} is not a strategy: ${shapeProblem(exported)}`);
  }
  const name = opts.label ?? strategyLabel((sample as ExecutionStrategy).name, parsed);
  const declared = (exported as { integerParams?: unknown }).integerParams;
  const integerParams = Array.isArray(declared) ? declared.filter((x) => typeof x === "string") : [];
  return { name, create, source, sha256, params: Object.freeze(params), integerParams };
}
