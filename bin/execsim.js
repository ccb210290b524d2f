#!/usr/bin/env node
// The execsim command: starts the compiled CLI (dist/, built by `npm run build`, which `npm ci` and
// `npm install` run through the "prepare" script). No TypeScript loader is involved unless a user's
// .ts strategy file is given.
import { existsSync } from "node:fs";

const main = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    "error [NOT_BUILT]: execsim's compiled JavaScript is missing (dist/); run `npm run build` in the execsim folder " +
      "(or `npm run dev -- <command>` to run from the TypeScript sources)\n",
  );
  process.exit(1);
}
await import(main.href);
