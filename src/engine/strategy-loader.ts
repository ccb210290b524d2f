/**
 * Turns a strategy name or file path into something `simulate` can run.
 *
 * - Built-in names: twap, vwap, pov, is / almgren-chriss / ac, adaptive map to the files in
 *   strategies/ (resolved relative to this module, not the working directory).
 * - A path (starts with ".", "/" or "~", or ends in .ts/.js/.mts/.mjs/.cts/.cjs) is imported
 *   dynamically (the CLI launcher registers tsx, so TypeScript files work). Relative paths resolve
 *   against `baseDir` (default: the working directory). The module must default-export either a
 *   StrategyFactory (e.g. made with `defineStrategy`), called once per parent order with the
 *   parameters, or an object implementing ExecutionStrategy (then it is shared by every parent
 *   order: keep it stateless or reset its state in `start`, and it takes no parameters).
 *
 * The factory is called once here with the parameters, so a bad parameter or a module that does
 * not produce a strategy fails at load time (INVALID_CONFIG / NOT_FOUND, with what to fix), not
 * in the middle of a run.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ExecsimError } from "../core/errors";
import type { StrategyEntry } from "./simulator";
import { type ExecutionStrategy, isExecutionStrategy } from "./strategy-api";

/** Built-in strategy names (and aliases) → file in strategies/ (without extension). */
export const BUILTIN_STRATEGIES: Readonly<Record<string, string>> = Object.freeze({
  twap: "twap",
  vwap: "vwap",
  pov: "pov",
  is: "almgren-chriss",
  "almgren-chriss": "almgren-chriss",
  ac: "almgren-chriss",
  adaptive: "adaptive",
});

export interface LoadedStrategy extends StrategyEntry {
  /** "builtin:<file>" or the absolute path of the user's file. */
  readonly source: string;
}

export interface LoadStrategyOptions {
  /** Parameters passed to the factory (merged over its defaults by defineStrategy). */
  params?: Record<string, unknown>;
  /** Label for results; defaults to the strategy's own name. */
  label?: string;
  /** Directory relative paths resolve against (default process.cwd()). */
  baseDir?: string;
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

async function importModule(url: string, what: string): Promise<Record<string, unknown>> {
  try {
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

/** Load a built-in strategy by name or a user's strategy file, validated and ready for simulate. */
export async function loadStrategy(spec: string, opts: LoadStrategyOptions = {}): Promise<LoadedStrategy> {
  const trimmed = spec.trim();
  if (trimmed.length === 0)
    throw invalid("empty strategy name; use one of twap, vwap, pov, is, adaptive or a path");
  let mod: Record<string, unknown>;
  let source: string;
  let what: string;
  const builtin = BUILTIN_STRATEGIES[trimmed.toLowerCase()];
  if (builtin !== undefined && !isStrategyPath(trimmed)) {
    source = `builtin:${builtin}`;
    what = `"${trimmed}"`;
    mod = await importModule(new URL(`../../strategies/${builtin}.ts`, import.meta.url).href, what);
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
    mod = await importModule(pathToFileURL(abs).href, what);
  } else {
    throw new ExecsimError(
      "NOT_FOUND",
      `unknown strategy "${trimmed}"; built-ins are ${Object.keys(BUILTIN_STRATEGIES).join(", ")}, or give a path such as ./my-strategy.ts`,
    );
  }

  const exported = mod.default;
  if (exported === undefined) {
    throw invalid(
      `strategy ${what} has no default export; add \`export default defineStrategy({...})\` (or export default an object with name and start)`,
    );
  }
  const params = opts.params ?? {};
  let create: () => ExecutionStrategy;
  let sample: unknown;
  if (typeof exported === "function") {
    const factory = exported as (p?: Record<string, unknown>) => unknown;
    sample = factory(params); // throws INVALID_CONFIG on bad parameters
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
  const name = opts.label ?? (sample as ExecutionStrategy).name;
  return { name, create, source };
}
