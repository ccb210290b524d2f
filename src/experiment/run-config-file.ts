/**
 * Run config files (`--config FILE`): JSON or YAML holding the flags of a command by their flag
 * names (`adv-fraction`, `impact-param`, ...; camelCase spellings are accepted too), e.g.
 *
 *   symbol: BTCUSDT
 *   from: 2025-06-01
 *   strategies: [twap, "is:lambda=1e-5", ./my-strategy.ts]
 *   impact-param: { depthScale: 0.5 }
 *
 * readRunConfigFile checks the keys and the value types and returns the values as the command
 * line would give them (lists of strategies joined by commas, impact parameters as key=value), so a
 * file value then goes through exactly the validation, and messages, of its flag. Flags given on
 * the command line override the file (the CLI merges them). Relative strategy paths in a file are
 * relative to the file's folder, so a config (or a baseline) can be committed next to the code.
 * formatRunConfigFile writes a flag-form config back as YAML or JSON that --config reads.
 *
 * `.json` files are parsed as JSON; anything else as YAML 1.2 (a superset of JSON), with the `yaml`
 * package. YAML dates stay strings (core schema), so `from: 2025-06-01` means what `--from` means.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { ExecsimError } from "../core/errors.js";
import { buildRunConfig, type RunConfig } from "../engine/run-config.js";
import { isStrategyPath, parseStrategySpec, splitStrategyList } from "../engine/strategy-loader.js";
import {
  flagsFromRunConfig,
  type RunFlagsFile,
  runConfigFromFlags,
  type SimulationFlags,
} from "./run-flags.js";

/** How a key's value is read: a string, a number, strategy specs, or impact parameters. */
export type ConfigValueKind = "string" | "number" | "strategies" | "params" | "path";

/**
 * The simulation flags every run-like command takes (see simulationOptions in the CLI), and the
 * global --db (a relative path is relative to the config file's folder).
 */
export const SIMULATION_FLAG_KINDS: Readonly<Record<string, ConfigValueKind>> = Object.freeze({
  db: "path",
  symbol: "string",
  category: "string",
  interval: "string",
  from: "string",
  to: "string",
  side: "string",
  qty: "number",
  "adv-fraction": "number",
  "adv-days": "number",
  horizon: "string",
  "start-time": "string",
  seed: "string",
  impact: "string",
  "impact-param": "params",
  latency: "number",
  "taker-fee": "number",
  "maker-fee": "number",
  "max-participation": "number",
  "strategy-timeout": "string",
});

/** The keys of `execsim compare` (and `baseline save`) config files. */
export const COMPARE_CONFIG_KINDS: Readonly<Record<string, ConfigValueKind>> = Object.freeze({
  ...SIMULATION_FLAG_KINDS,
  strategies: "strategies",
  recalibrate: "string",
});

/** The keys of `execsim sweep` config files (param: { lambda: "1e-7:1e-3:7" } or a list of name=spec). */
export const SWEEP_CONFIG_KINDS: Readonly<Record<string, ConfigValueKind>> = Object.freeze({
  ...SIMULATION_FLAG_KINDS,
  strategy: "strategies",
  param: "params",
  scale: "string",
  "lambda-star": "number",
  "max-sd": "number",
  workers: "number",
});

/** The keys of `execsim run` config files. */
export const RUN_CONFIG_KINDS: Readonly<Record<string, ConfigValueKind>> = Object.freeze({
  ...SIMULATION_FLAG_KINDS,
  strategy: "strategies",
});

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function configError(file: string, message: string): ExecsimError {
  return new ExecsimError("INVALID_CONFIG", `config file ${file}: ${message}`);
}

/** Parse JSON (.json) or YAML text into a plain object. */
export function parseConfigText(text: string, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ExecsimError(
      "PARSE_ERROR",
      `config file ${file} is not valid ${/\.json$/i.test(file) ? "JSON" : "YAML or JSON"}: ${(e as Error).message.split("\n")[0]!.replace(/:\s*$/, "")}`,
      { file },
    );
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw configError(file, "must hold a mapping of flag names to values (e.g. `strategies: [twap, vwap]`)");
  return value as Record<string, unknown>;
}

/** A strategy spec whose relative path is re-anchored from `dir` (absolute when that changes what it names). */
export function rebaseStrategySpec(spec: string, dir: string, cwd = process.cwd()): string {
  const trimmed = spec.trim();
  const { name } = parseStrategySpec(trimmed);
  if (!isStrategyPath(name) || path.isAbsolute(name) || /^~[\\/]/.test(name)) return trimmed;
  const fromDir = path.resolve(dir, name);
  if (fromDir === path.resolve(cwd, name)) return trimmed;
  return `${fromDir}${trimmed.slice(name.length)}`;
}

