/**
 * Lets a user's strategy file, wherever it lives (a folder with or without package.json, with or
 * without execsim in a node_modules), `import { defineStrategy } from "execsim/strategy"` (or any public
 * entry point) and get the RUNNING copy of execsim: one copy of every class, so `instanceof` checks
 * and shared caches between the engine and the strategy hold.
 *
 * How: a Node module-resolution hook (`module.register`, Node >= 20.6) maps the bare specifiers
 * "execsim" and "execsim/<entry>" to this copy's entry files; every other specifier goes on to Node's
 * own resolution. The hook's source is a data: URL, so it loads the same way from src/ (tsx) and from
 * dist/ (plain Node). A strategy file that Node or tsx runs as CommonJS (a .js/.ts file in a folder
 * without `"type": "module"`) resolves its `require("execsim")` through Module._resolveFilename, which
 * Node 20's hooks do not reach, so the same map is applied there (only for execsim's own specifiers). Under vitest, vite resolves modules itself and vitest.config.ts aliases the same
 * specifiers to src/.
 */
import Module, { register } from "node:module";
import { fileURLToPath } from "node:url";
import { ENTRY_POINTS, entryPointUrl } from "../core/entry-points.js";

const HOOK_SOURCE = `
let map = {};
export function initialize(data) { map = data.map; }
export async function resolve(specifier, context, next) {
  const url = map[specifier];
  if (url !== undefined) return { url, shortCircuit: true };
  return next(specifier, context);
}
`;

let registered = false;

/** The specifier -> file URL map of this copy's entry points. */
function entryMap(): Record<string, string> {
  const map: Record<string, string> = {};
  for (const spec of Object.keys(ENTRY_POINTS)) map[spec] = entryPointUrl(spec);
  return map;
}

function hooksAvailable(): boolean {
  // vite/vitest resolve modules themselves (see vitest.config.ts): a Node hook would not be consulted
  // (a global of vitest's worker, not an environment variable: child processes inherit those)
  return typeof register === "function" && !("__vitest_worker__" in globalThis);
}

function registerEsmHook(map: Record<string, string>): void {
  register(`data:text/javascript,${encodeURIComponent(HOOK_SOURCE)}`, { data: { map } });
}

/** Register the resolution hooks once per thread (idempotent; cheap to call before every user import). */
export function registerSelfResolution(): void {
  if (registered) return;
  registered = true;
  if (!hooksAvailable()) return;
  const map = entryMap();
  registerEsmHook(map);
  const cjs = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = cjs._resolveFilename;
  const paths: Record<string, string> = {};
  for (const [spec, url] of Object.entries(map)) paths[spec] = fileURLToPath(url);
  cjs._resolveFilename = function resolveExecsim(request: string, ...rest: unknown[]): string {
    const hit = paths[request];
    return hit !== undefined ? hit : original.call(this, request, ...rest);
  };
}

/**
 * Call right after registering another loader (tsx): Node runs the most recently registered hook
 * first, and tsx would tag the entry points it resolves with its namespace (?namespace=...), which
 * makes a second copy of every execsim module. Registered again on top, this hook answers first
 * with the plain URL, the same module instances the engine uses.
 */
export function reassertSelfResolution(): void {
  registerSelfResolution();
  if (hooksAvailable()) registerEsmHook(entryMap());
}
