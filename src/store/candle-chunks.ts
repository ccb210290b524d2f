/**
 * Candle chunks: columnar copies of the `candles` rows, so a series is read at close to memory-copy
 * speed instead of one row (one JS array) at a time.
 *
 * Layout: table `candle_chunks`, one row per series and chunk of open time, chunk = ⌊open_time_ms / 2^28⌋
 * (2^28 ms ≈ 3.1 days: 4,474 one-minute bars, ~245 KB). `data` holds the chunk's `bars` bars in open-time
 * order as seven float64 columns one after the other (open time, open, high, low, close, volume,
 * turnover; a NULL turnover is NaN), little-endian: the bytes of the Float64Arrays a read fills.
 *
 * Consistency: the chunks are a cache derived from the rows, never the other way round. Triggers on
 * `candles` (migration 0005) delete the chunk of every row inserted, updated or deleted, by any
 * writer; writeCandles rebuilds the chunks of the rows it wrote in the same transaction, and a read
 * that finds a chunk missing (a store written before the chunks existed, or rows changed by hand)
 * rebuilds it from the rows first. A read runs in one read transaction, so it sees rows and chunks
 * of the same commit. Where chunks cannot be written (read-only file, a lock held elsewhere) or
 * used (big-endian host), the read goes to the rows (candle-rows.ts) and returns the same values.
 */
import { endianness } from "node:os";
import { intervalMs } from "../core/interval.js";
import {
  allocSeries,
  allocSharedSeries,
  CANDLE_COLUMNS,
  type CandleSeries,
  type SeriesKey,
  sharedSeries,
  sliceSeries,
} from "../core/market-types.js";
import { readCandleRows, SERIES_WHERE } from "./candle-rows.js";
import type { ExecsimDatabase } from "./database.js";

/** Chunk length, ms (a power of two, so the triggers compute the chunk as open_time_ms >> 28). */
export const CHUNK_MS = 2 ** 28;
const BYTES_PER_BAR = 8 * CANDLE_COLUMNS.length;
const LITTLE_ENDIAN = endianness() === "LE";

export function chunkOf(openTimeMs: number): number {
  return Math.floor(openTimeMs / CHUNK_MS);
}

interface ChunkRow {
  chunk: number;
  bars: number;
  data: Buffer;
}

