/**
 * Result exports: one stored table of one run or one batch as CSV or JSON lines, for pandas, Polars,
 * DuckDB or a spreadsheet. Column names are stable (scripts may rely on them) and carry their unit:
 *   _ms       epoch milliseconds UTC          _utc     the same instant, ISO-8601 UTC
 *   _base     base-currency quantity          _quote   quote currency (prices: quote per base)
 *   _bps      basis points of the parent's arrival notional (costs > 0 hurt)
 *   _fraction a fraction (0.1 = 10 %)
 * Every row starts with run_id and strategy, so a batch's runs stack in one file; rows come in run id
 * order, then in each run's simulation order. Numbers are written in JavaScript's shortest round-trip
 * form (parsing gives back the stored double); NULL is an empty CSV field / JSON null. Parquet
 * (written by hyparquet-writer, pure JavaScript, snappy-compressed) types each column by its name:
 * run_id, seq, child_seq, levels_consumed and *_ms are INT64, *_quote / *_base / *_bps / *_fraction
 * DOUBLE, everything else STRING; every column is nullable. Files are written to a temporary name and
 * renamed into place (a failed export leaves nothing behind).
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { ExecsimError } from "../core/errors.js";
import { isoUtc } from "../core/interval.js";
import { csvField } from "../market/csv.js";
import type { ExecsimDatabase } from "../store/database.js";

export const EXPORT_TABLES = ["parents", "children", "fills", "tca"] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
export const EXPORT_FORMATS = ["csv", "jsonl", "parquet"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An exported column: its name, the SQL expression over the table `t` (and `r` = runs), or an ISO time. */
type Column = readonly [name: string, sql: string] | readonly [name: string, sql: string, "iso"];

const LEAD: readonly Column[] = [
  ["run_id", "t.run_id"],
  ["strategy", "r.strategy"],
];

