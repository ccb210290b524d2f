import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { ConsumableOrderBook } from "../../src/venues/book-consumable.js";
import { bookPriceImpactRatio, sequentialTradeImpact } from "../../src/venues/book-price-impact.js";
import { createBookWalkResult, validateBookSide, walkBook } from "../../src/venues/order-book.js";
import { describeWithSharedData } from "../helpers/shared-data.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FILE = path.resolve(HERE, "../../../shared/data/bybit/orderbook/2024-12-01_XRPUSDT_ob500.data");

/** The first line of the recording: Bybit v5 orderbook.500 snapshot, [price, size] strings, best first. */
function loadSnapshot(): { askP: Float64Array; askS: Float64Array; bidP: Float64Array; bidS: Float64Array } {
  const first = readFileSync(FILE, "utf8").split("\n", 1)[0]!;
  const msg = JSON.parse(first) as { type: string; data: { a: [string, string][]; b: [string, string][] } };
  if (msg.type !== "snapshot") throw new Error(`expected a snapshot first, got ${msg.type}`);
  const col = (rows: [string, string][], j: 0 | 1) => Float64Array.from(rows.map((r) => Number(r[j])));
  return {
    askP: col(msg.data.a, 0),
    askS: col(msg.data.a, 1),
    bidP: col(msg.data.b, 0),
    bidS: col(msg.data.b, 1),
  };
}

describeWithSharedData(FILE, "walkBook on Bybit's XRPUSDT orderbook.500 snapshot of 2024-12-01", () => {
  const { askP, askS, bidP, bidS } = existsSync(FILE)
    ? loadSnapshot()
    : {
        askP: new Float64Array(),
        askS: new Float64Array(),
        bidP: new Float64Array(),
        bidS: new Float64Array(),
      };

  it("both sides are valid, 500 levels each, best ask 1.9532 over best bid 1.9531", () => {
    expect(askP.length).toBe(500);
    expect(bidP.length).toBe(500);
    expect(() => validateBookSide(askP, askS, 500, "buy")).not.toThrow();
    expect(() => validateBookSide(bidP, bidS, 500, "sell")).not.toThrow();
    expect(askP[0]).toBe(1.9532);
    expect(bidP[0]).toBe(1.9531);
  });

  it("selling 10,000 XRP: 6203@1.9531 + 2409@1.9530 + 680@1.9529 + 708@1.9528 = 19530.4107 USDT", () => {
    const r = walkBook(bidP, bidS, 500, 10_000, createBookWalkResult());
    expect(r.notional).toBeCloseTo(12115.0793 + 4704.777 + 1327.972 + 1382.5824, 6);
    expect(r.notional).toBeCloseTo(19530.4107, 6);
    expect(r.levelsConsumed).toBe(4);
    expect(r.lastLevelFilled).toBe(708);
    expect(r.worstPrice).toBe(1.9528);
    expect(r.vwap).toBeCloseTo(1.95304107, 10);
  });

  it("buying 100,000 and 1,000,000 XRP: 7 and 51 levels, VWAP 1.95353034 and 1.95615734", () => {
    const out = createBookWalkResult();
    walkBook(askP, askS, 500, 100_000, out);
    expect(out.levelsConsumed).toBe(7);
    expect(out.worstPrice).toBe(1.9538);
    expect(out.vwap).toBeCloseTo(1.953530339, 9);
    walkBook(askP, askS, 500, 1_000_000, out);
    expect(out.levelsConsumed).toBe(51);
    expect(out.worstPrice).toBe(1.9582);
    expect(out.vwap).toBeCloseTo(1.9561573443, 9);
    // formula 10: 1.9582 / 1.9532
    expect(bookPriceImpactRatio(askP, askS, 500, 1_000_000)).toBeCloseTo(1.9582 / 1.9532, 14);
  });

  it("the 500 ask levels hold 9,735,028 XRP; a 20M buy sweeps them all and reports 10,264,972 unfilled", () => {
    const r = walkBook(askP, askS, 500, 20_000_000, createBookWalkResult());
    expect(r.filledQty).toBe(9_735_028);
    expect(r.remainingQty).toBe(10_264_972);
    expect(r.levelsConsumed).toBe(500);
    expect(r.worstPrice).toBe(2.0031);
  });

  it("two sequential 500,000 XRP buys: the second pays more on average (API > 1), matching the consumable book", () => {
    const seq = sequentialTradeImpact(askP, askS, 500, 500_000, 500_000);
    const book = new ConsumableOrderBook({ prices: askP, sizes: askS }, { prices: bidP, sizes: bidS });
    const t1 = { ...book.take("buy", 500_000) };
    const t2 = { ...book.take("buy", 500_000) };
    expect(seq.avgPrice1).toBeCloseTo(t1.vwap, 12);
    expect(seq.avgPrice2).toBeCloseTo(t2.vwap, 10);
    expect(seq.worstPrice2).toBe(1.9582);
    expect(seq.averagePriceImpact).toBeGreaterThan(1);
    // the two halves together pay what one 1M walk pays
    expect(t1.notional + t2.notional).toBeCloseTo(1956157.3443, 4);
    expect(book.bestBid()).toBe(1.9531);
  });
});