/** First index in [lo, hi) whose time is >= t (times ascending). */
function lowerBound(lo: number, hi: number, t: number, at: (i: number) => number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function keyArgs(key: SeriesKey): [string, string, string] {
  return [key.symbol, key.category, key.interval];
}

/**
 * Bars [a, b) of `s` as one chunk blob, each value as the row table gives it back: SQLite stores a
 * whole REAL as an integer, so −0 reads back as 0, and a NULL turnover as the one NaN the reads use.
 */
function encodeChunk(s: CandleSeries, a: number, b: number): Buffer {
  const m = b - a;
  const f = new Float64Array(m * CANDLE_COLUMNS.length);
  CANDLE_COLUMNS.forEach((c, j) => {
    const src = s[c];
    for (let i = a; i < b; i++) {
      const x = src[i]!;
      f[j * m + i - a] = x === 0 ? 0 : Number.isNaN(x) ? Number.NaN : x;
    }
  });
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

/**
 * Chunk ids in [c0, c1] that hold rows but no (well-formed) chunk, given the chunks present (ascending):
 * one indexed probe per gap between present chunks, none when every chunk is there.
 */
function missingChunks(
  store: ExecsimDatabase,
  key: SeriesKey,
  c0: number,
  c1: number,
  present: readonly { chunk: number; bars: number; bytes: number }[],
): number[] {
  const firstIn = store.sqlite
    .prepare(`SELECT open_time_ms FROM candles WHERE ${SERIES_WHERE} ORDER BY open_time_ms LIMIT 1`)
    .pluck();
  const out: number[] = [];
  let next = c0;
  const probe = (upTo: number) => {
    while (next < upTo) {
      const t = firstIn.get(...keyArgs(key), next * CHUNK_MS, upTo * CHUNK_MS) as number | undefined;
      if (t === undefined) break;
      const c = chunkOf(t);
      out.push(c);
      next = c + 1;
    }
  };
  for (const p of present) {
    probe(p.chunk);
    if (p.bytes !== p.bars * BYTES_PER_BAR) out.push(p.chunk);
    next = p.chunk + 1;
  }
  probe(c1 + 1);
  return out;
}

/**
 * Bars [a, b) of `written` when they are the whole content of chunk c in the store: strictly ascending
 * open times and as many as the store holds in the chunk (the store holds every written bar, so the
 * counts match only when it holds no other). Undefined otherwise (the chunk is then built from the rows).
 */
function writtenChunk(
  store: ExecsimDatabase,
  key: SeriesKey,
  written: CandleSeries,
  c: number,
): [number, number] | undefined {
  const t = written.openTimeMs;
  const a = lowerBound(0, written.length, c * CHUNK_MS, (k) => t[k]!);
  const b = lowerBound(a, written.length, (c + 1) * CHUNK_MS, (k) => t[k]!);
  for (let k = a + 1; k < b; k++) if (!(t[k]! > t[k - 1]!)) return undefined;
  const stored = store.sqlite
    .prepare(`SELECT count(*) FROM candles WHERE ${SERIES_WHERE}`)
    .pluck()
    .get(...keyArgs(key), c * CHUNK_MS, (c + 1) * CHUNK_MS) as number;
  return b > a && stored === b - a ? [a, b] : undefined;
}

/**
 * Write the chunks `ids` (ascending); returns how many were written. A chunk whose bars were all just
 * written (`written`, as writeCandles passes them) is encoded from them, the others from the rows.
 */
function buildChunks(
  store: ExecsimDatabase,
  key: SeriesKey,
  ids: readonly number[],
  written?: CandleSeries,
): number {
  const insert = store.sqlite.prepare(
    "INSERT OR REPLACE INTO candle_chunks (symbol, category, interval, chunk, bars, data) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const fromRows: number[] = [];
  for (const c of ids) {
    const range = written === undefined ? undefined : writtenChunk(store, key, written, c);
    if (range === undefined) fromRows.push(c);
    else insert.run(...keyArgs(key), c, range[1] - range[0], encodeChunk(written!, range[0], range[1]));
  }
  for (let r = 0; r < fromRows.length; ) {
    // one row read per run of consecutive chunk ids
    let e = r + 1;
    while (e < fromRows.length && fromRows[e] === fromRows[e - 1]! + 1) e++;
    const first = fromRows[r]!;
    const last = fromRows[e - 1]!;
    const rows = readCandleRows(store, key, first * CHUNK_MS, (last + 1) * CHUNK_MS);
    const t = rows.openTimeMs;
    let i = 0;
    for (let c = first; c <= last; c++) {
      const j = lowerBound(i, rows.length, (c + 1) * CHUNK_MS, (k) => t[k]!);
      if (j > i) insert.run(...keyArgs(key), c, j - i, encodeChunk(rows, i, j));
      i = j;
    }
    r = e;
  }
  return ids.length;
}

/** Open time of the first (or last) stored bar in [fromMs, toMs), or undefined. */
function edgeTime(store: ExecsimDatabase, key: SeriesKey, fromMs: number, toMs: number, last: boolean) {
  return store.sqlite
    .prepare(
      `SELECT open_time_ms FROM candles WHERE ${SERIES_WHERE} ORDER BY open_time_ms ${last ? "DESC" : "ASC"} LIMIT 1`,
    )
    .pluck()
    .get(...keyArgs(key), fromMs, toMs) as number | undefined;
}

/**
 * Build the chunks missing for bars with open time in [fromMs, toMs] (writeCandles calls this inside
 * its transaction for the range it wrote, passing the bars it wrote). Returns the number of chunks built.
 */
export function refreshCandleChunks(
  store: ExecsimDatabase,
  key: SeriesKey,
  fromMs: number,
  toMs: number,
  written?: CandleSeries,
): number {
  if (!(fromMs <= toMs)) return 0;
  const c0 = chunkOf(fromMs);
  const c1 = chunkOf(toMs);
  return buildChunks(store, key, missingChunks(store, key, c0, c1, chunkList(store, key, c0, c1)), written);
}

/** Ids, bar counts and byte lengths of the chunks over [c0, c1] (no data), ascending. */
function chunkList(store: ExecsimDatabase, key: SeriesKey, c0: number, c1: number) {
  return store.sqlite
    .prepare(
      "SELECT chunk, bars, length(data) AS bytes FROM candle_chunks WHERE symbol = ? AND category = ? AND interval = ? AND chunk BETWEEN ? AND ? ORDER BY chunk",
    )
    .all(...keyArgs(key), c0, c1) as { chunk: number; bars: number; bytes: number }[];
}

/**
 * Concatenate the bars with open time in [fromMs, toMs) of the chunks over [c0, c1] into one series,
 * one chunk in memory at a time (the series is allocated for every bar of the chunks; only the first
 * and last chunk can hold bars outside the range, so the capacity left unused is under two chunks).
 */
function assemble(
  store: ExecsimDatabase,
  key: SeriesKey,
  c0: number,
  c1: number,
  capacity: number,
  fromMs: number,
  toMs: number,
  shared: boolean,
): CandleSeries {
  const s = (shared ? allocSharedSeries : allocSeries)(key, intervalMs(key.interval), capacity);
  const rows = store.sqlite
    .prepare(
      "SELECT chunk, bars, data FROM candle_chunks WHERE symbol = ? AND category = ? AND interval = ? AND chunk BETWEEN ? AND ? ORDER BY chunk",
    )
    .iterate(...keyArgs(key), c0, c1) as IterableIterator<ChunkRow>;
  let pos = 0;
  for (const c of rows) {
    const at = (i: number) => c.data.readDoubleLE(i * 8);
    const m = c.bars;
    const a = lowerBound(0, m, fromMs, at);
    const b = lowerBound(a, m, toMs, at);
    CANDLE_COLUMNS.forEach((col, j) => {
      const dst = s[col];
      new Uint8Array(dst.buffer, dst.byteOffset + pos * 8, (b - a) * 8).set(
        c.data.subarray((j * m + a) * 8, (j * m + b) * 8),
      );
    });
    pos += b - a;
  }
  return pos === capacity ? s : sliceSeries(s, 0, pos);
}

/**
 * Candles with fromMs <= open time < toMs as typed arrays, from the chunks (built first where missing),
 * else from the rows; the same values either way. An empty series when the range holds no bar.
 * `shared`: the columns in one SharedArrayBuffer (worker threads then share them: allocSharedSeries).
 */
export function readCandleChunks(
  store: ExecsimDatabase,
  key: SeriesKey,
  fromMs: number,
  toMs: number,
  shared = false,
): CandleSeries {
  const rows = () => {
    const s = readCandleRows(store, key, fromMs, toMs);
    return shared ? sharedSeries(s) : s;
  };
  if (!LITTLE_ENDIAN) return rows();
  for (let attempt = 0; attempt < 2; attempt++) {
    const read = store.sqlite
      .transaction(() => {
        const lo = edgeTime(store, key, fromMs, toMs, false);
        if (lo === undefined) return allocSeries(key, intervalMs(key.interval), 0);
        const hi = edgeTime(store, key, fromMs, toMs, true)!;
        const [c0, c1] = [chunkOf(lo), chunkOf(hi)];
        const present = chunkList(store, key, c0, c1);
        if (missingChunks(store, key, c0, c1, present).length > 0) return { lo, hi };
        const capacity = present.reduce((n, c) => n + c.bars, 0);
        return assemble(store, key, c0, c1, capacity, fromMs, toMs, shared);
      })
      .deferred();
    if (!("lo" in read)) return read;
    try {
      store.sqlite.transaction(() => refreshCandleChunks(store, key, read.lo, read.hi)).immediate();
    } catch {
      break; // cannot write here (read-only, locked): the rows give the same values
    }
  }
  return rows();
}
