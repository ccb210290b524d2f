/**
 * The baseline file, `<dir>/<NAME>.json`: small, diffable and meant to be committed.
 *
 *   format      "execsim-baseline/1"
 *   name        NAME
 *   config      the resolved compare config in flag form (a valid `--config` file; strategy file
 *               paths relative to the baseline's folder)
 *   data        the candles' identity: symbol, category, interval, [fromMs, toMs) with ISO twins,
 *               bars, candlesHash (sha256, store/result-sink.ts candlesHash), builtIn (the built-in
 *               dataset's generator seed and source, else null), candlesFile (NAME.candles.csv.gz
 *               when saved with --with-data, else null)
 *   strategies  per strategy: label, spec, source, params, sha256 of its file, summary metrics, and
 *               per parent: status, shortfall and cost parts (bps) and its fills hash
 *               (run-snapshot.ts), one parent per line so a review diff shows which parent moved.
 *
 * readBaseline validates the whole structure: a missing file is NOT_FOUND, bad JSON PARSE_ERROR, a
 * wrong shape INVALID_CONFIG naming the first bad field; all say how to fix it (exit 2, no stack).
 */
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ExecsimError } from "../../core/errors.js";
import type { RunFlagsFile } from "../run-flags.js";
import { type ParentSnapshot, SNAPSHOT_COST_PARTS, type StrategySnapshot } from "./run-snapshot.js";

export const BASELINE_FORMAT = "execsim-baseline/1";
export const DEFAULT_BASELINE_DIR = "baselines";

export interface BaselineData {
  symbol: string;
  category: string;
  interval: string;
  fromMs: number;
  toMs: number;
  from: string;
  to: string;
  bars: number;
  candlesHash: string;
  builtIn: { generatorSeed: number; source: string } | null;
  candlesFile: string | null;
}

export interface Baseline {
  format: typeof BASELINE_FORMAT;
  name: string;
  config: RunFlagsFile;
  data: BaselineData;
  strategies: StrategySnapshot[];
}

/** NAME must be a plain file stem: letters, digits, . _ - (no folders). */
export function checkBaselineName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name.endsWith(".json"))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `baseline name "${name}" must be letters, digits, . _ - (no folder, no .json), e.g. my-strategy`,
    );
  return name;
}

export function baselinePath(dir: string, name: string): string {
  return path.resolve(dir, `${checkBaselineName(name)}.json`);
}

export function candlesFileName(name: string): string {
  return `${name}.candles.csv.gz`;
}

/** Names of the baselines in a folder (NAME.json files), sorted. */
export function listBaselines(dir: string): string[] {
  const abs = path.resolve(dir);
  if (!existsSync(abs))
    throw new ExecsimError(
      "NOT_FOUND",
      `baseline folder ${abs} does not exist; save one with \`execsim baseline save NAME\` or pass --dir`,
    );
  return readdirSync(abs)
    .filter((f) => f.endsWith(".json") && !f.startsWith("."))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

/** JSON with two-space indents, except each parent record on one line. */
export function stringifyBaseline(b: Baseline): string {
  const lines = new Map<string, string>();
  const marked = {
    ...b,
    strategies: b.strategies.map((s, i) => ({
      ...s,
      parents: s.parents.map((p, j) => {
        const token = `@@parent:${i}:${j}@@`;
        lines.set(`"${token}"`, JSON.stringify(p));
        return token;
      }),
    })),
  };
  return `${JSON.stringify(marked, null, 2).replace(/"@@parent:\d+:\d+@@"/g, (t) => lines.get(t)!)}\n`;
}

/** Write atomically (temporary file + rename). */
export function writeBaseline(dir: string, b: Baseline): string {
  const file = baselinePath(dir, b.name);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, stringifyBaseline(b));
  renameSync(tmp, file);
  return file;
}

class Shape {
  constructor(readonly file: string) {}
  fail(where: string, what: string): never {
    throw new ExecsimError(
      "INVALID_CONFIG",
      `baseline ${this.file} is malformed: ${where} ${what}; restore it (e.g. \`git checkout -- ${path.basename(this.file)}\`) or save it again with \`execsim baseline save\``,
    );
  }
  obj(v: unknown, where: string): Record<string, unknown> {
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.fail(where, "must be an object");
    return v as Record<string, unknown>;
  }
  str(v: unknown, where: string): string {
    if (typeof v !== "string") this.fail(where, "must be a string");
    return v;
  }
  num(v: unknown, where: string): number {
    if (typeof v !== "number" || !Number.isFinite(v)) this.fail(where, "must be a number");
    return v;
  }
  numOrNull(v: unknown, where: string): number | null {
    return v === null ? null : this.num(v, where);
  }
  arr(v: unknown, where: string): unknown[] {
    if (!Array.isArray(v)) this.fail(where, "must be a list");
    return v;
  }
}

