/**
 * Synthetic crypto-like candles, generated straight into the typed arrays of a CandleSeries.
 *
 * Model (per bar t, all randomness from a seeded Rng; the same config gives bit-identical arrays):
 *   Mid-price log return    r_t = s_σ(τ_t) · √h_t · z_t,     z_t ~ Student-t(ν) scaled to unit variance
 *   GARCH(1,1) variance     h_{t+1} = ω + α · h_t · z_t² + β · h_t,   ω = σ̄²(1 − α − β)
 *   so the unconditional per-bar variance is σ̄² = annualVol² / (365 · bars per day) and, because the
 *   squared volatility seasonality s_σ² averages 1 over the day, the annualized volatility is annualVol.
 *   Seasonality by UTC time of day τ (hours, at the bar's midpoint): s(τ) ∝ exp(a · cos(2π(τ − peak)/24))
 *   with a = ln(peakToTrough)/2, so the peak-hour factor is peakToTrough × the trough-hour factor.
 *   Volatility uses volSeasonalityPeakToTrough (normalized: mean s_σ² = 1 over the day's bars), volume
 *   uses volumePeakToTrough (normalized: mean s_v = 1).
 *   Volume  v_t = (dailyVolume / bars per day) · s_v(τ_t) · w(d_t) · exp(u_t − η²/2) · (1 + c|z_t|) / (1 + c·E|z|)
 *   with w(d) the day-of-week weight (Saturday and Sunday UTC get weekendVolumeFactor × a weekday's,
 *   normalized so the weekly mean is 1: w_weekday = 7 / (5 + 2·weekendVolumeFactor); 1 for weekly bars),
 *   u_t = φ u_{t−1} + √(1 − φ²) · η · ε_t (AR(1) log-noise: volume clusters), so E[v_t] follows
 *   the seasonal curve exactly and corr(v_t, |r_t|) > 0 for c > 0.
 *   Inside the bar the mid follows a Brownian bridge of `subSteps` steps from 0 to r_t (step variance
 *   s_σ² h_t / subSteps); each step is a trade at mid · (1 ± spread/2), the sign a fair coin (bid-ask
 *   bounce). Open = the previous bar's close (Bybit's convention), close = the last trade,
 *   high/low = max/min of the open and the trades, VWAP = mean trade price, turnover = volume × VWAP.
 *   Prices are rounded to tickSize and volume to lotSize; rounding is monotone, so L ≤ O, C ≤ H holds
 *   after rounding too, and the VWAP is clamped into [L, H].
 * Units: prices in quote per base (USDT per BTC), volume in base units, turnover in quote units,
 * times in epoch ms UTC (bar open time). GARCH parameters are per bar: at other intervals than 1 minute
 * the clustering time scale changes with the bar length.
 * Defaults (SYNTHETIC_DEFAULTS): BTCUSDT-perpetual-like, start 42,000 USDT, 55 % annualized volatility,
 * ν = 5, α = 0.03, β = 0.965 (half-life of a volatility shock ≈ 2.3 hours at 1-minute bars; with
 * ν = 5, (α+β)² + (κ−1)α² = 0.997 < 1, so returns have a finite fourth moment), 50,000 BTC per day,
 * volatility and volume peaking at 14:30 UTC (around the US open: Bybit BTCUSDT 1-minute volume in June
 * 2025 peaks in the 14:00 hour) with peak/trough ratios 1.8 and 3, no weekend effect, a 1 bp bid-ask
 * bounce, 12 trades per bar, tick 0.1 and lot 0.001. The same month of real candles (2025-05-30..06-29)
 * measures hourly RMS-return and volume peak/trough ratios of about 2.3 and 4.9 and weekend volume
 * about 0.6 of a weekday's; the defaults are deliberately milder (one quiet month is a noisy target).
 * Stylized facts of the default dataset (30 days of 1-minute bars, seed 42) and of those real candles
 * are compared in test/market/synthetic-candles.test.ts.
 * Sources: GARCH(1,1) (Bollerslev 1986) with Student-t innovations (Bollerslev 1987); the stylized facts
 * (fat tails, volatility clustering, intraday seasonality, volume-volatility correlation) as surveyed by
 * Cont (2001), "Empirical properties of asset returns: stylized facts and statistical issues".
 * Limitations: no jumps, no drift, no leverage effect, no weekend effect on volatility (and none on
 * volume unless weekendVolumeFactor is set); the 1 bp bounce is wider than BTCUSDT's one-tick
 * (≈0.02 bp) quoted spread, chosen so spread estimators have something to find; the bounce makes
 * consecutive close-to-close returns slightly negatively autocorrelated.
 */
