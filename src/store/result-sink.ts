/**
 * SqliteResultSink: writes simulation runs, their parent and child orders, fills and TCA into the
 * store (schema.ts: runs, parent_orders, child_orders, fills, tca_results).
 *
 * Life cycle of a run:
 *   beginRun(meta)          inserts the run with status "running" and COMMITS at once, so a process
 *                           that dies mid-run leaves a visible "running" row (run-queries.ts shows it
 *                           as stale when its process is gone);
 *   recordExecution(...)    buffers one (strategy, parent) execution with its TCA; the buffer is written
 *                           in one transaction whenever it holds `batchRows` rows, and at flush/endRun;
 *   endRun(id, status, ...) writes what is buffered and sets completed | failed, the error, finish time
 *                           and timings, in one transaction.
 * Validation happens before beginRun (run-config.ts), so invalid input writes nothing at all.
 *
 * Speed: rows go through cached prepared multi-row INSERT statements (ROWS_PER_STATEMENT rows per
 * call) inside one transaction per batch: the per-call overhead of better-sqlite3 is paid once per
 * 64 rows. NaN and ±Infinity are stored as NULL.
 *
 * Storage level (`level`, default "full"): "full" writes every table; "parents" writes the runs, parent
 * orders and parent-level TCA rows only (no child orders, fills or child TCA: sweeps that need only
 * parent-level costs); "summary" writes the run rows only, each with its aggregate in summary_json
 * (endRun's `summary`).
 */

import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { ExecsimError } from "../core/errors.js";
import type { ParentExecution } from "../core/execution-types.js";
import { type CandleSeries, candleColumns } from "../core/market-types.js";
import { packageRoot } from "../core/package-root.js";
import type { ChildTca } from "../tca/child-tca.js";
import type { ParentTca } from "../tca/parent-tca.js";
import type { ExecsimDatabase } from "./database.js";

export type RunStatus = "running" | "completed" | "failed";

export interface RunMeta {
  command: string;
  strategy: string;
  batchId?: string | null;
  /** Stored as JSON (config_json). */
  config: unknown;
  seed: string | number;
  symbol: string;
  category: string;
  interval: string;
  fromMs: number;
  toMs: number;
  candlesHash: string;
  codeVersion: string;
  /** simulated (default) | imported. */
  source?: "simulated" | "imported";
  /** Imported runs: hash of the normalised executions (idempotent re-import). */
  importHash?: string | null;
}

/** What a run stores: every table, parent-level rows only, or the run row with its summary. */
export type StoreLevel = "full" | "parents" | "summary";
export const STORE_LEVELS: readonly StoreLevel[] = ["full", "parents", "summary"];

export interface ResultSinkOptions {
  /** Default "full". */
  level?: StoreLevel;
  /** Rows buffered before a batch is written (default 50,000). */
  batchRows?: number;
  /** Wall clock for run metadata only (default Date.now). */
  clockMs?: () => number;
}

const ROWS_PER_STATEMENT = 64;

/** A cached multi-row INSERT for one table: collect values row by row, run every ROWS_PER_STATEMENT rows. */
class BatchInserter {
  private readonly many: Database.Statement;
  private readonly one: Database.Statement;
  private readonly buf: unknown[];
  private n = 0;
  private readonly width: number;

  constructor(sqlite: Database.Database, table: string, columns: readonly string[]) {
    this.width = columns.length;
    const row = `(${columns.map(() => "?").join(",")})`;
    const head = `INSERT INTO ${table} (${columns.join(",")}) VALUES `;
    this.many = sqlite.prepare(head + Array.from({ length: ROWS_PER_STATEMENT }, () => row).join(","));
    this.one = sqlite.prepare(head + row);
    this.buf = new Array(this.width * ROWS_PER_STATEMENT);
  }

  /** Start a row; then call put() width times. */
  put(v: unknown): void {
    this.buf[this.n++] = v;
    if (this.n === this.buf.length) {
      this.many.run(...this.buf);
      this.n = 0;
    }
  }

  /** Forget a partly collected batch (after a failed transaction). */
  reset(): void {
    this.n = 0;
  }

