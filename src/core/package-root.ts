/**
 * Where execsim's own files are, whichever copy is running: the TypeScript sources (src/, via tsx or
 * vitest), the compiled JavaScript (dist/src/ after `npm run build`), or an installed package
 * (node_modules/execsim/dist/src/). Paths that used to be resolved relative to a module (the drizzle
 * migrations, the built-in strategies) are resolved from the package root instead, so they work from
 * every one of those layouts.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cachedRoot: string | undefined;

/** The folder holding execsim's package.json (found by walking up from this module). */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "execsim") {
          cachedRoot = dir;
          return dir;
        }
      } catch {
        // an unreadable package.json on the way up is not ours; keep walking
      }
    }
    const up = path.dirname(dir);
    if (up === dir)
      throw new Error(`execsim: cannot find its package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** True when this copy of execsim runs from compiled JavaScript (dist/), false from the .ts sources. */
export function runsCompiled(): boolean {
  return import.meta.url.endsWith(".js");
}