import { ExecsimError } from "../core/errors.js";
import {
  DAY_MS,
  HOUR_MS,
  type Interval,
  intervalMs as intervalLengthMs,
  parseInterval,
} from "../core/interval.js";
import { allocSeries, CATEGORIES, type CandleSeries, type Category } from "../core/market-types.js";
import { createRng } from "../core/rng.js";

/** The model's parameters; see the module doc for the formulas. */
export interface SyntheticModelParams {
  /** Price of the first bar's open (quote per base). */
  startPrice: number;
  /** Target annualized volatility of log returns on a 365-day year (0.55 = 55 %). */
  annualVol: number;
  /** GARCH(1,1) reaction α (per bar). */
  garchAlpha: number;
  /** GARCH(1,1) persistence β (per bar); α + β < 1. */
  garchBeta: number;
  /** Student-t degrees of freedom ν of the innovations (> 2; ≤ 4 gives infinite kurtosis). */
  tailDof: number;
  /** UTC hour (0-24, fractional allowed) at which volatility and volume peak. */
  peakHourUtc: number;
  /** Ratio of the volatility factor at the peak hour to that at the trough hour (≥ 1). */
  volSeasonalityPeakToTrough: number;
  /** Ratio of expected volume at the peak hour to that at the trough hour (≥ 1). */
  volumePeakToTrough: number;
  /** Average base volume per day (over whole weeks when weekendVolumeFactor ≠ 1). */
  dailyVolume: number;
  /**
   * Expected volume on Saturdays and Sundays (UTC) relative to a weekday; 1 = no weekly pattern.
   * Bybit BTCUSDT 1-minute candles of June 2025 show about 0.6.
   */
  weekendVolumeFactor: number;
  /** Standard deviation η of the log-volume noise. */
  volumeNoise: number;
  /** AR(1) coefficient φ of the log-volume noise, in [0, 1). */
  volumeNoisePersistence: number;
  /** c in (1 + c|z|): how strongly volume reacts to the size of the bar's return shock (≥ 0). */
  volumeReturnSensitivity: number;
  /** Relative bid-ask spread in basis points; trades bounce between mid·(1 ± spread/2). */
  spreadBps: number;
  /** Trades (sub-steps of the price path) per bar. */
  subSteps: number;
  /** Price tick (quote units); prices are rounded to it. */
  tickSize: number;
  /** Volume lot (base units); volumes are rounded to it. */
  lotSize: number;
}

export const SYNTHETIC_DEFAULTS: Readonly<SyntheticModelParams> = Object.freeze({
  startPrice: 42_000,
  annualVol: 0.55,
  garchAlpha: 0.03,
  garchBeta: 0.965,
  tailDof: 5,
  peakHourUtc: 14.5,
  volSeasonalityPeakToTrough: 1.8,
  volumePeakToTrough: 3,
  dailyVolume: 50_000,
  weekendVolumeFactor: 1,
  volumeNoise: 0.4,
  volumeNoisePersistence: 0.8,
  volumeReturnSensitivity: 1,
  spreadBps: 1,
  subSteps: 12,
  tickSize: 0.1,
  lotSize: 0.001,
});

/** What to generate: which series, from when, how many bars, which seed; model parameters optional. */
export interface SyntheticCandleConfig extends Partial<SyntheticModelParams> {
  symbol: string;
  category: Category;
  interval: Interval;
  /** Open time of the first bar (epoch ms UTC), aligned to the interval. */
  startMs: number;
  /** Number of bars. */
  bars: number;
  seed: string | number;
}

export type ResolvedSyntheticConfig = Readonly<Required<SyntheticCandleConfig>>;

/** Upper bound on bars per call (10 years of 1-minute bars), to fail fast on a typo. */
export const MAX_SYNTHETIC_BARS = 5_256_000;

function bad(what: string, hint: string, value: unknown): ExecsimError {
  return new ExecsimError("INVALID_ARGUMENT", `${what} ${hint}, got ${String(value)}`);
}

