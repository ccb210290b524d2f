/**
 * Routing benchmark: ns per route of one child order across the synthetic book venue and 10 AMM pools
 * (8 constant-product pools of 50-400 base and 2 concentrated pools, fees 0.05-1 %), the optimal split
 * (bisection on the book's share, closed-form pool inverses) and the 5 % step split, plus the 10 pools
 * alone. Child sizes cycle through 0.5-20 base (a 60-minute TWAP of 0.2 % ADV on the built-in data is
 * ~1.5 base a minute). Target: under 20 µs per route with the book. Median over 7 batches after a
 * warm-up, wall-clock and CPU time (on a shared, loaded machine the wall figure includes waiting for a
 * core; the CPU figure is the work itself); a checksum of the book shares keeps the JIT honest.
 */
import { performance } from "node:perf_hooks";
import type { Side } from "../src/core/market-types.js";
import { createRng } from "../src/core/rng.js";
import { defaultDatasetConfig } from "../src/market/default-dataset.js";
import { generateSyntheticCandles } from "../src/market/synthetic-candles.js";
import {
  type AmmLiquidity,
  ConcentratedLiquidity,
  ConstantProductLiquidity,
} from "../src/venues/amm/pool-liquidity.js";
import { SyntheticBookVenue } from "../src/venues/book-venue.js";
import { BookLiquidity } from "../src/venues/routing/routed-venue.js";
import { optimalSplit, stepSplit } from "../src/venues/routing/router.js";
import { type BenchSection, sig } from "./bench-utils.js";

const BATCHES = 7;
const SIZES = [0.5, 1, 1.5, 2, 3, 5, 8, 12, 20];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall and CPU ns per call (the CPU figure is the steadier one on a loaded machine). */
function nsPerCall(
  iters: number,
  fn: (i: number) => number,
): { ns: number; cpuNs: number; checksum: number } {
  let checksum = 0;
  for (let i = 0; i < iters; i++) checksum += fn(i);
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) checksum += fn(i);
    samples.push(((performance.now() - t0) * 1e6) / iters);
    const c = process.cpuUsage(c0);
    cpu.push(((c.user + c.system) * 1e3) / iters);
  }
  return { ns: median(samples), cpuNs: median(cpu), checksum };
}

export const routingBench: BenchSection = {
  name: "routing",
  description: "route one child across the synthetic book and 10 AMM pools (optimal and 5% step split)",
  run() {
    const series = generateSyntheticCandles(defaultDatasetConfig());
    const venue = new SyntheticBookVenue();
    venue.reset(series, createRng(42));
    const t = series.openTimeMs[3 * 1440]! + 12 * 3_600_000;
    venue.advanceTo(t);
    const mid = venue.marketMid();
    const fees = [0.003, 0.0005, 0.01, 0.003, 0.0005, 0.003, 0.01, 0.003];
    const pools: AmmLiquidity[] = fees.map(
      (fee, i) =>
        new ConstantProductLiquidity(`cp-${i}`, 50 + 50 * i, (50 + 50 * i) * mid * (1 + (i - 4) * 2e-4), fee),
    );
    for (const [i, fee] of [0.003, 0.0005].entries()) {
      pools.push(
        new ConcentratedLiquidity(
          `v3-${i}`,
          [
            { priceLower: mid * 0.9, priceUpper: mid * 1.1, liquidity: 40 * Math.sqrt(mid) * (i + 1) },
            { priceLower: mid * 0.99, priceUpper: mid * 1.01, liquidity: 200 * Math.sqrt(mid) },
          ],
          mid,
          fee,
        ),
      );
    }
    const book = new BookLiquidity(venue, 0.00055);
    const out = new Float64Array(pools.length + 1);
    const side = (i: number): Side => (i & 1 ? "sell" : "buy");
    const optimal = nsPerCall(
      2000,
      (i) => optimalSplit(side(i), SIZES[i % SIZES.length]!, book, pools, out)[0]!,
    );
    const step = nsPerCall(
      2000,
      (i) => stepSplit(side(i), SIZES[i % SIZES.length]!, book, pools, 0.05, out)[0]!,
    );
    const poolsOnly = nsPerCall(
      5000,
      (i) => optimalSplit(side(i), SIZES[i % SIZES.length]!, undefined, pools, out)[1]!,
    );
    const bookQuote = nsPerCall(5000, (i) => venue.quote(side(i), SIZES[i % SIZES.length]!).worstPrice);
    return {
      pools: pools.length,
      optimalNsPerRoute: sig(optimal.ns),
      optimalCpuNsPerRoute: sig(optimal.cpuNs),
      stepNsPerRoute: sig(step.ns),
      stepCpuNsPerRoute: sig(step.cpuNs),
      poolsOnlyNsPerRoute: sig(poolsOnly.ns),
      bookQuoteNs: sig(bookQuote.ns),
      targetNsPerRoute: 20_000,
      withinTargetWall: optimal.ns < 20_000,
      withinTargetCpu: optimal.cpuNs < 20_000,
      checksum: sig(optimal.checksum + step.checksum),
    };
  },
};
