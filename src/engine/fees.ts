/**
 * Trading fees charged on simulated fills.
 *
 * Formula: fee (quote) = fill notional (quote) × rate. Child orders sent by the engine are taker
 * orders, so they pay `takerRate`; `makerRate` is kept for venues or strategies that rest orders.
 *
 * Defaults: Bybit's base (VIP 0, non-VIP) rates for perpetual and futures contracts, taker 0.0550%
 * and maker 0.0200% (Bybit Help Center, "Trading Fee Structure", article 000001634; its worked
 * example: buying 10 BTC of USDT perpetual at 8,000 USDT as a taker pays 10 × 8000 × 0.055% = 44
 * USDT). Spot VIP 0 is 0.1000% for both sides. Actual rates vary by region and VIP level: pass
 * your own.
 *
 * Limitations: no rebates (a negative maker rate is rejected), no fee tiers by 30-day volume, fees
 * are charged in quote currency (inverse contracts charge in base: convert before comparing).
 */
import { ExecsimError } from "../core/errors.js";

export interface FeeSchedule {
  /** Fraction of notional, e.g. 0.00055 for 0.055%. */
  readonly takerRate: number;
  readonly makerRate: number;
}

/** Bybit VIP 0 linear perpetual rates: taker 0.055%, maker 0.02%. */
export const BYBIT_DEFAULT_FEES: FeeSchedule = Object.freeze({ takerRate: 0.00055, makerRate: 0.0002 });

/** Bybit VIP 0 spot rates: 0.1% both sides. */
export const BYBIT_SPOT_FEES: FeeSchedule = Object.freeze({ takerRate: 0.001, makerRate: 0.001 });

export function validateFees(fees: FeeSchedule): FeeSchedule {
  for (const key of ["takerRate", "makerRate"] as const) {
    const v = fees[key];
    if (!(Number.isFinite(v) && v >= 0 && v < 0.1)) {
      throw new ExecsimError(
        "INVALID_CONFIG",
        `fees.${key} must be a fraction of notional in [0, 0.1) (e.g. 0.00055 for 0.055%), got ${v}`,
      );
    }
  }
  return Object.freeze({ takerRate: fees.takerRate, makerRate: fees.makerRate });
}