function parentOf(sh: Shape, v: unknown, where: string): ParentSnapshot {
  const o = sh.obj(v, where);
  const parts = Object.fromEntries(SNAPSHOT_COST_PARTS.map((p) => [p, sh.numOrNull(o[p], `${where}.${p}`)]));
  return {
    id: sh.str(o.id, `${where}.id`),
    status: sh.str(o.status, `${where}.status`),
    shortfallBps: sh.numOrNull(o.shortfallBps, `${where}.shortfallBps`),
    ...(parts as Record<(typeof SNAPSHOT_COST_PARTS)[number], number | null>),
    fillsHash: sh.str(o.fillsHash, `${where}.fillsHash`),
  };
}

function strategyOf(sh: Shape, v: unknown, where: string): StrategySnapshot {
  const o = sh.obj(v, where);
  const metrics = sh.obj(o.metrics, `${where}.metrics`);
  for (const [k, m] of Object.entries(metrics)) sh.numOrNull(m, `${where}.metrics["${k}"]`);
  return {
    label: sh.str(o.label, `${where}.label`),
    spec: sh.str(o.spec, `${where}.spec`),
    source: sh.str(o.source, `${where}.source`),
    params: sh.obj(o.params ?? {}, `${where}.params`),
    sha256: o.sha256 === null ? null : sh.str(o.sha256, `${where}.sha256`),
    metrics: metrics as Record<string, number | null>,
    parents: sh.arr(o.parents, `${where}.parents`).map((p, i) => parentOf(sh, p, `${where}.parents[${i}]`)),
  };
}

function dataOf(sh: Shape, v: unknown): BaselineData {
  const o = sh.obj(v, "data");
  const b = o.builtIn === null || o.builtIn === undefined ? null : sh.obj(o.builtIn, "data.builtIn");
  return {
    symbol: sh.str(o.symbol, "data.symbol"),
    category: sh.str(o.category, "data.category"),
    interval: sh.str(o.interval, "data.interval"),
    fromMs: sh.num(o.fromMs, "data.fromMs"),
    toMs: sh.num(o.toMs, "data.toMs"),
    from: sh.str(o.from, "data.from"),
    to: sh.str(o.to, "data.to"),
    bars: sh.num(o.bars, "data.bars"),
    candlesHash: sh.str(o.candlesHash, "data.candlesHash"),
    builtIn:
      b === null
        ? null
        : {
            generatorSeed: sh.num(b.generatorSeed, "data.builtIn.generatorSeed"),
            source: sh.str(b.source, "data.builtIn.source"),
          },
    candlesFile:
      o.candlesFile === null || o.candlesFile === undefined
        ? null
        : sh.str(o.candlesFile, "data.candlesFile"),
  };
}

/** Parse and validate baseline text (see the module doc for the errors). */
export function parseBaseline(text: string, file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ExecsimError(
      "PARSE_ERROR",
      `baseline ${file} is not valid JSON (${(e as Error).message}); restore it from version control or save it again with \`execsim baseline save\``,
      { file },
    );
  }
  const sh = new Shape(file);
  const o = sh.obj(raw, "the file");
  if (o.format !== BASELINE_FORMAT) sh.fail("format", `must be "${BASELINE_FORMAT}"`);
  const strategies = sh.arr(o.strategies, "strategies").map((s, i) => strategyOf(sh, s, `strategies[${i}]`));
  if (strategies.length === 0) sh.fail("strategies", "must name at least one strategy");
  return {
    format: BASELINE_FORMAT,
    name: sh.str(o.name, "name"),
    config: sh.obj(o.config, "config") as RunFlagsFile,
    data: dataOf(sh, o.data),
    strategies,
  };
}

/** Read `<dir>/<name>.json`. */
export function readBaseline(dir: string, name: string): { file: string; baseline: Baseline } {
  const file = baselinePath(dir, name);
  if (!existsSync(file))
    throw new ExecsimError(
      "NOT_FOUND",
      `no baseline ${file}; save it with \`execsim baseline save ${name}\` (or pass --dir to the folder that holds it)`,
    );
  return { file, baseline: parseBaseline(readFileSync(file, "utf8"), file) };
}
