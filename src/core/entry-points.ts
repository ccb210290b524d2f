/**
 * execsim's public entry points: package subpath -> module under src/ (without extension). One list
 * for package.json "exports", the resolver that lets a user's strategy file `import ... from "execsim"`
 * wherever it lives, the vitest aliases and the API snapshot test.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { packageRoot, runsCompiled } from "./package-root.js";

export const ENTRY_POINTS: Readonly<Record<string, string>> = Object.freeze({
  execsim: "index",
  "execsim/strategy": "strategy",
  "execsim/store": "store",
  "execsim/bybit": "bybit",
  "execsim/ml": "ml",
  "execsim/testing": "testing/index",
});

/** file: URL of an entry point's module in the running copy (dist/src/*.js compiled, else src/*.ts). */
export function entryPointUrl(specifier: string): string {
  const file = ENTRY_POINTS[specifier];
  if (file === undefined) throw new Error(`execsim: ${specifier} is not a public entry point`);
  const root = packageRoot();
  const full = runsCompiled()
    ? path.join(root, "dist", "src", `${file}.js`)
    : path.join(root, "src", `${file}.ts`);
  return pathToFileURL(full).href;
}
