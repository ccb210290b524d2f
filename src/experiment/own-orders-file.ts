/**
 * A user's own parent orders and fills, read from files and checked row by row (everything that needs
 * no candles). Used by `execsim orders import` and `execsim compare --parents`.
 *
 * Parent orders: parent_id, symbol, side (buy|sell), qty (base units), start, end (ISO-8601 UTC or
 * epoch s/ms), optional limit_price and arrival_price (quote per base).
 * Fills: parent_id, timestamp, side (a row may leave it empty: the parent's), qty (base), price (quote
 * per base), optional fee (quote; missing counts as zero and is reported), venue, arrival_price (the
 * parent's decision price; every fill of a parent that gives one must give the same).
 * Files: one parents file and one fills file, or one file with a `kind` column (parent | fill) holding
 * both (see own-orders-records.ts for CSV / JSON). A JSON object {"parents": [...], "fills": [...]} is
 * such a combined file too.
 *
 * Checks, each naming file, line and field (all bad rows are listed, up to MAX_LISTED): fields parse;
 * qty and prices > 0; end after start; parent ids unique; each fill's parent exists, its side is the
 * parent's, its time lies in [start, end], and a parent's fills sum to at most its qty (relative
 * tolerance 1e-9). Checks against the stored candles (symbol known, an arrival bar) are in
 * import-own-orders.ts.
 */
import { ExecsimError } from "../core/errors.js";
import type { ParentOrder } from "../core/execution-types.js";
import { isoUtc } from "../core/interval.js";
import type { Side } from "../core/market-types.js";
import { describeRef, parseDecimal, parseTimestampMs } from "../market/import-fields.js";
import { type OwnRecord, readOwnRecords } from "./own-orders-records.js";

export const PARENT_COLUMNS = ["parent_id", "symbol", "side", "qty", "start", "end", "limit_price"] as const;
export const FILL_COLUMNS = [
  "parent_id",
  "timestamp",
  "side",
  "qty",
  "price",
  "fee",
  "venue",
  "arrival_price",
] as const;
export const ALL_COLUMNS = [...new Set<string>(["kind", ...PARENT_COLUMNS, ...FILL_COLUMNS])];

/** Where a row came from. */
export interface RowSource {
  readonly file: string;
  readonly line: number;
}

/** "file, line N, field F" (the wording of every importer's errors). */
export function rowRef(r: RowSource, field: string): string {
  return describeRef({ file: r.file, line: r.line, field });
}

/** A parent order from a file (a ParentOrder plus where it was read). */
export interface OwnParentOrder extends ParentOrder {
  readonly source: RowSource;
  /** The decision price given in the file (on the parent row or its fills), if any. */
  readonly arrivalPrice?: number;
}

/** A fill from a file. */
export interface OwnFill {
  readonly parentId: string;
  readonly timeMs: number;
  readonly side: Side;
  readonly qtyBase: number;
  readonly price: number;
  /** Quote currency; null when the file gave none (counted as zero). */
  readonly feeQuote: number | null;
  readonly venue: string | null;
  readonly arrivalPrice: number | null;
  readonly source: RowSource;
}

export interface OwnOrders {
  readonly parents: readonly OwnParentOrder[];
  /** In file order. */
  readonly fills: readonly OwnFill[];
}

/** Bad rows listed in one error at most. */
export const MAX_LISTED = 20;

/** Collects the problems of a file so that all bad rows are reported at once. */
class Problems {
  readonly list: string[] = [];
  code: "PARSE_ERROR" | "VALIDATION_ERROR" | undefined;

  add(r: RowSource, field: string, msg: string, code: "PARSE_ERROR" | "VALIDATION_ERROR"): void {
    this.code ??= code;
    this.list.push(`${rowRef(r, field)}: ${msg}`);
  }

