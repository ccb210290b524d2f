import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isExecsimError } from "../../src/core/errors.js";
import {
  cumulativeDepthAt,
  parseBybitOrderbookRecording,
  readBybitOrderbookRecording,
  snapshotMidSpread,
} from "../../src/market/bybit-orderbook-recording.js";
import { describeWithSharedData } from "../helpers/shared-data.js";

const msg = (type: string, u: number, b: string[][], a: string[][], ts = 1000 + u, s = "XRPUSDT") =>
  JSON.stringify({ topic: `orderbook.50.${s}`, type, ts, data: { s, b, a, u, seq: u * 10 }, cts: ts - 1 });

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isExecsimError(e) ? `${e.code}: ${e.message}` : String(e);
  }
  return undefined;
}

describe("parseBybitOrderbookRecording", () => {
  it("applies a snapshot then deltas: insert, replace, delete with size 0", () => {
    const text = [
      msg(
        "snapshot",
        7,
        [
          ["1.0000", "10"],
          ["0.9999", "5"],
        ],
        [
          ["1.0002", "3"],
          ["1.0003", "4"],
        ],
      ),
      msg(
        "delta",
        8,
        [
          ["1.0001", "2"],
          ["0.9999", "0"],
        ],
        [["1.0002", "6"]],
      ),
      "",
      msg("delta", 9, [], [["1.0002", "0"]]),
    ].join("\n");
    const r = parseBybitOrderbookRecording(text);
    expect(r.symbol).toBe("XRPUSDT");
    expect(r.depth).toBe(50);
    expect(r.updateGaps).toBe(0);
    expect(r.snapshots).toHaveLength(3);
    expect(r.snapshots[0]).toEqual({
      timeMs: 1007,
      bids: [
        { price: 1, size: 10 },
        { price: 0.9999, size: 5 },
      ],
      asks: [
        { price: 1.0002, size: 3 },
        { price: 1.0003, size: 4 },
      ],
    });
    expect(r.snapshots[1]!.bids).toEqual([
      { price: 1.0001, size: 2 },
      { price: 1, size: 10 },
    ]);
    expect(r.snapshots[1]!.asks[0]).toEqual({ price: 1.0002, size: 6 });
    expect(r.snapshots[2]!.asks).toEqual([{ price: 1.0003, size: 4 }]);
    const ms = snapshotMidSpread(r.snapshots[2]!);
    expect(ms.mid).toBeCloseTo(1.0002, 12);
    expect(ms.relSpread).toBeCloseTo(0.0002 / 1.0002, 12);
  });

  it("a new snapshot replaces the book; an update-id jump is counted", () => {
    const text = [
      msg("snapshot", 1, [["1", "1"]], [["2", "1"]]),
      msg("delta", 5, [["1.5", "1"]], []),
      msg("snapshot", 6, [["3", "1"]], [["4", "1"]]),
    ].join("\n");
    const r = parseBybitOrderbookRecording(text);
    expect(r.updateGaps).toBe(1);
    expect(r.snapshots[2]!.bids).toEqual([{ price: 3, size: 1 }]);
  });

  it("rejects bad input with the line and what to fix", () => {
    expect(code(() => parseBybitOrderbookRecording("{"))).toMatch(
      /PARSE_ERROR: recording line 1: not valid JSON/,
    );
    expect(code(() => parseBybitOrderbookRecording(msg("delta", 1, [], [])))).toMatch(
      /line 1: a delta before the first snapshot/,
    );
    const two = [msg("snapshot", 1, [["1", "1"]], [["2", "1"]]), msg("delta", 2, [["x", "1"]], [])].join(
      "\n",
    );
    expect(code(() => parseBybitOrderbookRecording(two, "f.data"))).toMatch(/f.data line 2: data.b level/);
    const other = [msg("snapshot", 1, [], []), msg("delta", 2, [], [], 5, "BTCUSDT")].join("\n");
    expect(code(() => parseBybitOrderbookRecording(other))).toMatch(
      /message for BTCUSDT in a recording of XRPUSDT/,
    );
    const crossed = msg("snapshot", 1, [["2", "1"]], [["2", "1"]]);
    expect(code(() => parseBybitOrderbookRecording(crossed))).toMatch(/VALIDATION_ERROR: .*crossed book/);
    expect(code(() => parseBybitOrderbookRecording('{"topic":"trade.XRPUSDT"}'))).toMatch(
      /topic must look like/,
    );
    expect(code(() => parseBybitOrderbookRecording("\n\n"))).toMatch(/no messages/);
    expect(code(() => readBybitOrderbookRecording("/nonexistent/x.data"))).toMatch(/NOT_FOUND/);
  });

  it("cumulativeDepthAt sums the levels within each distance from the mid", () => {
    const levels = [
      { price: 100.01, size: 1 },
      { price: 100.05, size: 2 },
      { price: 100.2, size: 4 },
    ];
    expect(cumulativeDepthAt(levels, 100, [1, 5, 10, 20])).toEqual([1, 3, 3, 7]);
  });
});

const FILE = join(__dirname, "../../../shared/data/bybit/orderbook/2024-12-01_XRPUSDT_ob500.data");
describeWithSharedData(FILE, "the real XRPUSDT orderbook.500 recording", () => {
  it("parses one snapshot and 49 deltas into 50 books of 500 levels a side", () => {
    const r = readBybitOrderbookRecording(FILE);
    expect(r.symbol).toBe("XRPUSDT");
    expect(r.depth).toBe(500);
    expect(r.updateGaps).toBe(0);
    expect(r.snapshots).toHaveLength(50);
    const first = r.snapshots[0]!;
    const last = r.snapshots[49]!;
    expect(first.timeMs).toBe(1733011200691);
    expect(first.bids[0]).toEqual({ price: 1.9531, size: 6203 });
    expect(first.asks[0]).toEqual({ price: 1.9532, size: 10480 });
    expect(first.bids).toHaveLength(500);
    expect(first.asks).toHaveLength(500);
    expect(last.timeMs).toBe(1733011205490);
    expect(last.bids[0]).toEqual({ price: 1.9537, size: 10605 });
    expect(last.asks[0]).toEqual({ price: 1.9538, size: 6702 });
    expect(last.bids.reduce((s, l) => s + l.size, 0)).toBeCloseTo(8328816, 6);
    expect(last.asks.reduce((s, l) => s + l.size, 0)).toBeCloseTo(9911460, 6);
    // one tick (0.0001) wide: ≈ 0.51 bp
    expect(snapshotMidSpread(last).relSpread * 1e4).toBeCloseTo(0.5118, 3);
  });
});
