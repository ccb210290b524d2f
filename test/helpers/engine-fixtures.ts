/**
 * Deterministic candle series and parent orders for engine and strategy tests.
 */
import {
  allocSeries,
  type CandleSeries,
  createRng,
  type ExecutionStrategy,
  MINUTE_MS,
  type ParentOrder,
  type SimulationSpec,
} from "../../src/index.js";
import { StubVenue, type StubVenueParams } from "./stub-venue.js";

export const T0 = Date.UTC(2024, 0, 1);

export interface SeriesOptions {
  n?: number;
  startMs?: number;
  intervalMs?: number;
  price?: number;
  /** Per-bar log-return standard deviation. */
  vol?: number;
  /** Per-bar log-return standard deviation of bar i (overrides vol). */
  volAt?: (i: number) => number;
  seed?: string;
  /** Volume of bar i (default: 100 + 50·sin over the day + noise). */
  volume?: (i: number, openTimeMs: number) => number;
}

/** A random-walk series with positive volumes, fully determined by its options. */
export function makeSeries(o: SeriesOptions = {}): CandleSeries {
  const n = o.n ?? 600;
  const iMs = o.intervalMs ?? MINUTE_MS;
  const t0 = o.startMs ?? T0;
  const rng = createRng(o.seed ?? "series");
  const vol = o.vol ?? 0.001;
  const s = allocSeries({ symbol: "BTCUSDT", category: "linear", interval: "1" }, iMs, n);
  let p = o.price ?? 40_000;
  for (let i = 0; i < n; i++) {
    const t = t0 + i * iMs;
    const open = p;
    const sd = o.volAt ? o.volAt(i) : vol;
    const close = open * Math.exp(sd * rng.normal());
    const hi = Math.max(open, close) * (1 + Math.abs(sd * rng.normal()) * 0.5);
    const lo = Math.min(open, close) * (1 - Math.abs(sd * rng.normal()) * 0.5);
    const v = o.volume
      ? o.volume(i, t)
      : 100 + 50 * Math.sin((2 * Math.PI * (t % 86_400_000)) / 86_400_000) + 20 * rng.uniform();
    s.openTimeMs[i] = t;
    s.open[i] = open;
    s.high[i] = hi;
    s.low[i] = lo;
    s.close[i] = close;
    s.volume[i] = v;
    s.turnover[i] = v * close;
    p = close;
  }
  return s;
}

export function parent(over: Partial<ParentOrder> = {}): ParentOrder {
  return {
    id: "p1",
    symbol: "BTCUSDT",
    side: "buy",
    qtyBase: 10,
    startMs: T0 + 60 * MINUTE_MS,
    endMs: T0 + 120 * MINUTE_MS,
    ...over,
  };
}

export function spec(
  series: CandleSeries,
  parents: ParentOrder[],
  strategies: { name: string; create: () => ExecutionStrategy }[],
  over: Partial<SimulationSpec> & { venue?: StubVenueParams } = {},
): SimulationSpec {
  const { venue, ...rest } = over;
  return {
    series,
    parents,
    strategies,
    createVenue: () => new StubVenue(venue ?? {}),
    latencyMs: 0,
    seed: 1,
    ...rest,
  };
}

/** Epoch ms of T0 plus d days (plus h hours). */
export function DAY(d: number, h = 0): number {
  return T0 + d * 86_400_000 + h * 3_600_000;
}

/** Three days of 1-minute bars from T0 (two days of history before a parent starting on day 2). */
export function longSeries(o: SeriesOptions = {}): CandleSeries {
  return makeSeries({ n: 3 * 1440, ...o });
}
