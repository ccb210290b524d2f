/**
 * Implementation-shortfall decomposition of a set of fills against an arrival (decision) mid.
 *
 * Perold (1988) "The implementation shortfall: paper versus reality", J. Portfolio Management 14(3);
 * the split into spread, impact, timing and fees follows Kissell (2013), "The Science of Algorithmic
 * Trading and Portfolio Management", ch. 3. For one fill of q > 0 base units, cash notional N = Σ p·q
 * (quote), side sign s (+1 buy, −1 sell), and the venue's mids (ExecutionResult / FillRecord):
 *
 *   marketMid  m   historical mid at the fill, without the trader's own impact
 *   midBefore  b   mid the trader faced just before the fill (m + own permanent + own transient)
 *   halfSpread h   half the quoted spread then
 *   permanentImpactBefore π   own permanent impact carried in b (signed price units)
 *
 *   execution cost  = s·(N − q·A)                 A = arrival mid of the parent
 *                   = q·h                          spread          (crossing half the spread)
 *                   + [s·(N − q·b) − q·h]          temporary       (walking the book beyond the touch)
 *                   + s·q·π                        permanent       (own earlier trades, carried)
 *                   + [s·q·(b − m) − s·q·π]        transient       (own earlier trades, decaying)
 *                   + s·q·(m − A)                  timing / drift  (the market moved on its own)
 *
 * The venue contract says b − m = permanent + transient, so the transient term equals
 * s·q·transientImpactBefore; it is written as the remainder of the own-impact part so that the five
 * terms telescope to s·(N − q·A) by construction (float rounding aside) even if a venue's fields are
 * slightly inconsistent. Every term is positive when it hurts the trader, for buys and sells alike.
 * Fees (quote) are added as they were charged. Opportunity cost and the parent-level totals live in
 * parent-tca.ts.
 * Limitations: taker fills only are decomposed this way; a maker fill (negative half-spread cost) is
 * handled by the same algebra if its halfSpread is given as the price improvement with a minus sign.
 */
import type { FillRecord } from "../core/execution-types.js";

/** Cost parts in quote currency, all positive when they hurt. */
export interface CostParts {
  spreadQuote: number;
  temporaryImpactQuote: number;
  permanentImpactQuote: number;
  transientImpactQuote: number;
  timingQuote: number;
  feesQuote: number;
}

/** Running sums over fills (one parent, one child, or any subset). Reuse with reset(). */
export class FillCostAccumulator implements CostParts {
  filledQtyBase = 0;
  notionalQuote = 0;
  fillCount = 0;
  /** Σ s·(N − q·A): the price part of the shortfall (without fees). */
  executionCostQuote = 0;
  spreadQuote = 0;
  temporaryImpactQuote = 0;
  permanentImpactQuote = 0;
  transientImpactQuote = 0;
  timingQuote = 0;
  feesQuote = 0;

  constructor(
    readonly sign: 1 | -1,
    readonly arrivalMid: number,
  ) {}

  add(f: FillRecord): void {
    const s = this.sign;
    const q = f.qtyBase;
    const n = f.notionalQuote;
    const spread = q * f.halfSpread;
    const ownImpact = s * q * (f.midBefore - f.marketMid);
    const permanent = s * q * f.permanentImpactBefore;
    this.filledQtyBase += q;
    this.notionalQuote += n;
    this.fillCount++;
    this.executionCostQuote += s * (n - q * this.arrivalMid);
    this.spreadQuote += spread;
    this.temporaryImpactQuote += s * (n - q * f.midBefore) - spread;
    this.permanentImpactQuote += permanent;
    this.transientImpactQuote += ownImpact - permanent;
    this.timingQuote += s * q * (f.marketMid - this.arrivalMid);
    this.feesQuote += f.feeQuote;
  }

  /** Average fill price (quote per base); NaN when nothing filled. */
  avgPrice(): number {
    return this.filledQtyBase > 0 ? this.notionalQuote / this.filledQtyBase : Number.NaN;
  }
}

/** The six parts of `p` as a plain record, in the order of CostParts (for TCA rows). */
export function costPartsOf(p: CostParts): CostParts {
  return {
    spreadQuote: p.spreadQuote,
    temporaryImpactQuote: p.temporaryImpactQuote,
    permanentImpactQuote: p.permanentImpactQuote,
    transientImpactQuote: p.transientImpactQuote,
    timingQuote: p.timingQuote,
    feesQuote: p.feesQuote,
  };
}

/** Sum of the parts (quote). */
export function sumCostParts(p: CostParts): number {
  return (
    p.spreadQuote +
    p.temporaryImpactQuote +
    p.permanentImpactQuote +
    p.transientImpactQuote +
    p.timingQuote +
    p.feesQuote
  );
}