  /** Run `fn`, turning a PARSE_ERROR it throws into a listed problem; undefined on failure. */
  try<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof ExecsimError) || e.code !== "PARSE_ERROR") throw e;
      this.code ??= "PARSE_ERROR";
      this.list.push(e.message);
      return undefined;
    }
  }

  throwIfAny(what: string): void {
    if (this.list.length === 0) return;
    const shown = this.list.slice(0, MAX_LISTED);
    const more = this.list.length > shown.length ? `\n  … and ${this.list.length - shown.length} more` : "";
    throw new ExecsimError(
      this.code ?? "VALIDATION_ERROR",
      `${what}: ${this.list.length} problem(s), nothing was written; fix these rows:\n  ${shown.join("\n  ")}${more}`,
    );
  }
}

function ref(r: OwnRecord, field: string) {
  return { file: r.file, line: r.line, field };
}

function required(p: Problems, r: OwnRecord, field: string): string | undefined {
  const v = r.values.get(field);
  if (v === undefined) p.add(r, field, "missing (required)", "PARSE_ERROR");
  return v;
}

function positive(p: Problems, r: OwnRecord, field: string, optional: boolean): number | undefined {
  const text = optional ? r.values.get(field) : required(p, r, field);
  if (text === undefined) return undefined;
  const v = p.try(() => parseDecimal(text, ref(r, field)));
  if (v !== undefined && !(v > 0)) {
    p.add(r, field, `must be > 0, got ${text}`, "VALIDATION_ERROR");
    return undefined;
  }
  return v;
}

function time(p: Problems, r: OwnRecord, field: string): number | undefined {
  const text = required(p, r, field);
  return text === undefined ? undefined : p.try(() => parseTimestampMs(text, ref(r, field)));
}

/** The side field; `fallback` (a fill's parent's side) when the field is absent and a fallback is given. */
function side(p: Problems, r: OwnRecord, fallback?: Side): Side | undefined {
  if (fallback !== undefined && !r.values.has("side")) return fallback;
  const text = required(p, r, "side");
  if (text === undefined) return undefined;
  const s = text.toLowerCase();
  if (s === "buy" || s === "sell") return s;
  p.add(r, "side", `use buy or sell, got "${text}"`, "PARSE_ERROR");
  return undefined;
}

function kindOf(r: OwnRecord, defaultKind: "parent" | "fill" | undefined, p: Problems): string | undefined {
  const k = (r.values.get("kind") ?? r.group ?? defaultKind)?.toLowerCase();
  if (k === "parent" || k === "parents") return "parent";
  if (k === "fill" || k === "fills") return "fill";
  p.add(
    r,
    "kind",
    k === undefined
      ? "missing: a combined file needs kind = parent or fill on every row"
      : `use parent or fill, got "${k}"`,
    "PARSE_ERROR",
  );
  return undefined;
}

function parseParent(p: Problems, r: OwnRecord): OwnParentOrder | undefined {
  const id = required(p, r, "parent_id");
  const symbol = required(p, r, "symbol");
  const s = side(p, r);
  const qty = positive(p, r, "qty", false);
  const start = time(p, r, "start");
  const end = time(p, r, "end");
  const limit = positive(p, r, "limit_price", true);
  const arrival = positive(p, r, "arrival_price", true);
  if (start !== undefined && end !== undefined && !(end > start))
    p.add(r, "end", `must be after start (${isoUtc(start)}), got ${isoUtc(end)}`, "VALIDATION_ERROR");
  if (
    id === undefined ||
    symbol === undefined ||
    s === undefined ||
    qty === undefined ||
    start === undefined ||
    end === undefined ||
    !(end > start)
  )
    return undefined;
  return {
    id,
    symbol,
    side: s,
    qtyBase: qty,
    startMs: start,
    endMs: end,
    ...(limit !== undefined ? { limitPrice: limit } : {}),
    ...(arrival !== undefined ? { arrivalPrice: arrival } : {}),
    source: { file: r.file, line: r.line },
  };
}