/** Merge defaults into a config, validate every field, and freeze it. */
export function resolveSyntheticConfig(config: SyntheticCandleConfig): ResolvedSyntheticConfig {
  const c = { ...SYNTHETIC_DEFAULTS, ...stripUndefined(config) } as Required<SyntheticCandleConfig>;
  if (typeof c.symbol !== "string" || !/^[A-Za-z0-9._-]{1,40}$/.test(c.symbol))
    throw bad("symbol", "must be 1-40 letters, digits, '.', '_' or '-'", c.symbol);
  if (!CATEGORIES.includes(c.category))
    throw bad("category", `must be one of ${CATEGORIES.join(", ")}`, c.category);
  c.interval = parseInterval(c.interval); // rejects non-Bybit intervals with the list of valid ones
  const barMs = intervalLengthMs(c.interval);
  if (!Number.isInteger(c.startMs)) throw bad("start time", "must be an integer epoch-ms time", c.startMs);
  // Bybit's grid: bars open at multiples of their length since the epoch; weekly bars on Mondays.
  const gridOffset = c.interval === "W" ? 4 * DAY_MS : 0;
  if ((((c.startMs - gridOffset) % barMs) + barMs) % barMs !== 0)
    throw bad(
      "start time",
      `must be a bar open time on the interval-${c.interval} grid (a multiple of ${barMs} ms since 1970-01-01${c.interval === "W" ? ", i.e. a Monday 00:00 UTC" : ""})`,
      Number.isFinite(c.startMs) ? new Date(c.startMs).toISOString() : c.startMs,
    );
  if (!(Number.isInteger(c.bars) && c.bars >= 1 && c.bars <= MAX_SYNTHETIC_BARS))
    throw bad("bars", `must be a whole number from 1 to ${MAX_SYNTHETIC_BARS}`, c.bars);
  if (
    !(typeof c.seed === "number" ? Number.isFinite(c.seed) : typeof c.seed === "string" && c.seed.length > 0)
  )
    throw bad("seed", "must be a finite number or a non-empty string", c.seed);
  const pos = (v: number, name: string) => {
    if (!(Number.isFinite(v) && v > 0)) throw bad(name, "must be a finite number > 0", v);
  };
  const nonneg = (v: number, name: string) => {
    if (!(Number.isFinite(v) && v >= 0)) throw bad(name, "must be a finite number >= 0", v);
  };
  pos(c.startPrice, "startPrice (--start-price)");
  if (!(Number.isFinite(c.annualVol) && c.annualVol > 0 && c.annualVol <= 10))
    throw bad("annualVol (--annual-vol)", "must be in (0, 10] (a fraction: 0.55 = 55 %)", c.annualVol);
  nonneg(c.garchAlpha, "garchAlpha");
  nonneg(c.garchBeta, "garchBeta");
  if (!(c.garchAlpha + c.garchBeta < 1))
    throw bad("garchAlpha + garchBeta", "must be < 1 for a stationary variance", c.garchAlpha + c.garchBeta);
  if (!(Number.isFinite(c.tailDof) && c.tailDof > 2))
    throw bad("tailDof (Student-t degrees of freedom)", "must be > 2 for a finite variance", c.tailDof);
  if (!(Number.isFinite(c.peakHourUtc) && c.peakHourUtc >= 0 && c.peakHourUtc < 24))
    throw bad("peakHourUtc", "must be an hour in [0, 24)", c.peakHourUtc);
  if (!(Number.isFinite(c.volSeasonalityPeakToTrough) && c.volSeasonalityPeakToTrough >= 1))
    throw bad(
      "volSeasonalityPeakToTrough",
      "must be >= 1 (1 = no intraday pattern)",
      c.volSeasonalityPeakToTrough,
    );
  if (!(Number.isFinite(c.volumePeakToTrough) && c.volumePeakToTrough >= 1))
    throw bad("volumePeakToTrough", "must be >= 1 (1 = no intraday pattern)", c.volumePeakToTrough);
  pos(c.dailyVolume, "dailyVolume (--daily-volume)");
  if (!(Number.isFinite(c.weekendVolumeFactor) && c.weekendVolumeFactor > 0 && c.weekendVolumeFactor <= 10))
    throw bad(
      "weekendVolumeFactor (--weekend-volume)",
      "must be in (0, 10] (1 = no weekly pattern)",
      c.weekendVolumeFactor,
    );
  nonneg(c.volumeNoise, "volumeNoise");
  if (
    !(
      Number.isFinite(c.volumeNoisePersistence) &&
      c.volumeNoisePersistence >= 0 &&
      c.volumeNoisePersistence < 1
    )
  )
    throw bad("volumeNoisePersistence", "must be in [0, 1)", c.volumeNoisePersistence);
  nonneg(c.volumeReturnSensitivity, "volumeReturnSensitivity");
  if (!(Number.isFinite(c.spreadBps) && c.spreadBps >= 0 && c.spreadBps < 10_000))
    throw bad("spreadBps (--spread-bps)", "must be in [0, 10000) basis points", c.spreadBps);
  if (!(Number.isInteger(c.subSteps) && c.subSteps >= 1 && c.subSteps <= 1000))
    throw bad("subSteps", "must be a whole number from 1 to 1000", c.subSteps);
  pos(c.tickSize, "tickSize");
  pos(c.lotSize, "lotSize");
  if (c.tickSize > c.startPrice / 10)
    throw bad("tickSize", `must be at most a tenth of the start price (${c.startPrice})`, c.tickSize);
  return Object.freeze(c);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Rounding to a grid step that lands on the nearest double of the decimal (0.1 → n/10, not n·0.1). */
function makeRounder(step: number): (x: number) => number {
  const inv = 1 / step;
  const invInt = Math.round(inv);
  if (invInt >= 1 && Math.abs(inv - invInt) < 1e-9 * invInt) return (x) => Math.round(x * invInt) / invInt;
  return (x) => Math.round(x / step) * step;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error < 1e-13). */
function lnGamma(x: number): number {
  const c = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
    12.507343278686905, -0.13857109526572012, 0.000009984369578019572, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** E|z| for z Student-t(ν) scaled to unit variance: 2√(ν−2) Γ((ν+1)/2) / (√π (ν−1) Γ(ν/2)). */
export function studentTMeanAbs(nu: number): number {
  return (
    (2 * Math.sqrt(nu - 2) * Math.exp(lnGamma((nu + 1) / 2) - lnGamma(nu / 2))) /
    (Math.sqrt(Math.PI) * (nu - 1))
  );
}

/**
 * Time-of-day factors for the bars of one day (slot k = bar k of the UTC day, evaluated at the bar's
 * midpoint): exp(a cos(2π(τ − peak)/24)), a = ln(peakToTrough)/2, normalized so that the mean of
 * factor^power over the day's bars is 1. Bars of a day or longer get the factor 1.
 */
export function seasonalFactors(
  barMs: number,
  peakHourUtc: number,
  peakToTrough: number,
  power: 1 | 2,
): Float64Array {
  if (barMs >= DAY_MS) return new Float64Array([1]);
  const n = Math.round(DAY_MS / barMs);
  const a = Math.log(peakToTrough) / 2;
  const f = new Float64Array(n);
  let mean = 0;
  for (let k = 0; k < n; k++) {
    const tauH = ((k + 0.5) * barMs) / HOUR_MS;
    f[k] = Math.exp(a * Math.cos((2 * Math.PI * (tauH - peakHourUtc)) / 24));
    mean += f[k]! ** power;
  }
  mean /= n;
  const norm = mean ** (1 / power);
  for (let k = 0; k < n; k++) f[k]! /= norm;
  return f;
}

/** Generate the series described by `config` (defaults filled in, validated). */
/** Bars between two progress calls of generateSyntheticCandles / writeCandles. */
const PROGRESS_EVERY = 65_536;

/**
 * The candles of `config`. `onProgress(done, total)` is told every PROGRESS_EVERY bars and at the
 * end (it changes nothing: the numbers depend on the config only).
 */
export function generateSyntheticCandles(
  config: SyntheticCandleConfig,
  onProgress?: (done: number, total: number) => void,
): CandleSeries {
  const c = resolveSyntheticConfig(config);
  const barMs = intervalLengthMs(c.interval);
  const n = c.bars;
  const s = allocSeries({ symbol: c.symbol, category: c.category, interval: c.interval }, barMs, n);
  const { openTimeMs, open, high, low, close, volume, turnover } = s;

  const root = createRng(c.seed);
  const rngRet = root.fork("returns");
  const rngPath = root.fork("path");
  const rngVol = root.fork("volume");

  const barsPerDay = DAY_MS / barMs;
  const slots = barMs >= DAY_MS ? 1 : Math.round(barsPerDay);
  const sv = seasonalFactors(barMs, c.peakHourUtc, c.volSeasonalityPeakToTrough, 2);
  const sq = seasonalFactors(barMs, c.peakHourUtc, c.volumePeakToTrough, 1);
  const weekly = barMs >= 7 * DAY_MS;
  const weekdayWeight = weekly ? 1 : 7 / (5 + 2 * c.weekendVolumeFactor);
  const weekendWeight = weekly ? 1 : weekdayWeight * c.weekendVolumeFactor;
  const firstSlot = barMs >= DAY_MS ? 0 : Math.round((((c.startMs % DAY_MS) + DAY_MS) % DAY_MS) / barMs);

  const varBar = (c.annualVol * c.annualVol) / (365 * barsPerDay);
  const alpha = c.garchAlpha;
  const beta = c.garchBeta;
  const omega = varBar * (1 - alpha - beta);
  const nu = c.tailDof;
  const baseVolume = c.dailyVolume / barsPerDay;
  const eta = c.volumeNoise;
  const phi = c.volumeNoisePersistence;
  const innov = eta * Math.sqrt(1 - phi * phi);
  const sens = c.volumeReturnSensitivity;
  const linkNorm = 1 + sens * studentTMeanAbs(nu);
  const half = c.spreadBps / 20_000;
  const k = c.subSteps;
  const invK = 1 / k;
  const roundTick = makeRounder(c.tickSize);
  const minPrice = roundTick(c.tickSize);
  // Never round a price to 0: the lowest price is one tick (max() keeps rounding monotone).
  const roundPrice = (x: number) => Math.max(minPrice, roundTick(x));
  const roundVolume = makeRounder(c.lotSize);
  const walk = new Float64Array(k + 1);

  let h = varBar;
  let u = eta * rngVol.normal(); // stationary start of the AR(1) log-noise
  let mid = c.startPrice;
  let prevClose = roundPrice(c.startPrice); // the trade price that opens bar 0
  let slot = firstSlot;

  for (let t = 0; t < n; t++) {
    const sigma = sv[slot]! * Math.sqrt(h);
    const z = rngRet.studentT(nu);
    const r = sigma * z;

    // Sub-bar path: random walk of k steps, pinned to end at r (Brownian bridge).
    const stepSd = sigma * Math.sqrt(invK);
    let w = 0;
    for (let j = 1; j <= k; j++) {
      w += stepSd * rngPath.normal();
      walk[j] = w;
    }
    const fix = r - w;
    const o = prevClose;
    let hi = o;
    let lo = o;
    let sum = 0;
    let p = o;
    for (let j = 1; j <= k; j++) {
      const m = mid * Math.exp(walk[j]! + j * invK * fix);
      p = rngPath.uniform() < 0.5 ? m * (1 - half) : m * (1 + half);
      if (p > hi) hi = p;
      if (p < lo) lo = p;
      sum += p;
    }
    mid *= Math.exp(r);

    const oR = roundPrice(o);
    const hR = roundPrice(hi);
    const lR = roundPrice(lo);
    const cR = roundPrice(p);
    let vwap = sum * invK;
    if (vwap > hR) vwap = hR;
    else if (vwap < lR) vwap = lR;

    const openMs = c.startMs + t * barMs;
    // Day of week, 0 = Sunday: 1970-01-01 (epoch day 0) was a Thursday.
    const dow = (((Math.floor(openMs / DAY_MS) + 4) % 7) + 7) % 7;
    const dayWeight = dow === 0 || dow === 6 ? weekendWeight : weekdayWeight;
    u = phi * u + innov * rngVol.normal();
    const v = roundVolume(
      (baseVolume * sq[slot]! * dayWeight * Math.exp(u - 0.5 * eta * eta) * (1 + sens * Math.abs(z))) /
        linkNorm,
    );

    openTimeMs[t] = openMs;
    open[t] = oR;
    high[t] = hR;
    low[t] = lR;
    close[t] = cR;
    volume[t] = v;
    turnover[t] = v * vwap;

    prevClose = cR;
    h = omega + (alpha * z * z + beta) * h;
    slot++;
    if (slot === slots) slot = 0;
    if (onProgress && (t + 1) % PROGRESS_EVERY === 0) onProgress(t + 1, n);
  }
  onProgress?.(n, n);
  return s;
}