  /** Write the rows still in the buffer (call inside the same transaction). */
  finish(): void {
    for (let i = 0; i < this.n; i += this.width) this.one.run(...this.buf.slice(i, i + this.width));
    this.n = 0;
  }
}

const FILL_COLUMNS = [
  "run_id",
  "seq",
  "child_seq",
  "parent_id",
  "venue",
  "side_sign",
  "time_ms",
  "qty_base",
  "avg_price",
  "notional_quote",
  "fee_quote",
  "maker",
  "market_mid",
  "mid_before",
  "mid_after",
  "half_spread",
  "permanent_impact_before",
  "transient_impact_before",
  "levels_consumed",
] as const;

const CHILD_COLUMNS = [
  "run_id",
  "seq",
  "child_id",
  "parent_id",
  "side",
  "qty_base",
  "submit_ms",
  "arrive_ms",
  "limit_price",
  "tag",
  "filled_qty_base",
  "status",
  "reason",
] as const;

const PARENT_COLUMNS = [
  "run_id",
  "parent_id",
  "symbol",
  "side",
  "qty_base",
  "start_ms",
  "end_ms",
  "limit_price",
  "max_participation",
  "status",
  "error",
  "arrival_mid",
  "end_mid",
  "fill_state",
] as const;

const TCA_COLUMNS = [
  "run_id",
  "seq",
  "level",
  "parent_id",
  "child_id",
  "status",
  "side",
  "qty_base",
  "filled_qty_base",
  "unfilled_qty_base",
  "arrival_mid",
  "avg_fill_price",
  "shortfall_quote",
  "shortfall_bps",
  "spread_quote",
  "temporary_impact_quote",
  "permanent_impact_quote",
  "transient_impact_quote",
  "timing_quote",
  "fees_quote",
  "opportunity_quote",
  "fees_bps",
  "benchmark_vwap",
  "interval_twap",
  "vwap_slippage_bps",
  "twap_slippage_bps",
  "participation_rate",
  "pre_trade_model",
  "pre_trade_bps",
  "active_end_ms",
  "horizon_vwap",
  "horizon_vwap_slippage_bps",
  "horizon_participation_rate",
  "fill_state",
  "completion_quote",
  "completion_bps",
  "ranked_cost_bps",
] as const;

/** NaN / ±Infinity → NULL. */
function num(x: number | undefined | null): number | null {
  return x !== undefined && x !== null && Number.isFinite(x) ? x : null;
}

interface Pending {
  runId: number;
  exec: ParentExecution;
  tca: ParentTca;
  children: readonly ChildTca[];
}

export class SqliteResultSink {
  private readonly sqlite: Database.Database;
  private readonly batchRows: number;
  private readonly clockMs: () => number;
  readonly level: StoreLevel;
  private fillsIns: BatchInserter | undefined;
  private childIns: BatchInserter | undefined;
  private parentIns: BatchInserter | undefined;
  private tcaIns: BatchInserter | undefined;
  private readonly pending: Pending[] = [];
  private pendingRows = 0;
  /** Next position per run: [fills, child orders, tca rows]. */
  private readonly nextSeq = new Map<number, [number, number, number]>();
  /** Rows written so far, per table. */
  readonly written = { parents: 0, children: 0, fills: 0, tca: 0 };

  constructor(store: ExecsimDatabase, opts: ResultSinkOptions = {}) {
    this.sqlite = store.sqlite;
    this.batchRows = opts.batchRows ?? 50_000;
    this.clockMs = opts.clockMs ?? Date.now;
    this.level = opts.level ?? "full";
  }

  /** Insert the run as "running" and commit it immediately; returns the run id. */
  beginRun(meta: RunMeta): number {
    const now = this.clockMs();
    const info = this.guard("starting a run", () =>
      this.sqlite
        .prepare(
          `INSERT INTO runs (created_at_ms, command, strategy, batch_id, config_json, seed, symbol, category, interval,
            from_ms, to_ms, candles_hash, code_version, status, pid, started_at_ms, source, import_hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`,
        )
        .run(
          now,
          meta.command,
          meta.strategy,
          meta.batchId ?? null,
          JSON.stringify(meta.config),
          String(meta.seed),
          meta.symbol,
          meta.category,
          meta.interval,
          meta.fromMs,
          meta.toMs,
          meta.candlesHash,
          meta.codeVersion,
          process.pid,
          now,
          meta.source ?? "simulated",
          meta.importHash ?? null,
        ),
    );
    const id = Number(info.lastInsertRowid);
    this.nextSeq.set(id, [0, 0, 0]);
    return id;
  }

