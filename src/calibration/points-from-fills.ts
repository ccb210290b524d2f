/**
 * Calibration points from a file of a desk's own executions (`execsim calibrate --fills FILE`), read
 * with the own-orders reader of `execsim orders import` (experiment/own-orders-file.ts: CSV or JSON,
 * every row checked, all problems listed with file, line and field), in either form:
 * - a combined file with parent and fill rows (a `kind` column, or JSON {"parents": [...], "fills": [...]});
 * - a parents file and a fills file (`parents`), as `orders import PARENTS FILLS` takes them;
 * - a fills-only file (columns parent_id, timestamp, side, qty, price, fee, venue, arrival_price, and
 *   optionally symbol): each parent_id is one parent, from its first to its last fill (end = last fill
 *   + 1 ms), of the fills' total quantity. `symbol` (--symbol) names the market when the rows carry none.
 * σ, ADV and the regime volatility come from the stored candles of the symbol (category and interval as
 * in `orders import`, default linear, 1 minute) before each parent's start; the arrival price is the
 * file's arrival_price, else the close of the last bar closed at or before the start; markouts use the
 * candles' mids (calibration-points.ts, basis "shortfall").
 * Errors (exit 2): PARSE_ERROR / VALIDATION_ERROR for bad rows, VALIDATION_ERROR when a fills-only file
 * names no symbol and none is given, NOT_FOUND when no candles are stored for the symbol.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { ExecsimError } from "../core/errors.js";
import { DAY_MS, type Interval, intervalMs } from "../core/interval.js";
import type { Category } from "../core/market-types.js";
import {
  ALL_COLUMNS,
  type OwnOrders,
  ownOrdersFromRecords,
  readOwnOrders,
} from "../experiment/own-orders-file.js";
import { type OwnRecord, readOwnRecords } from "../experiment/own-orders-records.js";
import { groupBy } from "../experiment/own-parents-plan.js";
import { parseDecimal, parseTimestampMs } from "../market/import-fields.js";
import { readSeries } from "../store/candle-store.js";
import type { ExecsimDatabase } from "../store/database.js";
import { lastCloseMid } from "../tca/markouts.js";
import {
  appendCalibrationPoints,
  buildCalibrationPoints,
  CALIBRATION_MARKOUT_HORIZONS_MS,
  type CalibrationPoints,
  candleMarkouts,
  type ExecutedParent,
  emptyCalibrationPoints,
} from "./calibration-points.js";

export interface FillsFileOptions {
  db: ExecsimDatabase;
  /** A separate parents file (as `orders import PARENTS FILLS`); `path` is then the fills file. */
  parents?: string;
  /** Market of fills that carry no symbol. */
  symbol?: string;
  category?: Category;
  interval?: Interval;
}

/** `fills:NAME sha256:…` (first 16 hex digits of the file's hash): the record's source. */
export function fillsFileSource(path: string): string {
  const hash = createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
  return `fills:${basename(path)} sha256:${hash}`;
}

const isParentRow = (r: OwnRecord) => {
  const k = (r.values.get("kind") ?? r.group ?? "").toLowerCase();
  return k === "parent" || k === "parents";
};

/** Parents derived from a fills-only file: one per parent_id, first fill to last fill. */
function derivedParents(fills: readonly OwnRecord[], symbol: string | undefined, file: string): OwnRecord[] {
  const byId = groupBy(
    fills.filter((r) => r.values.has("parent_id")),
    (r) => r.values.get("parent_id")!,
  );
  const out: OwnRecord[] = [];
  for (const [id, rows] of byId) {
    const first = rows[0]!;
    const sym = rows.find((r) => r.values.has("symbol"))?.values.get("symbol") ?? symbol;
    if (sym === undefined)
      throw new ExecsimError(
        "VALIDATION_ERROR",
        `${file}: the fills of parent ${id} carry no symbol; pass --symbol to name their market`,
      );
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    let qty = 0;
    for (const r of rows) {
      const ref = (field: string) => ({ file: r.file, line: r.line, field });
      const t = parseTimestampMs(r.values.get("timestamp") ?? "", ref("timestamp"));
      start = Math.min(start, t);
      end = Math.max(end, t);
      qty += parseDecimal(r.values.get("qty") ?? "", ref("qty"));
    }
    const values = new Map<string, string>([
      ["parent_id", id],
      ["symbol", sym],
      ["side", first.values.get("side") ?? ""],
      ["qty", String(qty)],
      ["start", String(start)],
      ["end", String(end + 1)],
    ]);
    out.push({ file: first.file, line: first.line, values });
  }
  return out;
}

/** Read and check a fills file (combined or fills-only). */
export function readFillsFile(path: string, symbol?: string): OwnOrders {
  const records = readOwnRecords(path, ALL_COLUMNS);
  if (records.some(isParentRow)) return readOwnOrders(path);
  const fills = records.filter((r) => !r.values.has("kind") || !isParentRow(r));
  if (fills.length === 0)
    throw new ExecsimError(
      "VALIDATION_ERROR",
      `${path}: no fills (columns parent_id, timestamp, side, qty, price)`,
    );
  const fillRows = fills.map((r) => {
    const values = new Map(r.values);
    values.delete("symbol");
    values.delete("kind");
    return { ...r, values };
  });
  return ownOrdersFromRecords(derivedParents(fills, symbol, path), fillRows, path);
}

/** Points of the parents in a fills file, on the stored candles of their symbol(s). */
export function calibrationPointsFromFillsFile(path: string, opts: FillsFileOptions): CalibrationPoints {
  const orders =
    opts.parents !== undefined ? readOwnOrders(opts.parents, path) : readFillsFile(path, opts.symbol);
  const category = opts.category ?? "linear";
  const interval = opts.interval ?? "1";
  const bar = intervalMs(interval);
  const maxH = Math.max(...CALIBRATION_MARKOUT_HORIZONS_MS);
  const fillsOf = groupBy(orders.fills, (f) => f.parentId);
  const all = emptyCalibrationPoints();
  for (const [symbol, parents] of groupBy(orders.parents, (p) => p.symbol)) {
    const key = { symbol, category, interval };
    const first = Math.min(...parents.map((p) => p.startMs));
    const last = Math.max(...parents.map((p) => p.endMs));
    const series = readSeries(opts.db, key, first - DAY_MS - bar, last + maxH + bar);
    const executed: ExecutedParent[] = parents.map((p) => {
      const arrival = p.arrivalPrice ?? lastCloseMid(series, p.startMs);
      return {
        parentId: p.id,
        symbol,
        sideSign: p.side === "buy" ? 1 : -1,
        startMs: p.startMs,
        endMs: p.endMs,
        arrivalPrice: arrival,
        fills: (fillsOf.get(p.id) ?? [])
          .slice()
          .sort((a, b) => a.timeMs - b.timeMs)
          .map((f) => ({
            timeMs: f.timeMs,
            qtyBase: f.qtyBase,
            price: f.price,
            marketMid: lastCloseMid(series, f.timeMs),
            halfSpread: 0,
          })),
      };
    });
    const pts = buildCalibrationPoints(series, executed, "shortfall", candleMarkouts(series));
    appendCalibrationPoints(all, pts, symbol);
  }
  return all;
}