function parseFill(
  p: Problems,
  r: OwnRecord,
  parents: ReadonlyMap<string, OwnParentOrder>,
): OwnFill | undefined {
  const id = required(p, r, "parent_id");
  const t = time(p, r, "timestamp");
  // against its parent, with whatever parsed (so one row's problems are all listed)
  const parent = id === undefined ? undefined : parents.get(id);
  const s = side(p, r, parent?.side);
  if (id !== undefined && !parent)
    p.add(r, "parent_id", `no parent order "${id}" in the parents file`, "VALIDATION_ERROR");
  if (parent && s !== undefined && s !== parent.side)
    p.add(r, "side", `${s} contradicts parent ${parent.id}, a ${parent.side}`, "VALIDATION_ERROR");
  if (parent && t !== undefined && t < parent.startMs)
    p.add(
      r,
      "timestamp",
      `${isoUtc(t)} is before parent ${parent.id} starts (${isoUtc(parent.startMs)})`,
      "VALIDATION_ERROR",
    );
  if (parent && t !== undefined && t > parent.endMs)
    p.add(
      r,
      "timestamp",
      `${isoUtc(t)} is after parent ${parent.id} ends (${isoUtc(parent.endMs)})`,
      "VALIDATION_ERROR",
    );
  const qty = positive(p, r, "qty", false);
  const price = positive(p, r, "price", false);
  const feeText = r.values.get("fee");
  const fee = feeText === undefined ? null : p.try(() => parseDecimal(feeText, ref(r, "fee")));
  const arrival = positive(p, r, "arrival_price", true);
  if (
    id === undefined ||
    t === undefined ||
    s === undefined ||
    qty === undefined ||
    price === undefined ||
    fee === undefined
  )
    return undefined;
  return {
    parentId: id,
    timeMs: t,
    side: s,
    qtyBase: qty,
    price,
    feeQuote: fee,
    venue: r.values.get("venue") ?? null,
    arrivalPrice: arrival ?? null,
    source: { file: r.file, line: r.line },
  };
}

/** Parent rows of the records (a combined file's parent rows; every row of a parents-only file). */
function parseParents(p: Problems, records: readonly OwnRecord[]): OwnParentOrder[] {
  const parents: OwnParentOrder[] = [];
  const seen = new Map<string, RowSource>();
  for (const r of records) {
    const parent = parseParent(p, r);
    if (!parent) continue;
    const prev = seen.get(parent.id);
    if (prev) {
      p.add(r, "parent_id", `"${parent.id}" is already used at line ${prev.line}`, "VALIDATION_ERROR");
      continue;
    }
    seen.set(parent.id, parent.source);
    parents.push(parent);
  }
  return parents;
}

/** A parent's fills against its qty and arrival price; returns the parents with arrival prices given on fills folded in. */
function checkFills(p: Problems, parents: OwnParentOrder[], fills: readonly OwnFill[]): OwnParentOrder[] {
  const byId = new Map(parents.map((x) => [x.id, x]));
  const filled = new Map<string, number>();
  const arrival = new Map<string, { price: number; at: RowSource }>();
  for (const f of fills) {
    const parent = byId.get(f.parentId);
    const at = f.source;
    if (!parent) continue; // reported by parseFill
    const sum = (filled.get(parent.id) ?? 0) + f.qtyBase;
    filled.set(parent.id, sum);
    if (sum > parent.qtyBase * (1 + 1e-9))
      p.add(
        at,
        "qty",
        `the fills of parent ${parent.id} sum to ${sum} here, above its qty ${parent.qtyBase}`,
        "VALIDATION_ERROR",
      );
    if (f.arrivalPrice !== null) {
      const given = parent.arrivalPrice ?? arrival.get(parent.id)?.price;
      if (given !== undefined && given !== f.arrivalPrice)
        p.add(
          at,
          "arrival_price",
          `${f.arrivalPrice} differs from ${given} given earlier for parent ${parent.id}`,
          "VALIDATION_ERROR",
        );
      else arrival.set(parent.id, { price: f.arrivalPrice, at });
    }
  }
  return parents.map((x) => {
    const a = arrival.get(x.id);
    return a && x.arrivalPrice === undefined ? { ...x, arrivalPrice: a.price } : x;
  });
}