  /** Buffer one execution with its parent- and child-level TCA; writes a batch when the buffer is full. */
  recordExecution(runId: number, exec: ParentExecution, tca: ParentTca, children: readonly ChildTca[]): void {
    if (this.level === "summary") return;
    this.pending.push({ runId, exec, tca, children });
    this.pendingRows += this.level === "full" ? 2 + exec.fills.length + 2 * exec.children.length : 2;
    if (this.pendingRows >= this.batchRows) this.flush();
  }

  /** Write everything buffered, in one transaction. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.pending.length);
    this.pendingRows = 0;
    this.guard("writing results", () => this.sqlite.transaction(() => this.writeBatch(batch)).immediate());
  }

  /**
   * Flush and close the run with its final status (and error, timings), in one transaction; `summary`
   * is stored (as JSON) at level "summary" only.
   */
  endRun(
    runId: number,
    status: Exclude<RunStatus, "running">,
    error?: string | null,
    timings?: object,
    summary?: unknown,
  ): void {
    const batch = this.pending.splice(0, this.pending.length);
    this.pendingRows = 0;
    this.guard("finishing a run", () =>
      this.sqlite
        .transaction(() => {
          this.writeBatch(batch);
          this.sqlite
            .prepare(
              "UPDATE runs SET status = ?, error = ?, finished_at_ms = ?, timings_json = ?, summary_json = ? WHERE id = ?",
            )
            .run(
              status,
              error ?? null,
              this.clockMs(),
              timings ? JSON.stringify(timings) : null,
              this.level === "summary" && summary !== undefined ? JSON.stringify(summary) : null,
              runId,
            );
        })
        .immediate(),
    );
  }

  /**
   * Mark a run failed after an exception, dropping whatever was buffered for it (rows already written in
   * earlier batches stay, under a run marked failed). Never throws: this runs on error paths.
   */
  failRun(runId: number, error: string): void {
    for (let i = this.pending.length - 1; i >= 0; i--)
      if (this.pending[i]!.runId === runId) this.pending.splice(i, 1);
    try {
      this.sqlite
        .prepare("UPDATE runs SET status = 'failed', error = ?, finished_at_ms = ? WHERE id = ?")
        .run(error, this.clockMs(), runId);
    } catch {
      // the store itself is gone; nothing more can be recorded
    }
  }

  private inserters(): [BatchInserter, BatchInserter, BatchInserter, BatchInserter] {
    this.parentIns ??= new BatchInserter(this.sqlite, "parent_orders", PARENT_COLUMNS);
    this.childIns ??= new BatchInserter(this.sqlite, "child_orders", CHILD_COLUMNS);
    this.fillsIns ??= new BatchInserter(this.sqlite, "fills", FILL_COLUMNS);
    this.tcaIns ??= new BatchInserter(this.sqlite, "tca_results", TCA_COLUMNS);
    return [this.parentIns, this.childIns, this.fillsIns, this.tcaIns];
  }

  private writeBatch(batch: readonly Pending[]): void {
    if (batch.length === 0) return;
    const all = this.inserters();
    try {
      this.writeRows(batch, all);
    } catch (e) {
      for (const ins of all) ins.reset();
      throw e;
    }
  }

