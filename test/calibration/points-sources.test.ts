/**
 * The same executions give the same calibration points whether read from a file (`calibrate --fills`)
 * or from the run `orders import` stored (`calibrate --run`): both use the arrival, σ, ADV and
 * markout conventions of imported fills (calibration-points.ts, basis "shortfall"). A fills-only file
 * derives its parents from the fills, taking the market from a symbol column or --symbol.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calibrationPointsFromFillsFile, readFillsFile } from "../../src/calibration/points-from-fills.js";
import { calibrationPointsFromRuns } from "../../src/calibration/points-from-runs.js";
import { importOwnOrdersFiles } from "../../src/experiment/import-own-orders.js";
import { ensureDefaultDataset } from "../../src/market/default-dataset.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";

const iso = (ms: number) => new Date(ms).toISOString();
const T = Date.UTC(2024, 0, 4, 9);
const MIN = 60_000;
let dir: string;
let store: ExecsimDatabase;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "execsim-cal-src-"));
  store = openDatabase(":memory:");
  ensureDefaultDataset(store);
});
afterAll(() => store.close());

describe("calibration points from a file and from the imported run", () => {
  it("agree parent by parent", () => {
    const file = path.join(dir, "combined.csv");
    const rows = ["kind,parent_id,symbol,side,qty,start,end,timestamp,price"];
    for (let i = 0; i < 4; i++) {
      const s = T + i * 5 * 3_600_000;
      rows.push(
        `parent,P${i},SYN-BTCUSDT,${i % 2 ? "sell" : "buy"},${2 + i},${iso(s)},${iso(s + 30 * MIN)},,`,
      );
      rows.push(`fill,P${i},,,${1 + i},,,${iso(s + 5 * MIN)},${42_000 + 10 * i}`);
      rows.push(`fill,P${i},,,1,,,${iso(s + 20 * MIN)},${42_050 - 10 * i}`);
    }
    writeFileSync(file, rows.join("\n"));
    const fromFile = calibrationPointsFromFillsFile(file, { db: store });
    const imported = importOwnOrdersFiles(store, file);
    const fromRun = calibrationPointsFromRuns(store, [imported.runs[0]!.runId]);
    expect(fromFile.points).toHaveLength(4);
    expect(fromRun.points).toEqual(fromFile.points);
    expect(fromFile.points.every((p) => p.costBasis === "shortfall" && p.markouts !== null)).toBe(true);
    // the same executions as a parents file and a fills file
    const parentsFile = path.join(dir, "parents.csv");
    const fillsFile = path.join(dir, "fills-of-parents.csv");
    const keep = (kind: string, cols: number[]) =>
      rows.filter((r) => r.startsWith(`${kind},`)).map((r) => cols.map((c) => r.split(",")[c]).join(","));
    writeFileSync(
      parentsFile,
      ["parent_id,symbol,side,qty,start,end", ...keep("parent", [1, 2, 3, 4, 5, 6])].join("\n"),
    );
    writeFileSync(fillsFile, ["parent_id,qty,timestamp,price", ...keep("fill", [1, 4, 7, 8])].join("\n"));
    expect(calibrationPointsFromFillsFile(fillsFile, { db: store, parents: parentsFile }).points).toEqual(
      fromFile.points,
    );
  });

  it("a fills-only file: parents from first to last fill, the market from --symbol or a symbol column", () => {
    const file = path.join(dir, "fills.csv");
    writeFileSync(
      file,
      [
        "parent_id,timestamp,side,qty,price",
        `A,${iso(T)},buy,1,42000`,
        `A,${iso(T + 10 * MIN)},buy,2,42010`,
        `B,${iso(T + 60 * MIN)},sell,3,41990`,
      ].join("\n"),
    );
    expect(() => readFillsFile(file)).toThrow(/--symbol/);
    const orders = readFillsFile(file, "SYN-BTCUSDT");
    expect(orders.parents.map((p) => [p.id, p.side, p.qtyBase, p.startMs, p.endMs, p.symbol])).toEqual([
      ["A", "buy", 3, T, T + 10 * MIN + 1, "SYN-BTCUSDT"],
      ["B", "sell", 3, T + 60 * MIN, T + 60 * MIN + 1, "SYN-BTCUSDT"],
    ]);
    const withColumn = path.join(dir, "fills-symbol.csv");
    writeFileSync(
      withColumn,
      ["parent_id,symbol,timestamp,side,qty,price", `A,SYN-BTCUSDT,${iso(T)},buy,1,42000`].join("\n"),
    );
    expect(readFillsFile(withColumn).parents[0]!.symbol).toBe("SYN-BTCUSDT");
  });
});
