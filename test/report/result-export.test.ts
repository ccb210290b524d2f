import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareStrategies } from "../../src/experiment/batch.js";
import { parseCsvLine } from "../../src/market/csv.js";
import {
  exportChunks,
  exportColumns,
  exportParquet,
  parquetColumnType,
  writeExportFile,
} from "../../src/report/result-export.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";

let store: ExecsimDatabase;
let runIds: number[];
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-export-"));
  store = openDatabase(":memory:");
  const r = await compareStrategies(store, {
    strategies: ["twap", "vwap"],
    fromMs: Date.UTC(2024, 0, 5),
    toMs: Date.UTC(2024, 0, 8),
  });
  runIds = r.runs.map((x) => x.runId);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = (table: "parents" | "children" | "fills" | "tca", format: "csv" | "jsonl") =>
  [...exportChunks(store, runIds, table, format)].join("");

describe("result exports", () => {
  it("keeps its documented column names (with units) stable", () => {
    expect(exportColumns("fills")).toEqual([
      "run_id",
      "strategy",
      "seq",
      "child_seq",
      "parent_id",
      "venue",
      "side",
      "time_ms",
      "time_utc",
      "qty_base",
      "avg_price_quote",
      "notional_quote",
      "fee_quote",
      "liquidity",
      "market_mid_quote",
      "mid_before_quote",
      "mid_after_quote",
      "half_spread_quote",
      "permanent_impact_before_quote",
      "transient_impact_before_quote",
      "levels_consumed",
    ]);
    expect(exportColumns("parents").slice(0, 6)).toEqual([
      "run_id",
      "strategy",
      "parent_id",
      "symbol",
      "side",
      "qty_base",
    ]);
    expect(exportColumns("tca")).toContain("shortfall_bps");
    expect(exportColumns("tca")).toContain("participation_rate_fraction");
    expect(exportColumns("children")).toContain("filled_qty_base");
  });

  it("exports every stored column of each table (columns added later come last)", () => {
    // stored name -> exported name, where the export adds a unit or spells a code out
    const renamed: Record<string, string> = { side_sign: "side", maker: "liquidity" };
    const units = ["", "_quote", "_fraction"];
    const tables = {
      parents: "parent_orders",
      children: "child_orders",
      fills: "fills",
      tca: "tca_results",
    } as const;
    for (const [table, stored] of Object.entries(tables)) {
      const names = exportColumns(table as keyof typeof tables);
      const cols = store.sqlite.prepare(`PRAGMA table_info(${stored})`).all() as { name: string }[];
      const missing = cols
        .map((c) => c.name)
        .filter((c) => !(renamed[c] ? names.includes(renamed[c]) : units.some((u) => names.includes(c + u))));
      expect(missing, table).toEqual([]);
    }
    expect(exportColumns("tca").slice(-4)).toEqual([
      "fill_state",
      "completion_quote",
      "completion_bps",
      "ranked_cost_bps",
    ]);
  });

  it("writes every stored fill as CSV with the stored doubles, in run then simulation order", () => {
    const lines = text("fills", "csv").trimEnd().split("\n");
    const stored = store.sqlite
      .prepare("SELECT run_id, seq, time_ms, qty_base, avg_price, maker FROM fills ORDER BY run_id, seq")
      .raw(true)
      .all() as [number, number, number, number, number, number][];
    expect(lines.length).toBe(stored.length + 1);
    const head = parseCsvLine(lines[0]!, "fills.csv", 1);
    const col = (name: string) => head.indexOf(name);
    stored.forEach((s, i) => {
      const f = parseCsvLine(lines[i + 1]!, "fills.csv", i + 2);
      expect(Number(f[col("run_id")])).toBe(s[0]);
      expect(Number(f[col("seq")])).toBe(s[1]);
      expect(Number(f[col("time_ms")])).toBe(s[2]);
      expect(f[col("time_utc")]).toBe(new Date(s[2]).toISOString());
      expect(Number(f[col("qty_base")])).toBe(s[3]);
      expect(Number(f[col("avg_price_quote")])).toBe(s[4]);
      expect(f[col("liquidity")]).toBe(s[5] === 1 ? "maker" : "taker");
      expect(f[col("side")]).toBe("buy");
    });
  });

  it("writes JSON lines whose keys are the columns, NULL as null", () => {
    const rows = text("tca", "jsonl")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const n = store.sqlite.prepare("SELECT count(*) FROM tca_results").pluck().get() as number;
    expect(rows.length).toBe(n);
    expect(Object.keys(rows[0]!)).toEqual(exportColumns("tca"));
    const parent = rows.find((r) => r.level === "parent")!;
    const child = rows.find((r) => r.level === "child")!;
    expect(child.child_id).toEqual(expect.any(String));
    expect(parent.child_id).toBeNull();
    const stored = store.sqlite
      .prepare("SELECT shortfall_bps FROM tca_results WHERE run_id = ? AND seq = ?")
      .pluck()
      .get(parent.run_id, parent.seq);
    expect(parent.shortfall_bps).toBe(stored);
  });

  it("quotes CSV fields holding commas or quotes", () => {
    store.sqlite
      .prepare("UPDATE child_orders SET tag = ? WHERE run_id = ? AND seq = 0")
      .run('a,"b"', runIds[0]!);
    const line = text("children", "csv").split("\n")[1]!;
    expect(line).toContain('"a,""b"""');
    expect(parseCsvLine(line, "children.csv", 2)[exportColumns("children").indexOf("tag")]).toBe('a,"b"');
  });

  it("writes Parquet that reads back to the stored values, typed by column name", async () => {
    const bytes = await exportParquet(store, runIds, "fills");
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    const stored = store.sqlite
      .prepare("SELECT run_id, seq, time_ms, qty_base, avg_price, venue FROM fills ORDER BY run_id, seq")
      .raw(true)
      .all() as [number, number, number, number, number, string][];
    expect(rows.length).toBe(stored.length);
    expect(Object.keys(rows[0]!)).toEqual(exportColumns("fills"));
    stored.forEach((s, i) => {
      const r = rows[i]!;
      expect(r.run_id).toBe(BigInt(s[0]));
      expect(r.seq).toBe(BigInt(s[1]));
      expect(r.time_ms).toBe(BigInt(s[2]));
      expect(r.qty_base).toBe(s[3]);
      expect(r.avg_price_quote).toBe(s[4]);
      expect(r.venue).toBe(s[5]);
      expect(r.time_utc).toBe(new Date(s[2]).toISOString());
    });
    // NULLs survive: parents have no limit price
    const parents = (await parquetReadObjects({
      file: (await exportParquet(store, runIds, "parents")).slice().buffer as ArrayBuffer,
    })) as Record<string, unknown>[];
    expect(parents[0]!.limit_price_quote).toBeNull();
    expect(parquetColumnType("participation_rate_fraction")).toBe("DOUBLE");
    expect(parquetColumnType("active_end_ms")).toBe("INT64");
    expect(parquetColumnType("pre_trade_model")).toBe("STRING");
  });

  it("writes a file atomically and leaves nothing on a refusal", async () => {
    const file = path.join(dir, "parents.csv");
    const bytes = await writeExportFile(store, runIds, "parents", "csv", file);
    const content = readFileSync(file, "utf8");
    expect(Buffer.byteLength(content)).toBe(bytes);
    expect(content.split("\n")[0]).toBe(exportColumns("parents").join(","));
    // 2 runs × 3 parents (Jan 5, 6, 7)
    expect(content.trimEnd().split("\n")).toHaveLength(1 + 6);
    await expect(
      writeExportFile(store, runIds, "parents", "csv", path.join(dir, "missing", "x.csv")),
    ).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});