const COLUMNS: Record<ExportTable, { from: string; order: string; columns: readonly Column[] }> = {
  parents: {
    from: "parent_orders",
    order: "t.run_id, t.rowid",
    columns: [
      ...LEAD,
      ["parent_id", "t.parent_id"],
      ["symbol", "t.symbol"],
      ["side", "t.side"],
      ["qty_base", "t.qty_base"],
      ["start_ms", "t.start_ms"],
      ["start_utc", "t.start_ms", "iso"],
      ["end_ms", "t.end_ms"],
      ["end_utc", "t.end_ms", "iso"],
      ["limit_price_quote", "t.limit_price"],
      ["max_participation_fraction", "t.max_participation"],
      ["status", "t.status"],
      ["error", "t.error"],
      ["arrival_mid_quote", "t.arrival_mid"],
      ["end_mid_quote", "t.end_mid"],
      ["fill_state", "t.fill_state"],
    ],
  },
  children: {
    from: "child_orders",
    order: "t.run_id, t.seq",
    columns: [
      ...LEAD,
      ["seq", "t.seq"],
      ["child_id", "t.child_id"],
      ["parent_id", "t.parent_id"],
      ["side", "t.side"],
      ["qty_base", "t.qty_base"],
      ["submit_ms", "t.submit_ms"],
      ["submit_utc", "t.submit_ms", "iso"],
      ["arrive_ms", "t.arrive_ms"],
      ["limit_price_quote", "t.limit_price"],
      ["tag", "t.tag"],
      ["filled_qty_base", "t.filled_qty_base"],
      ["status", "t.status"],
      ["reason", "t.reason"],
    ],
  },
  fills: {
    from: "fills",
    order: "t.run_id, t.seq",
    columns: [
      ...LEAD,
      ["seq", "t.seq"],
      ["child_seq", "t.child_seq"],
      ["parent_id", "t.parent_id"],
      ["venue", "t.venue"],
      ["side", "CASE t.side_sign WHEN 1 THEN 'buy' ELSE 'sell' END"],
      ["time_ms", "t.time_ms"],
      ["time_utc", "t.time_ms", "iso"],
      ["qty_base", "t.qty_base"],
      ["avg_price_quote", "t.avg_price"],
      ["notional_quote", "t.notional_quote"],
      ["fee_quote", "t.fee_quote"],
      ["liquidity", "CASE t.maker WHEN 1 THEN 'maker' ELSE 'taker' END"],
      ["market_mid_quote", "t.market_mid"],
      ["mid_before_quote", "t.mid_before"],
      ["mid_after_quote", "t.mid_after"],
      ["half_spread_quote", "t.half_spread"],
      ["permanent_impact_before_quote", "t.permanent_impact_before"],
      ["transient_impact_before_quote", "t.transient_impact_before"],
      ["levels_consumed", "t.levels_consumed"],
    ],
  },
  tca: {
    from: "tca_results",
    order: "t.run_id, t.seq",
    columns: [
      ...LEAD,
      ["seq", "t.seq"],
      ["level", "t.level"],
      ["parent_id", "t.parent_id"],
      ["child_id", "t.child_id"],
      ["status", "t.status"],
      ["side", "t.side"],
      ["qty_base", "t.qty_base"],
      ["filled_qty_base", "t.filled_qty_base"],
      ["unfilled_qty_base", "t.unfilled_qty_base"],
      ["arrival_mid_quote", "t.arrival_mid"],
      ["avg_fill_price_quote", "t.avg_fill_price"],
      ["shortfall_quote", "t.shortfall_quote"],
      ["shortfall_bps", "t.shortfall_bps"],
      ["spread_quote", "t.spread_quote"],
      ["temporary_impact_quote", "t.temporary_impact_quote"],
      ["permanent_impact_quote", "t.permanent_impact_quote"],
      ["transient_impact_quote", "t.transient_impact_quote"],
      ["timing_quote", "t.timing_quote"],
      ["fees_quote", "t.fees_quote"],
      ["opportunity_quote", "t.opportunity_quote"],
      ["fees_bps", "t.fees_bps"],
      ["benchmark_vwap_quote", "t.benchmark_vwap"],
      ["interval_twap_quote", "t.interval_twap"],
      ["vwap_slippage_bps", "t.vwap_slippage_bps"],
      ["twap_slippage_bps", "t.twap_slippage_bps"],
      ["participation_rate_fraction", "t.participation_rate"],
      ["pre_trade_model", "t.pre_trade_model"],
      ["pre_trade_bps", "t.pre_trade_bps"],
      ["active_end_ms", "t.active_end_ms"],
      ["horizon_vwap_quote", "t.horizon_vwap"],
      ["horizon_vwap_slippage_bps", "t.horizon_vwap_slippage_bps"],
      ["horizon_participation_rate_fraction", "t.horizon_participation_rate"],
      ["fill_state", "t.fill_state"],
      ["completion_quote", "t.completion_quote"],
      ["completion_bps", "t.completion_bps"],
      ["ranked_cost_bps", "t.ranked_cost_bps"],
    ],
  },
};

/** The exported column names of a table, in order. */
export function exportColumns(table: ExportTable): string[] {
  return COLUMNS[table].columns.map((c) => c[0]);
}

/** INVALID_ARGUMENT unless `table` and `format` are known. */
export function checkExportArgs(table: string, format: string): asserts table is ExportTable {
  if (!(EXPORT_TABLES as readonly string[]).includes(table))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--table must be one of ${EXPORT_TABLES.join(", ")}, got "${table}"`,
    );
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--format must be one of ${EXPORT_FORMATS.join(", ")}, got "${format}"`,
    );
}

const csvCell = (v: unknown): string => (v === null || v === undefined ? "" : csvField(String(v)));

const CHUNK_ROWS = 2000;