function readValue(
  file: string,
  key: string,
  kind: ConfigValueKind,
  v: unknown,
  dir: string,
): string | number | string[] {
  const flag = `--${key}`;
  switch (kind) {
    case "path":
      if (typeof v === "string" && v.trim() !== "") return path.resolve(dir, v);
      throw configError(file, `${key} must be a file path, got ${JSON.stringify(v)}`);
    case "string":
      if (typeof v === "string" || typeof v === "number") return String(v);
      throw configError(file, `${key} must be a string (what ${flag} takes), got ${JSON.stringify(v)}`);
    case "number":
      if (typeof v === "number") return v;
      if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `${flag} must be a number (config file ${file}: ${key} is ${JSON.stringify(v)})`,
      );
    case "strategies": {
      const list =
        typeof v === "string"
          ? splitStrategyList(v)
          : Array.isArray(v) && v.every((x) => typeof x === "string")
            ? (v as string[])
            : null;
      if (list === null)
        throw configError(
          file,
          `${key} must be a list of strategies or a comma-separated string, got ${JSON.stringify(v)}`,
        );
      return list.map((s) => rebaseStrategySpec(s, dir)).join(",");
    }
    case "params": {
      if (typeof v === "string") return [v];
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
      if (typeof v === "object" && v !== null && !Array.isArray(v))
        return Object.entries(v).map(([k, x]) => `${k}=${String(x)}`);
      throw configError(
        file,
        `${key} must map parameter names to values (e.g. { depthScale: 0.5 }), got ${JSON.stringify(v)}`,
      );
    }
  }
}

/**
 * The values of a config file as the command line gives them, keyed by flag name. Unknown keys and
 * values of the wrong type are errors (INVALID_CONFIG naming the key); a null value is left out.
 */
export function runFlagsFromConfigObject(
  obj: Record<string, unknown>,
  kinds: Readonly<Record<string, ConfigValueKind>>,
  file: string,
  dir = path.dirname(path.resolve(file)),
): Record<string, string | number | string[]> {
  const out: Record<string, string | number | string[]> = {};
  for (const [rawKey, v] of Object.entries(obj)) {
    const key = kinds[rawKey] !== undefined ? rawKey : kebab(rawKey);
    const kind = kinds[key];
    if (kind === undefined)
      throw configError(
        file,
        `unknown key "${rawKey}"; the keys are the command's flags: ${Object.keys(kinds).join(", ")}`,
      );
    if (key in out) throw configError(file, `"${key}" is given twice (as ${key} and ${rawKey})`);
    if (v === null || v === undefined) continue;
    out[key] = readValue(file, key, kind, v, dir);
  }
  return out;
}

/** Read a config file (JSON or YAML) for a command whose flags are `kinds`; see the module doc. */
export function readRunConfigFile(
  file: string,
  kinds: Readonly<Record<string, ConfigValueKind>>,
): Record<string, string | number | string[]> {
  const abs = path.resolve(file);
  if (!existsSync(abs))
    throw new ExecsimError(
      "NOT_FOUND",
      `config file ${file} does not exist; pass a JSON or YAML file of flag values`,
    );
  return runFlagsFromConfigObject(parseConfigText(readFileSync(abs, "utf8"), file), kinds, file);
}

/** A flag-form config as a file --config reads: YAML (default) or JSON. */
export function formatRunConfigFile(flags: RunFlagsFile, format: "yaml" | "json" = "yaml"): string {
  return format === "json" ? `${JSON.stringify(flags, null, 2)}\n` : stringifyYaml(flags);
}

/**
 * A validated compare RunConfig from a flag-form config object (a config file's or a baseline's),
 * with the defaults for the flags it leaves out; relative strategy paths are relative to `dir`.
 */
export function compareConfigFromObject(obj: Record<string, unknown>, file: string, dir: string): RunConfig {
  const defaults = runFlagsFromConfigObject(
    flagsFromRunConfig(buildRunConfig({}), "compare"),
    COMPARE_CONFIG_KINDS,
    file,
    dir,
  );
  const flags = { ...defaults, ...runFlagsFromConfigObject(obj, COMPARE_CONFIG_KINDS, file, dir) };
  return runConfigFromFlags(flags as unknown as SimulationFlags, splitStrategyList(String(flags.strategies)));
}
