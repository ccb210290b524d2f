/**
 * Issue 9, covering dist/ (the unit tests cover src/): `npm pack` the package (which runs the build),
 * install the tarball into an empty folder OFFLINE (from the npm cache that `npm ci` filled, see
 * writeAppManifests), and use it
 * as a user would:
 * - the CLI from plain Node (node_modules/.bin/execsim), with a user strategy file in that folder;
 * - the examples/basic Node script, which runs a comparison through the library layer;
 * - strategy files of every kind (.ts, .mts, .js, .mjs) in folders with and without a package.json,
 *   through the installed CLI and the checkout's ./bin/execsim.js, importing from "execsim" and
 *   resolving to the running copy (one copy of every class).
 * better-sqlite3's native addon is copied from this checkout's install instead of being rebuilt
 * (--ignore-scripts: no compiler run, no download): same platform, same Node, same version.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/api-surface.js";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let work: string;
let app: string;
let tarball: string;
let packedFiles: string[] = [];

/**
 * The example's package.json pointing at the tarball, and a lockfile pinning execsim's dependencies to
 * the versions this checkout installed (its package-lock.json entries that are not dev-only). `npm ci
 * --offline` then takes every tarball from the npm cache by integrity, with no registry request
 * (a plain `npm install --offline` would need the registry's package documents, which `npm ci` does
 * not cache).
 */
function writeAppManifests(dir: string, tgz: string): void {
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  pkg.dependencies.execsim = `file:../${tgz}`;
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, Record<string, unknown>>;
  };
  const self = lock.packages[""]!;
  const integrity = `sha512-${createHash("sha512")
    .update(readFileSync(path.join(dir, "..", tgz)))
    .digest("base64")}`;
  const packages: Record<string, unknown> = {
    "": { name: pkg.name, dependencies: pkg.dependencies },
    "node_modules/execsim": {
      version: self.version,
      resolved: `file:../${tgz}`,
      integrity,
      license: self.license,
      dependencies: self.dependencies,
      bin: self.bin,
      engines: self.engines,
    },
  };
  for (const [k, v] of Object.entries(lock.packages)) if (k !== "" && v.dev !== true) packages[k] = v;
  writeFileSync(
    path.join(dir, "package-lock.json"),
    JSON.stringify({ name: pkg.name, lockfileVersion: 3, requires: true, packages }, null, 2),
  );
}

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, EXECSIM_DB: "" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "execsim-pack-"));
  const packed = JSON.parse(
    execFileSync(npm, ["pack", "--json", "--pack-destination", work], { cwd: ROOT, encoding: "utf8" }),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((f) => f.path);
  app = path.join(work, "app");
  cpSync(path.join(ROOT, "examples", "basic"), app, { recursive: true });
  writeAppManifests(app, path.basename(tarball));
  execFileSync(npm, ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: app,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const addon = path.join(ROOT, "node_modules", "better-sqlite3", "build");
  cpSync(addon, path.join(app, "node_modules", "better-sqlite3", "build"), { recursive: true });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("ships compiled JS, types, migrations and the strategies' sources, and no tests", () => {
    expect(packedFiles).toContain("dist/src/index.js");
    expect(packedFiles).toContain("dist/src/index.d.ts");
    expect(packedFiles).toContain("dist/src/strategy.js");
    expect(packedFiles).toContain("dist/strategies/twap.js");
    expect(packedFiles).toContain("strategies/twap.ts");
    expect(packedFiles.some((f) => f.startsWith("drizzle/") && f.endsWith(".sql"))).toBe(true);
    expect(packedFiles.filter((f) => f.startsWith("test/") || /\.test\.[jt]s$/.test(f))).toEqual([]);
    expect(packedFiles.filter((f) => f.startsWith("src/"))).toEqual([]);
  });

  it("its built-in strategies import only execsim/strategy's compiled module, the one the engine re-exports", () => {
    // one copy of every module: the built-ins and the engine share dist/src/ (no bundle that could
    // duplicate a class and silently break an instanceof fast path such as the IS strategy's)
    const dist = path.join(app, "node_modules", "execsim", "dist", "strategies");
    for (const name of ["twap", "vwap", "pov", "almgren-chriss", "adaptive"]) {
      const js = readFileSync(path.join(dist, `${name}.js`), "utf8");
      const specs = [...js.matchAll(/\bfrom\s*"([^"]+)"/g)].map((m) => m[1]);
      expect(specs, name).toEqual(["../src/strategy.js"]);
    }
  });

  it("its CLI runs from plain Node and compares a user strategy file importing from execsim/strategy", () => {
    const bin = path.join(app, "node_modules", ".bin", "execsim");
    const r = run(
      process.execPath,
      [bin, "compare", "--db", "cli.db", "--strategies", "twap,./front-loaded.ts:first=0.5", "--json"],
      app,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { runs: { strategy: string; status: string }[]; parents: number };
    expect(out.parents).toBeGreaterThan(20);
    expect(out.runs.map((x) => [x.strategy, x.status])).toEqual([
      ["twap", "completed"],
      ["front-loaded(first=0.5)", "completed"],
    ]);
  });

  it("the example Node script runs a comparison through the library layer", () => {
    const r = run(process.execPath, ["compare.mjs", "lib.db"], app);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/front-loaded\(first=0\.5\)/);
    const last = JSON.parse(r.stdout.trim().split("\n").pop()!) as { runs: { status: string }[] };
    expect(last.runs.map((x) => x.status)).toEqual(["completed", "completed", "completed"]);
  });
});

