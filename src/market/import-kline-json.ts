/**
 * Importing saved Bybit v5 kline responses (one file, or a folder of them) as one batch of candles.
 *
 * Each file is parsed by bybit-kline-parse (envelope, retCode, newest-first rows). Then:
 * 1. the still-open candle(s) of each response are dropped unless the caller keeps them
 *    (startTime + interval > the response's `time`; see bybit-kline-parse);
 * 2. responses are merged by open time; where two responses hold the same bar, the one with the
 *    later server `time` wins (it saw more of the market), so overlapping downloads are fine;
 * 3. every row must name the same symbol and category (result.symbol / result.category), which must
 *    match --symbol / --category when given.
 * The merged batch is then checked by candle-validation and written in one transaction by the caller.
 */
import { ExecsimError } from "../core/errors.js";
import { type Interval, intervalMs } from "../core/interval.js";
import type { Candle } from "../core/market-types.js";
import { dropOpenCandles, type ParsedKlineResponse } from "./bybit-kline-parse.js";

export interface KlineJsonBatch {
  /** Merged candles, ascending. */
  candles: Candle[];
  locate: (i: number, field?: string) => string;
  symbolOf: (i: number) => string;
  symbol: string | undefined;
  category: string | undefined;
  droppedOpenCandles: number;
  /** Bars present in more than one response (kept once). */
  overlappingBars: number;
}

/** A result field (symbol, category) that every response naming it must agree on. */
class AgreedField {
  value: string | undefined;
  private file = "";
  constructor(private readonly name: "symbol" | "category") {}

  see(value: string | undefined, file: string): void {
    if (value === undefined) return;
    if (this.value === undefined) {
      this.value = value;
      this.file = file;
    } else if (value !== this.value) {
      throw new ExecsimError(
        "VALIDATION_ERROR",
        `${file}: result.${this.name} is ${value} but ${this.file} has ${this.value}; import one ${this.name} at a time`,
        { file },
      );
    }
  }
}

export function mergeKlineResponses(
  responses: readonly ParsedKlineResponse[],
  interval: Interval,
  dropOpen: boolean,
): KlineJsonBatch {
  const step = intervalMs(interval);
  let dropped = 0;
  const symbol = new AgreedField("symbol");
  const category = new AgreedField("category");
  for (const r of responses) {
    if (dropOpen) dropped += dropOpenCandles(r, step);
    symbol.see(r.symbol, r.file);
    category.see(r.category, r.file);
  }
  // Later server time wins; files without `time` rank first, ties keep file order.
  const order = responses
    .map((r, k) => ({ r, k }))
    .sort((a, b) => (a.r.timeMs ?? -1) - (b.r.timeMs ?? -1) || a.k - b.k);
  const byTime = new Map<number, { r: ParsedKlineResponse; i: number }>();
  let overlapping = 0;
  for (const { r } of order) {
    r.candles.forEach((c, i) => {
      if (byTime.has(c.openTimeMs)) overlapping++;
      byTime.set(c.openTimeMs, { r, i });
    });
  }
  const keys = [...byTime.keys()].sort((a, b) => a - b);
  const picks = keys.map((k) => byTime.get(k)!);
  return {
    candles: picks.map((p) => p.r.candles[p.i]!),
    locate: (i, field) => {
      const p = picks[i]!;
      return p.r.locate(p.i, field);
    },
    symbolOf: (i) => picks[i]!.r.symbol ?? "",
    symbol: symbol.value,
    category: category.value,
    droppedOpenCandles: dropped,
    overlappingBars: overlapping,
  };
}
