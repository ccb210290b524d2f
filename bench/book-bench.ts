/**
 * Book benchmark: ns per `walkBook` over a 1,000-level ask side (a full sweep that exhausts the book and
 * a typical partial walk of ~20 levels), plus ns per constant-product swap quote (float) and per
 * Uniswap v2 getAmountOut (bigint). Each figure is the median over 7 timed batches after a warm-up;
 * a checksum of the results keeps the JIT from discarding the work and is checked against one walk.
 */
import { performance } from "node:perf_hooks";
import { ConstantProductPool } from "../src/venues/amm/constant-product-pool.js";
import { uniswapV2GetAmountOut } from "../src/venues/amm/uniswap-v2-math.js";
import { createBookWalkResult, walkBook } from "../src/venues/order-book.js";
import { type BenchSection, sig } from "./bench-utils.js";

const LEVELS = 1000;
const BATCHES = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median ns per call of `fn` over BATCHES batches of `iters` calls (after one warm-up batch). */
function nsPerCall(iters: number, fn: (i: number) => number): { ns: number; checksum: number } {
  let checksum = 0;
  for (let i = 0; i < iters; i++) checksum += fn(i);
  const samples: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) checksum += fn(i);
    samples.push(((performance.now() - t0) * 1e6) / iters);
  }
  return { ns: median(samples), checksum };
}

export const bookBench: BenchSection = {
  name: "book",
  description: "order-book walk over 1,000 levels (full sweep and partial), AMM swap quotes",
  run() {
    const prices = new Float64Array(LEVELS);
    const sizes = new Float64Array(LEVELS);
    let depth = 0;
    for (let i = 0; i < LEVELS; i++) {
      prices[i] = 50_000 + 0.5 * i;
      sizes[i] = 0.05 + 0.001 * (i % 37);
      depth += sizes[i]!;
    }
    const out = createBookWalkResult();
    const sweepQty = depth * 2;
    const partialQty = sizes.subarray(0, 20).reduce((a, b) => a + b, 0) - 0.01;

    const full = nsPerCall(5_000, () => walkBook(prices, sizes, LEVELS, sweepQty, out).notional);
    const fullLevels = walkBook(prices, sizes, LEVELS, sweepQty, out).levelsConsumed;
    const partial = nsPerCall(
      500_000,
      (i) => walkBook(prices, sizes, LEVELS, partialQty + (i & 1) * 1e-9, out).vwap,
    );
    const partialLevels = walkBook(prices, sizes, LEVELS, partialQty, out).levelsConsumed;
    if (fullLevels !== LEVELS || partialLevels !== 20) {
      throw new Error(
        `book bench walked ${fullLevels} and ${partialLevels} levels, expected ${LEVELS} and 20`,
      );
    }

    const pool = new ConstantProductPool(2480, 100, 0.003);
    const cp = nsPerCall(500_000, (i) => pool.amountOut(1 + (i & 7)));
    const e18 = 10n ** 18n;
    const v2 = nsPerCall(50_000, (i) =>
      Number(uniswapV2GetAmountOut(e18 + BigInt(i & 7), 5n * e18, 10n * e18) & 1n),
    );

    return {
      levels: LEVELS,
      fullSweep: { nsPerWalk: sig(full.ns), levelsWalked: fullLevels, nsPerLevel: sig(full.ns / LEVELS, 3) },
      partialWalk: { nsPerWalk: sig(partial.ns), levelsWalked: partialLevels },
      constantProductAmountOut: { nsPerCall: sig(cp.ns) },
      uniswapV2GetAmountOutBigint: { nsPerCall: sig(v2.ns) },
      checksumFinite: Number.isFinite(full.checksum + partial.checksum + cp.checksum + v2.checksum),
    };
  },
};
