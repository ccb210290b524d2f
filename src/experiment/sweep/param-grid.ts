/**
 * The parameter grid of `execsim sweep`: `--param name=spec`, one flag per swept strategy parameter,
 * their product in flag order (the first flag varies slowest).
 *
 * A spec is
 *   lo:hi:n   n values from lo to hi inclusive, log-spaced when lo > 0 and hi/lo ≥ 10, else linear
 *             (`scale` "log" | "linear" overrides; a log grid needs lo > 0). Interior values are
 *             rounded to 12 significant digits, so 1e-7:1e-3:5 reads 1e-7, 1e-6, ..., 1e-3.
 *   a,b,c     a list (the way to include 0), kept in the order given;
 *   a         one value.
 * Whole-valued parameters (`integerParams`: declared by the strategy, or by the naming convention
 * `slices`, `...Ms`, `...Bars`) are rounded to whole numbers; points that become equal are dropped
 * (the first kept) with a note. Any other duplicate point is dropped the same way.
 * Errors (INVALID_ARGUMENT, nothing run or written): lo > hi, n < 1 or not whole, a value that is
 * not a finite number, a log grid through or below 0, a parameter given twice, no --param.
 */
import { ExecsimError } from "../../core/errors.js";

export type GridScale = "auto" | "log" | "linear";

export interface ParamAxis {
  readonly name: string;
  readonly values: readonly number[];
  /** How the values were made: "list", "log" or "linear". */
  readonly kind: "list" | "log" | "linear";
  /** The spec as typed. */
  readonly spec: string;
}

export type GridPoint = Readonly<Record<string, number>>;

export interface ParamGrid {
  readonly axes: readonly ParamAxis[];
  readonly points: readonly GridPoint[];
  /** Human-readable notes (rounded values, dropped duplicates). */
  readonly notes: readonly string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function bad(flag: string, why: string): never {
  throw new ExecsimError(
    "INVALID_ARGUMENT",
    `--param ${flag}: ${why} (forms: name=lo:hi:n, name=a,b,c or name=value, e.g. lambda=1e-7:1e-3:7 or lambda=0,1e-6,1e-5)`,
  );
}

function numberIn(raw: string, flag: string, what: string): number {
  const t = raw.trim();
  if (!NUMBER.test(t)) bad(flag, `${what} "${raw}" is not a number`);
  const x = Number(t);
  if (!Number.isFinite(x)) bad(flag, `${what} "${raw}" is not a finite number`);
  return x;
}

/** 12 significant digits: 9.999999999999999e-7 → 1e-6 (labels and stored parameters read as typed). */
function tidy(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(12));
}

/** The n values of lo:hi:n on the given scale (endpoints exact). */
export function rangeValues(lo: number, hi: number, n: number, scale: "log" | "linear"): number[] {
  if (n === 1) return [lo];
  const out = new Array<number>(n);
  if (scale === "log") {
    const a = Math.log(lo);
    const step = (Math.log(hi) - a) / (n - 1);
    for (let i = 0; i < n; i++) out[i] = i === 0 ? lo : i === n - 1 ? hi : tidy(Math.exp(a + i * step));
  } else {
    const step = (hi - lo) / (n - 1);
    for (let i = 0; i < n; i++) out[i] = i === 0 ? lo : i === n - 1 ? hi : tidy(lo + i * step);
  }
  return out;
}

/** One `--param name=spec` → its axis (before integer rounding). */
export function parseParamAxis(text: string, scale: GridScale = "auto"): ParamAxis {
  const flag = `"${text}"`;
  const eq = text.indexOf("=");
  if (eq < 0) bad(flag, "no '=': write name=values");
  const name = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  if (!NAME.test(name)) bad(flag, `"${name}" is not a parameter name (letters, digits and _)`);
  if (spec === "") bad(flag, `no values after "${name}="`);
  if (spec.includes(":")) {
    const parts = spec.split(":");
    if (parts.length !== 3) bad(flag, "a range is lo:hi:n (three parts)");
    const lo = numberIn(parts[0]!, flag, "lo");
    const hi = numberIn(parts[1]!, flag, "hi");
    const n = numberIn(parts[2]!, flag, "n");
    if (!(Number.isInteger(n) && n >= 1)) bad(flag, `n must be a whole number >= 1, got ${parts[2]!.trim()}`);
    if (lo > hi) bad(flag, `lo (${lo}) is greater than hi (${hi}); write the range from low to high`);
    if (n === 1 && lo !== hi) bad(flag, `n = 1 needs lo = hi (one value); use n >= 2 or a single value`);
    const kind: "log" | "linear" = scale === "auto" ? (lo > 0 && hi / lo >= 10 ? "log" : "linear") : scale;
    if (kind === "log" && !(lo > 0))
      bad(
        flag,
        `a log grid needs lo > 0 (log spacing cannot reach ${lo}); use --scale linear, or a list such as ${name}=0,1e-6,1e-5 to include 0`,
      );
    return { name, values: rangeValues(lo, hi, n, kind), kind, spec };
  }
  const values = spec.split(",").map((v) => numberIn(v, flag, "value"));
  return { name, values, kind: "list", spec };
}

/** The naming convention for whole-valued parameters: slices, ...Ms (durations), ...Bars (counts). */
export function isConventionallyInteger(name: string): boolean {
  return name === "slices" || /Ms$/.test(name) || /Bars$/.test(name);
}

/** Parse every `--param`, round whole-valued ones, take the product and drop duplicate points. */
export function buildParamGrid(
  specs: readonly string[],
  opts: { scale?: GridScale; integerParams?: readonly string[] } = {},
): ParamGrid {
  if (specs.length === 0)
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      "--param: name at least one parameter to sweep, e.g. --param lambda=1e-7:1e-3:7",
    );
  const scale = opts.scale ?? "auto";
  if (!["auto", "log", "linear"].includes(scale))
    throw new ExecsimError("INVALID_ARGUMENT", `--scale must be log or linear, got "${scale}"`);
  const integers = new Set(opts.integerParams ?? []);
  const notes: string[] = [];
  const axes: ParamAxis[] = [];
  for (const s of specs) {
    const axis = parseParamAxis(s, scale);
    if (axes.some((a) => a.name === axis.name))
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `--param ${axis.name} is given twice; give one --param per parameter (a list a,b,c or a range lo:hi:n)`,
      );
    if (integers.has(axis.name) || isConventionallyInteger(axis.name)) {
      const rounded = axis.values.map((v) => Math.round(v));
      const changed = axis.values.filter((v, i) => v !== rounded[i]);
      if (changed.length > 0)
        notes.push(
          `${axis.name} takes whole values: ${changed.join(", ")} rounded to the nearest whole number`,
        );
      axes.push({ ...axis, values: rounded });
    } else axes.push(axis);
  }
  let points: Record<string, number>[] = [{}];
  for (const a of axes) points = points.flatMap((p) => a.values.map((v) => ({ ...p, [a.name]: v })));
  const seen = new Set<string>();
  const unique: GridPoint[] = [];
  let dropped = 0;
  for (const p of points) {
    const key = JSON.stringify(p);
    if (seen.has(key)) dropped++;
    else {
      seen.add(key);
      unique.push(Object.freeze(p));
    }
  }
  if (dropped > 0) notes.push(`${dropped} duplicate grid point(s) dropped (each point runs once)`);
  return { axes, points: unique, notes };
}

/** `lambda=1e-7,slices=10`: a point as text, in axis order. */
export function pointText(p: GridPoint): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}