  private writeRows(
    batch: readonly Pending[],
    [pi, ci, fi, ti]: [BatchInserter, BatchInserter, BatchInserter, BatchInserter],
  ): void {
    for (const { runId, exec, tca, children } of batch) {
      const p = exec.parent;
      pi.put(runId);
      pi.put(p.id);
      pi.put(p.symbol);
      pi.put(p.side);
      pi.put(p.qtyBase);
      pi.put(p.startMs);
      pi.put(p.endMs);
      pi.put(num(p.limitPrice));
      pi.put(num(p.maxParticipation));
      pi.put(exec.status);
      pi.put(exec.error ?? null);
      pi.put(num(exec.arrivalMid));
      pi.put(num(exec.endMid));
      pi.put(tca.fillState);
      this.written.parents++;
      const seqs = this.nextSeq.get(runId) ?? [0, 0, 0];
      this.nextSeq.set(runId, seqs);
      if (this.level === "full") this.putChildrenAndFills(ci, fi, runId, exec, seqs);
      putParentTca(ti, runId, seqs[2]++, tca);
      if (this.level === "full") {
        for (const c of children) putChildTca(ti, runId, seqs[2]++, c);
        this.written.tca += children.length;
      }
      this.written.tca += 1;
    }
    pi.finish();
    ci.finish();
    fi.finish();
    ti.finish();
  }

  /** The child orders and fills of one execution (level "full"). */
  private putChildrenAndFills(
    ci: BatchInserter,
    fi: BatchInserter,
    runId: number,
    exec: ParentExecution,
    seqs: [number, number, number],
  ): void {
    const p = exec.parent;
    const childSeq = new Map<string, number>();
    for (const c of exec.children) {
      childSeq.set(c.id, seqs[1]);
      ci.put(runId);
      ci.put(seqs[1]++);
      ci.put(c.id);
      ci.put(c.parentId);
      ci.put(c.side);
      ci.put(c.qtyBase);
      ci.put(c.submitMs);
      ci.put(c.arriveMs);
      ci.put(num(c.limitPrice));
      ci.put(c.tag ?? null);
      ci.put(c.filledQtyBase);
      ci.put(c.status);
      ci.put(c.reason ?? null);
    }
    this.written.children += exec.children.length;
    for (const f of exec.fills) {
      const cs = childSeq.get(f.childId);
      if (cs === undefined)
        throw new Error(`fill of unknown child order ${f.childId} (parent ${p.id}, ${exec.strategy})`);
      fi.put(runId);
      fi.put(seqs[0]++);
      fi.put(cs);
      fi.put(f.parentId);
      fi.put(f.venue);
      fi.put(f.side === "buy" ? 1 : -1);
      fi.put(f.timeMs);
      fi.put(f.qtyBase);
      fi.put(num(f.avgPrice));
      fi.put(f.notionalQuote);
      fi.put(f.feeQuote);
      fi.put(f.liquidity === "maker" ? 1 : 0);
      fi.put(num(f.marketMid));
      fi.put(num(f.midBefore));
      fi.put(num(f.midAfter));
      fi.put(num(f.halfSpread));
      fi.put(num(f.permanentImpactBefore));
      fi.put(num(f.transientImpactBefore));
      fi.put(f.levelsConsumed);
    }
    this.written.fills += exec.fills.length;
  }

  private guard<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw new ExecsimError(
        "DATABASE_ERROR",
        `${what} failed in the store: ${(e as Error).message}. Check the database file (--db) is writable and not used by another process.`,
        undefined,
        { cause: e },
      );
    }
  }
}

function putParentTca(ti: BatchInserter, runId: number, seq: number, t: ParentTca): void {
  ti.put(runId);
  ti.put(seq);
  ti.put("parent");
  ti.put(t.parentId);
  ti.put(null);
  ti.put(t.status);
  ti.put(t.side);
  ti.put(t.qtyBase);
  ti.put(t.filledQtyBase);
  ti.put(t.unfilledQtyBase);
  ti.put(num(t.arrivalMid));
  ti.put(num(t.avgFillPrice));
  ti.put(num(t.shortfallQuote));
  ti.put(num(t.shortfallBps));
  ti.put(num(t.spreadQuote));
  ti.put(num(t.temporaryImpactQuote));
  ti.put(num(t.permanentImpactQuote));
  ti.put(num(t.transientImpactQuote));
  ti.put(num(t.timingQuote));
  ti.put(num(t.feesQuote));
  ti.put(num(t.opportunityQuote));
  ti.put(num(t.feesBps));
  ti.put(num(t.intervalVwap));
  ti.put(num(t.intervalTwap));
  ti.put(num(t.vwapSlippageBps));
  ti.put(num(t.twapSlippageBps));
  ti.put(num(t.participationRate));
  ti.put(t.preTradeModel);
  ti.put(num(t.preTradeBps));
  ti.put(num(t.activeEndMs));
  ti.put(num(t.horizonVwap));
  ti.put(num(t.horizonVwapSlippageBps));
  ti.put(num(t.horizonParticipationRate));
  ti.put(t.fillState);
  ti.put(num(t.completionQuote));
  ti.put(num(t.completionBps));
  ti.put(num(t.rankedCostBps));
}

