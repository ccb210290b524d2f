/**
 * The router: split one order of Q base units across liquidity sources (the book and AMM pools) at the
 * least total cost, fees included.
 *
 * Optimal split. Total cost Σ C_i(q_i) with Σ q_i = Q and each C_i convex (marginal price increasing for
 * a buy, proceeds' marginal decreasing for a sell) is least where every venue that trades has the same
 * marginal price λ and every venue left out has a worse one at zero (KKT conditions of the convex
 * program; Angeris et al., "Optimal routing for constant function market makers", 2022). So:
 *  - pools only: bisection on λ for Σ q_i(λ) = Q, q_i(λ) each pool's closed-form inverse marginal
 *    (constant product: q(λ) = b − √(x·b/(γλ)), pool-liquidity.ts); a venue with a flat marginal (constant
 *    sum) jumps at its price, and the quantity left at the end of the bisection goes to the venues that
 *    jump inside the final bracket, in proportion to their jumps;
 *  - with the book (whose marginal price m_b(q) comes from its walk: `quote(side, q).worstPrice`, times
 *    1 ± the taker fee): root of q_b + Σ q_i(m_b(q_b)) = Q for the book's share q_b ∈ [0, Q] (the left
 *    side increases with q_b; Illinois false position, bracketed), then the pools share Q − q_b at equal
 *    marginal prices.
 * Step split (for comparison, in the style of Uniswap's smart order router): Q is cut into 1/step equal
 * chunks (5 % by default) and each chunk goes, in turn, to the venue where it adds least to the cost
 * (greedy; with convex costs it is within one chunk's worth of the optimum per venue).
 *
 * The optimum is per order (myopic): the effect of this order's permanent impact, or of the pools'
 * arbitrage, on later orders is not priced in.
 * Units: base quantities, quote costs. Tolerances: 1e-12 of Q for the book's share, 1e-10 relative in λ
 * (the last bracket is interpolated, so Σ q_i = Q exactly). Limitations: one book-like source (without a closed-form inverse) per route; a source's
 * `cost` must be convex in q (true of every venue here).
 */
import type { Side } from "../../core/market-types.js";
import type { LiquiditySource } from "../amm/pool-liquidity.js";

export const DEFAULT_ROUTE_STEP = 0.05;

/** λ that is worse than `a` by a factor (buy: higher, sell: lower). */
function worse(side: Side, a: number, f: number): number {
  return side === "buy" ? a * f : a / f;
}

function sumAt(side: Side, pools: readonly LiquiditySource[], lambda: number): number {
  let s = 0;
  for (let i = 0; i < pools.length; i++) s += pools[i]!.qtyAt(side, lambda);
  return s;
}

/**
 * Equal-marginal split of R among sources with closed-form inverses; writes into out[offset + i].
 * Sources that cannot absorb R together get their capacity (the order is then partly unfilled).
 */
export function splitAtEqualMarginal(
  side: Side,
  total: number,
  pools: readonly LiquiditySource[],
  out: Float64Array | number[],
  offset = 0,
  hint?: number,
): void {
  const n = pools.length;
  for (let i = 0; i < n; i++) out[offset + i] = 0;
  if (!(total > 0) || n === 0) return;
  let cap = 0;
  for (let i = 0; i < n; i++) cap += pools[i]!.capacity(side);
  if (cap <= total) {
    for (let i = 0; i < n; i++) out[offset + i] = pools[i]!.capacity(side);
    return;
  }
  // best marginal at zero: below it nothing trades
  let lo = pools[0]!.marginal(side, 0);
  for (let i = 1; i < n; i++) {
    const m = pools[i]!.marginal(side, 0);
    if (side === "buy" ? m < lo : m > lo) lo = m;
  }
  let hi = worse(side, lo, 1.01);
  // a caller that knows roughly where λ is (the book's marginal price) narrows the first bracket
  if (hint !== undefined && (side === "buy" ? hint > lo : hint < lo)) {
    const below = worse(side, hint, 1 / (1 + 1e-7));
    if (side === "buy" ? below > lo : below < lo) {
      if (sumAt(side, pools, below) < total) lo = below;
    }
    hi = worse(side, hint, 1 + 1e-7);
  }
  for (let k = 0; sumAt(side, pools, hi) < total && k < 2000; k++) hi = worse(side, hi, 2);
  if (sumAt(side, pools, lo) >= total) hi = lo;
  // Illinois false position on g(λ) = Σ q_i(λ) − total, keeping the bracket (g(lo) < 0 ≤ g(hi)); the rest
  // is spread by linear interpolation inside the final bracket (below), so the sum is exact and the
  // marginal prices agree to second order in its width: 1e-10 relative is far below float noise
  if (hi !== lo) {
    let gLo = sumAt(side, pools, lo) - total;
    let gHi = sumAt(side, pools, hi) - total;
    let last = 0;
    for (let k = 0; k < 200 && Math.abs(hi - lo) > 1e-10 * Math.abs(hi); k++) {
      let x = gHi - gLo > 0 ? hi - (gHi * (hi - lo)) / (gHi - gLo) : 0.5 * (lo + hi);
      if (!(Math.min(lo, hi) < x && x < Math.max(lo, hi))) x = 0.5 * (lo + hi);
      const g = sumAt(side, pools, x) - total;
      if (g >= 0) {
        hi = x;
        gHi = g;
        if (last === 1) gLo *= 0.5;
        last = 1;
        if (g === 0) lo = x;
      } else {
        lo = x;
        gLo = g;
        if (last === -1) gHi *= 0.5;
        last = -1;
      }
    }
  }
  let given = 0;
  let jump = 0;
  for (let i = 0; i < n; i++) {
    const a = hi === lo ? 0 : pools[i]!.qtyAt(side, lo);
    out[offset + i] = a;
    given += a;
    jump += pools[i]!.qtyAt(side, hi) - a;
  }
  const rest = total - given;
  if (rest > 0 && jump > 0) {
    for (let i = 0; i < n; i++) {
      const d = pools[i]!.qtyAt(side, hi) - (out[offset + i] as number);
      out[offset + i] = (out[offset + i] as number) + (rest * d) / jump;
    }
  }
}