/**
 * Read and check parent orders and fills: `execsim orders import PARENTS FILLS`, or one combined file
 * (with a `kind` column, or a JSON object of "parents" and "fills") when `fillsFile` is omitted.
 * Throws PARSE_ERROR / VALIDATION_ERROR listing every bad row; reads nothing else.
 */
export function readOwnOrders(parentsFile: string, fillsFile?: string): OwnOrders {
  const p = new Problems();
  let parentRecords: OwnRecord[];
  let fillRecords: OwnRecord[];
  if (fillsFile === undefined) {
    parentRecords = [];
    fillRecords = [];
    for (const r of readOwnRecords(parentsFile, ALL_COLUMNS)) {
      const k = kindOf(r, undefined, p);
      if (k === "parent") parentRecords.push(r);
      else if (k === "fill") fillRecords.push(r);
    }
  } else {
    parentRecords = readOwnRecords(parentsFile, ["kind", ...PARENT_COLUMNS, "arrival_price"]).filter(
      (r) => kindOf(r, "parent", p) === "parent",
    );
    fillRecords = readOwnRecords(fillsFile, ["kind", ...FILL_COLUMNS]).filter(
      (r) => kindOf(r, "fill", p) === "fill",
    );
  }
  return checkedOrders(p, parentRecords, fillRecords, parentsFile, fillsFile);
}

/**
 * Parent and fill records (e.g. parents derived from a fills-only file by calibration) through the same
 * checks as readOwnOrders; `parentsFile` / `fillsFile` name them in errors.
 */
export function ownOrdersFromRecords(
  parentRecords: readonly OwnRecord[],
  fillRecords: readonly OwnRecord[],
  parentsFile: string,
  fillsFile?: string,
): OwnOrders {
  return checkedOrders(new Problems(), parentRecords, fillRecords, parentsFile, fillsFile);
}

function checkedOrders(
  p: Problems,
  parentRecords: readonly OwnRecord[],
  fillRecords: readonly OwnRecord[],
  parentsFile: string,
  fillsFile: string | undefined,
): OwnOrders {
  const parents = parseParents(p, parentRecords);
  const byId = new Map(parents.map((x) => [x.id, x]));
  const fills: OwnFill[] = [];
  for (const r of fillRecords) {
    const f = parseFill(p, r, byId);
    if (f) fills.push(f);
  }
  if (parents.length === 0 && p.list.length === 0)
    throw new ExecsimError(
      "VALIDATION_ERROR",
      `${parentsFile}: no parent orders (columns ${PARENT_COLUMNS.join(", ")}); nothing was written`,
    );
  const checked = checkFills(p, parents, fills);
  p.throwIfAny(fillsFile === undefined ? parentsFile : `${parentsFile} / ${fillsFile}`);
  return { parents: checked, fills };
}

/**
 * Parent orders only (`execsim compare --parents FILE`): a parents file, or the parent rows of a
 * combined file (fill rows are ignored). Same checks and errors as readOwnOrders.
 */
export function readParentOrders(file: string): OwnParentOrder[] {
  const p = new Problems();
  const records = readOwnRecords(file, ALL_COLUMNS).filter(
    (r) => (r.values.has("kind") || r.group !== undefined ? kindOf(r, undefined, p) : "parent") === "parent",
  );
  const parents = parseParents(p, records);
  p.throwIfAny(file);
  if (parents.length === 0)
    throw new ExecsimError(
      "VALIDATION_ERROR",
      `${file}: no parent orders (columns ${PARENT_COLUMNS.join(", ")})`,
    );
  return parents;
}