function putChildTca(ti: BatchInserter, runId: number, seq: number, c: ChildTca): void {
  const atArrival = c.filledQtyBase * c.parentArrivalMid;
  ti.put(runId);
  ti.put(seq);
  ti.put("child");
  ti.put(c.parentId);
  ti.put(c.childId);
  ti.put(c.status);
  ti.put(c.side);
  ti.put(c.requestedQtyBase);
  ti.put(c.filledQtyBase);
  ti.put(c.requestedQtyBase - c.filledQtyBase);
  ti.put(num(c.parentArrivalMid));
  ti.put(num(c.avgFillPrice));
  ti.put(num(c.shortfallQuote));
  ti.put(num(c.shortfallBps));
  ti.put(num(c.spreadQuote));
  ti.put(num(c.temporaryImpactQuote));
  ti.put(num(c.permanentImpactQuote));
  ti.put(num(c.transientImpactQuote));
  ti.put(num(c.timingQuote));
  ti.put(num(c.feesQuote));
  ti.put(null);
  ti.put(atArrival > 0 ? (c.feesQuote / atArrival) * 1e4 : null);
  ti.put(num(c.barVwap));
  ti.put(null);
  ti.put(num(c.barVwapSlippageBps));
  ti.put(null);
  ti.put(null);
  ti.put(null);
  ti.put(null);
  ti.put(null);
  ti.put(null);
  ti.put(null);
  ti.put(null);
  // fill_state, completion_quote, completion_bps, ranked_cost_bps: parent rows only
  ti.put(null);
  ti.put(null);
  ti.put(null);
  ti.put(null);
}

/** sha256 (hex) over the bytes of the series' arrays: open time, open, high, low, close, volume, turnover. */
export function candlesHash(series: CandleSeries): string {
  const h = createHash("sha256");
  for (const a of candleColumns(series)) {
    const v = a.subarray(0, series.length);
    h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  }
  return h.digest("hex");
}

let cachedVersion: string | undefined;
let pendingVersion: Promise<string> | undefined;

const GIT_DESCRIBE = ["describe", "--always", "--dirty"];

/** package.json's version, and whether execsim sits in its own git checkout. */
function versionParts(): { version: string; root: string; git: boolean } {
  const root = packageRoot();
  let version = "unknown";
  try {
    version =
      (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version?: string }).version ??
      version;
  } catch {
    // not fatal: the version is metadata
  }
  // only execsim's own checkout: an installed copy inside a user's repository must not report their commit
  return { version, root, git: existsSync(path.join(root, ".git")) };
}

/** package.json version, plus `git describe --always --dirty` when the code sits in a git checkout. */
export function codeVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  const { version, root, git } = versionParts();
  let v = version;
  if (git) {
    try {
      const d = execFileSync("git", GIT_DESCRIBE, {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        timeout: 2000,
      }).trim();
      if (d) v = `${version}+${d}`;
    } catch {
      // no git, or git failed
    }
  }
  cachedVersion = v;
  return v;
}

/**
 * codeVersion() without blocking: `git describe` (~20 ms) runs as a child process while the caller
 * goes on (a batch starts it as it begins preparing); the same string, cached for both.
 */
export function codeVersionAsync(): Promise<string> {
  if (cachedVersion !== undefined) return Promise.resolve(cachedVersion);
  pendingVersion ??= new Promise<string>((resolve) => {
    const { version, root, git } = versionParts();
    const done = (v: string) => {
      cachedVersion ??= v;
      resolve(cachedVersion);
    };
    if (!git) return done(version);
    execFile("git", GIT_DESCRIBE, { cwd: root, encoding: "utf8", timeout: 2000 }, (err, stdout) => {
      const d = err ? "" : String(stdout).trim();
      done(d ? `${version}+${d}` : version);
    });
  });
  return pendingVersion;
}