/**
 * The least-cost split of `total` across `book` (may be undefined) and `pools`. Returns the book's share
 * at index 0 and pool i's at index i + 1.
 */
export function optimalSplit(
  side: Side,
  total: number,
  book: LiquiditySource | undefined,
  pools: readonly LiquiditySource[],
  out: Float64Array = new Float64Array(pools.length + 1),
): Float64Array {
  out[0] = 0;
  if (book === undefined || pools.length === 0) {
    if (book === undefined) splitAtEqualMarginal(side, total, pools, out, 1);
    else out[0] = total;
    return out;
  }
  const excess = (qb: number) => qb + sumAt(side, pools, book.marginal(side, qb)) - total;
  let lo = 0;
  let hi = total;
  let fLo = excess(0);
  if (fLo < 0) {
    // Illinois false position on the increasing excess(q_b): superlinear on smooth stretches, and the
    // bracket [lo, hi] always holds the root (a flat pool's jump just makes it a bisection step)
    let fHi = excess(total); // >= 0: the book alone can take everything
    const tol = total * 1e-12;
    let side0 = 0;
    for (let k = 0; k < 100 && hi - lo > tol; k++) {
      let x = fHi - fLo > 0 ? hi - (fHi * (hi - lo)) / (fHi - fLo) : 0.5 * (lo + hi);
      if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
      const fx = excess(x);
      if (fx >= 0) {
        hi = x;
        fHi = fx;
        if (side0 === 1) fLo *= 0.5;
        side0 = 1;
        if (fx === 0) break;
      } else {
        lo = x;
        fLo = fx;
        if (side0 === -1) fHi *= 0.5;
        side0 = -1;
      }
    }
  } else hi = 0;
  out[0] = hi;
  splitAtEqualMarginal(side, total - hi, pools, out, 1, hi > 0 ? book.marginal(side, hi) : undefined);
  return out;
}

/** Greedy fixed-step split (Uniswap smart-order-router style); same layout as optimalSplit. */
export function stepSplit(
  side: Side,
  total: number,
  book: LiquiditySource | undefined,
  pools: readonly LiquiditySource[],
  step = DEFAULT_ROUTE_STEP,
  out: Float64Array = new Float64Array(pools.length + 1),
): Float64Array {
  const sources: (LiquiditySource | undefined)[] = [book, ...pools];
  const n = sources.length;
  const costNow = new Float64Array(n);
  // what one more chunk would add at each venue: only the venue that takes a chunk needs a new figure
  const deltaNext = new Float64Array(n);
  out.fill(0);
  const chunks = Math.max(1, Math.round(1 / step));
  const c = total / chunks;
  const sgn = side === "buy" ? 1 : -1; // buy: pay least; sell: receive most
  const next = (i: number): number => {
    const s = sources[i];
    const a = out[i]! + c;
    if (s === undefined || a > s.capacity(side)) return Number.POSITIVE_INFINITY;
    return sgn * (s.cost(side, a) - costNow[i]!);
  };
  for (let i = 0; i < n; i++) deltaNext[i] = next(i);
  for (let k = 0; k < chunks; k++) {
    let best = -1;
    let bestDelta = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (deltaNext[i]! < bestDelta) {
        bestDelta = deltaNext[i]!;
        best = i;
      }
    }
    if (best < 0) break; // no venue can take another chunk
    out[best] = out[best]! + c;
    costNow[best] = sources[best]!.cost(side, out[best]!);
    deltaNext[best] = next(best);
  }
  return out;
}