/** A strategy that records whether the execsim it imported is the copy that runs it. */
function probeSource(esm: boolean): string {
  const body = `defineStrategy({ name: "probe", defaults: {}, create: () => ({ start(ctx) {
    if (api.defineStrategy !== defineStrategy) throw new Error("two copies of execsim");
    submitToTarget(ctx, ctx.parent.qtyBase, { tag: "all" }); } }) })`;
  return esm
    ? `import * as api from "execsim";\nimport { defineStrategy, submitToTarget } from "execsim/strategy";\nexport default ${body};\n`
    : `const api = require("execsim");\nconst { defineStrategy, submitToTarget } = require("execsim/strategy");\nmodule.exports = ${body};\n`;
}

describe("user strategy files load from any folder through every entry point", () => {
  const cases: [string, string, boolean, boolean][] = [
    // file name, folder kind, ESM syntax, with package.json {"type": "module"}
    ["probe.ts", "bare", true, false],
    ["probe.mts", "bare", true, false],
    ["probe.js", "bare", true, false],
    ["probe.mjs", "bare", true, false],
    ["probe.js", "commonjs", false, false],
    ["probe.ts", "module-pkg", true, true],
    ["probe.js", "module-pkg", true, true],
  ];
  for (const [file, kind, esm, typeModule] of cases) {
    for (const entry of ["installed", "checkout"] as const) {
      it(`${file} (${kind}${esm ? ", ESM" : ", CommonJS"}) through the ${entry} CLI`, () => {
        const dir = path.join(work, `strat-${kind}-${entry}-${file.replace(".", "-")}`);
        mkdirSync(dir, { recursive: true });
        if (typeModule) writeFileSync(path.join(dir, "package.json"), '{"name":"s","type":"module"}');
        else if (kind === "commonjs") writeFileSync(path.join(dir, "package.json"), '{"name":"s"}');
        writeFileSync(path.join(dir, file), probeSource(esm));
        const bin =
          entry === "installed"
            ? path.join(app, "node_modules", ".bin", "execsim")
            : path.join(ROOT, "bin", "execsim.js");
        const db = path.join(work, `${entry}.db`);
        const r = run(process.execPath, [bin, "run", "--db", db, "--strategy", `./${file}`, "--json"], dir);
        expect(r.stderr, r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(existsSync(db)).toBe(true);
      });
    }
  }
});