/** The exported rows of a table (ISO times filled in), run by run, read lazily from the store. */
function* exportRows(
  store: ExecsimDatabase,
  runIds: readonly number[],
  table: ExportTable,
): Generator<unknown[]> {
  const spec = COLUMNS[table];
  const iso = spec.columns.map((c) => c.length === 3);
  const sql = `SELECT ${spec.columns.map((c) => c[1]).join(", ")} FROM ${spec.from} t JOIN runs r ON r.id = t.run_id
    WHERE t.run_id = ? ORDER BY ${spec.order}`;
  const stmt = store.sqlite.prepare(sql).raw(true);
  for (const id of runIds)
    for (const row of stmt.iterate(id) as Iterable<unknown[]>) {
      for (let j = 0; j < row.length; j++) if (iso[j] && row[j] !== null) row[j] = isoUtc(row[j] as number);
      yield row;
    }
}

/**
 * The CSV or JSON-lines export as text chunks (header first for CSV), ready to write one after the
 * other; rows are read lazily, so a large export never sits in memory whole.
 */
export function* exportChunks(
  store: ExecsimDatabase,
  runIds: readonly number[],
  table: ExportTable,
  format: Exclude<ExportFormat, "parquet">,
): Generator<string> {
  const names = exportColumns(table);
  if (format === "csv") yield `${names.join(",")}\n`;
  let buf: string[] = [];
  for (const row of exportRows(store, runIds, table)) {
    if (format === "csv") buf.push(row.map(csvCell).join(","));
    else {
      const o: Record<string, unknown> = {};
      for (let j = 0; j < names.length; j++) o[names[j]!] = row[j] ?? null;
      buf.push(JSON.stringify(o));
    }
    if (buf.length >= CHUNK_ROWS) {
      yield `${buf.join("\n")}\n`;
      buf = [];
    }
  }
  if (buf.length > 0) yield `${buf.join("\n")}\n`;
}

const INT_COLUMNS = new Set(["run_id", "seq", "child_seq", "levels_consumed"]);

/** The Parquet type of an exported column, from its name (see the doc block). */
export function parquetColumnType(name: string): "INT64" | "DOUBLE" | "STRING" {
  if (INT_COLUMNS.has(name) || name.endsWith("_ms")) return "INT64";
  if (/_(quote|base|bps|fraction)$/.test(name)) return "DOUBLE";
  return "STRING";
}

/** The export as one Parquet file (columnar, so the table is read whole first). */
export async function exportParquet(
  store: ExecsimDatabase,
  runIds: readonly number[],
  table: ExportTable,
): Promise<Uint8Array> {
  const names = exportColumns(table);
  const columns: unknown[][] = names.map(() => []);
  for (const row of exportRows(store, runIds, table))
    for (let j = 0; j < names.length; j++) columns[j]!.push(row[j] ?? null);
  // imported on first use, like vega (render-svg.ts): an ES module the strategy loader's CommonJS cannot load
  const { parquetWriteBuffer } = await import("hyparquet-writer");
  const buffer = parquetWriteBuffer({
    columnData: names.map((name, j) => {
      const type = parquetColumnType(name);
      const data =
        type === "INT64" ? columns[j]!.map((v) => (v === null ? null : BigInt(v as number))) : columns[j]!;
      return { name, data, type, nullable: true };
    }),
  });
  return new Uint8Array(buffer);
}

/** Write the export to `file` atomically (temporary name, then rename); returns the bytes written. */
export async function writeExportFile(
  store: ExecsimDatabase,
  runIds: readonly number[],
  table: ExportTable,
  format: ExportFormat,
  file: string,
): Promise<number> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  let bytes = 0;
  let fd: number | undefined;
  try {
    const parquet = format === "parquet" ? await exportParquet(store, runIds, table) : null;
    fd = openSync(tmp, "w");
    if (format === "parquet") bytes = writeSync(fd, parquet!);
    else for (const chunk of exportChunks(store, runIds, table, format)) bytes += writeSync(fd, chunk);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    if (e instanceof ExecsimError) throw e;
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--out ${file}: cannot write it (${(e as Error).message}); check that the folder exists and is writable`,
      undefined,
      { cause: e },
    );
  }
  return bytes;
}
