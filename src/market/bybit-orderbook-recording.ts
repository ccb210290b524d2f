/**
 * Parse a recording of Bybit's v5 public websocket order-book stream (`orderbook.{depth}.{symbol}`) into
 * book snapshots.
 *
 * Format (one JSON message per line, as recorded from the stream):
 *   {"topic":"orderbook.500.XRPUSDT","type":"snapshot"|"delta","ts":<ms>,
 *    "data":{"s":"XRPUSDT","b":[["price","size"],...],"a":[[...]],"u":<updateId>,"seq":<seq>},"cts":<ms>}
 * A "snapshot" replaces the whole book; a "delta" updates levels: a size of "0" deletes the price level,
 * any other size inserts it or replaces its size (Bybit v5 docs, "Orderbook" websocket topic). Update
 * ids `u` are consecutive within a stream; a jump is counted in `updateGaps` (the book after a gap may be
 * stale until the next snapshot), and u = 1 means the server restarted the stream with a snapshot.
 *
 * Output: the book after every message (bids descending, asks ascending, numbers parsed from the
 * strings), stamped with the message's `ts` (ms UTC). Prices are keyed by their string so "1.9530" and
 * "1.953" would be different levels, as on the exchange (Bybit always sends the tick's decimals).
 *
 * Errors: malformed JSON, a missing or mistyped field, a non-numeric price or size, a delta before the
 * first snapshot or a message for another symbol are PARSE_ERRORs naming the line; a crossed book
 * (best bid >= best ask) after a message is a VALIDATION_ERROR. Limitations: loads the whole recording in
 * memory and copies the book per message (fine for minutes of a 500-level stream, not for days).
 */
import { readFileSync } from "node:fs";
import { ExecsimError } from "../core/errors.js";
import type { BookLevel, BookSnapshot } from "../core/market-types.js";

export interface BybitOrderbookRecording {
  symbol: string;
  /** Depth from the topic (e.g. 500 for orderbook.500.XRPUSDT). */
  depth: number;
  /** The book after each message, in file order. */
  snapshots: BookSnapshot[];
  /** Messages whose update id did not follow the previous one. */
  updateGaps: number;
}

function parseErr(where: string, msg: string): ExecsimError {
  return new ExecsimError("PARSE_ERROR", `${where}: ${msg}`);
}

function applyLevels(book: Map<string, number>, levels: unknown, where: string, side: string): void {
  if (!Array.isArray(levels)) throw parseErr(where, `data.${side} must be an array of [price, size] pairs`);
  for (const lv of levels) {
    if (!Array.isArray(lv) || lv.length < 2 || typeof lv[0] !== "string" || typeof lv[1] !== "string") {
      throw parseErr(
        where,
        `data.${side} has a level that is not a ["price", "size"] pair of strings: ${JSON.stringify(lv)}`,
      );
    }
    const price = Number(lv[0]);
    const size = Number(lv[1]);
    if (
      !(price > 0 && Number.isFinite(price)) ||
      !(size >= 0 && Number.isFinite(size)) ||
      lv[1].trim() === ""
    ) {
      throw parseErr(where, `data.${side} level ${JSON.stringify(lv)} needs a price > 0 and a size >= 0`);
    }
    if (size === 0) book.delete(lv[0]);
    else book.set(lv[0], size);
  }
}

function sortedSide(book: Map<string, number>, descending: boolean): BookLevel[] {
  const out: BookLevel[] = [];
  for (const [p, size] of book) out.push({ price: Number(p), size });
  out.sort(descending ? (x, y) => y.price - x.price : (x, y) => x.price - y.price);
  return out;
}

/** Parse the text of a recording; `source` names it in error messages (e.g. the file path). */
export function parseBybitOrderbookRecording(text: string, source = "recording"): BybitOrderbookRecording {
  const bids = new Map<string, number>();
  const asks = new Map<string, number>();
  const snapshots: BookSnapshot[] = [];
  let symbol = "";
  let depth = 0;
  let lastU = Number.NaN;
  let gaps = 0;
  let started = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const where = `${source} line ${i + 1}`;
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch (e) {
      throw parseErr(
        where,
        `not valid JSON (${(e as Error).message}); each line must be one websocket message`,
      );
    }
    if (msg === null || typeof msg !== "object") throw parseErr(where, "a message must be a JSON object");
    const m = msg as Record<string, unknown>;
    const topic = m.topic;
    const tm = typeof topic === "string" ? /^orderbook\.(\d+)\.([A-Za-z0-9._-]+)$/.exec(topic) : null;
    if (!tm)
      throw parseErr(where, `topic must look like "orderbook.500.XRPUSDT", got ${JSON.stringify(topic)}`);
    if (m.type !== "snapshot" && m.type !== "delta") {
      throw parseErr(where, `type must be "snapshot" or "delta", got ${JSON.stringify(m.type)}`);
    }
    if (typeof m.ts !== "number" || !Number.isFinite(m.ts)) throw parseErr(where, "ts must be a number (ms)");
    const data = m.data as Record<string, unknown> | undefined;
    if (!data || typeof data !== "object") throw parseErr(where, "data must be an object with s, b, a, u");
    if (typeof data.s !== "string") throw parseErr(where, "data.s (symbol) must be a string");
    if (symbol === "") {
      symbol = data.s;
      depth = Number(tm[1]);
    } else if (data.s !== symbol) {
      throw parseErr(where, `message for ${data.s} in a recording of ${symbol}; record one symbol per file`);
    }
    const u = typeof data.u === "number" ? data.u : Number.NaN;
    if (m.type === "snapshot") {
      bids.clear();
      asks.clear();
      started = true;
    } else {
      if (!started) {
        throw parseErr(
          where,
          "a delta before the first snapshot; a recording must start with a snapshot message",
        );
      }
      if (!Number.isNaN(lastU) && !Number.isNaN(u) && u !== lastU + 1) gaps++;
    }
    lastU = u;
    applyLevels(bids, data.b, where, "b");
    applyLevels(asks, data.a, where, "a");
    const b = sortedSide(bids, true);
    const a = sortedSide(asks, false);
    if (b.length > 0 && a.length > 0 && b[0]!.price >= a[0]!.price) {
      throw new ExecsimError(
        "VALIDATION_ERROR",
        `${where}: crossed book after this message (best bid ${b[0]!.price} >= best ask ${a[0]!.price}); the recording is missing messages`,
      );
    }
    snapshots.push({ timeMs: m.ts, bids: b, asks: a });
  }
  if (snapshots.length === 0) {
    throw parseErr(source, "no messages; expected JSON lines starting with an orderbook snapshot");
  }
  return { symbol, depth, snapshots, updateGaps: gaps };
}

/** Read and parse a recording file. */
export function readBybitOrderbookRecording(path: string): BybitOrderbookRecording {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ExecsimError("NOT_FOUND", `cannot read order-book recording ${path}: ${(e as Error).message}`);
  }
  return parseBybitOrderbookRecording(text, path);
}

/** Mid and relative spread (fraction of the mid) of a snapshot; NaN when a side is empty. */
export function snapshotMidSpread(s: BookSnapshot): { mid: number; relSpread: number } {
  const b = s.bids[0];
  const a = s.asks[0];
  if (!b || !a) return { mid: Number.NaN, relSpread: Number.NaN };
  const mid = (a.price + b.price) / 2;
  return { mid, relSpread: (a.price - b.price) / mid };
}

/**
 * Cumulative depth (base units) within each distance (bps from the mid) on one side of a snapshot:
 * out[j] = Σ size of the levels at most distancesBps[j] from the mid.
 */
export function cumulativeDepthAt(
  levels: readonly BookLevel[],
  mid: number,
  distancesBps: readonly number[],
): number[] {
  return distancesBps.map((d) => {
    let c = 0;
    for (const l of levels) {
      if ((Math.abs(l.price - mid) / mid) * 1e4 <= d + 1e-9) c += l.size;
    }
    return c;
  });
}
