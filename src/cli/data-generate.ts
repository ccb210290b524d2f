/**
 * `execsim data generate`: write synthetic candles (see src/market/synthetic-candles.ts for the model)
 * into the store and print what was stored with its statistics (annualized volatility, average daily
 * volume and turnover, Corwin-Schultz and Abdi-Ranaldo spread estimates, Amihud illiquidity).
 * Idempotent: the generator is deterministic, so re-running with the same arguments reports 0 inserted
 * and 0 updated. The write is one transaction: on any failure nothing is stored.
 */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError, isExecsimError } from "../core/errors.js";
import { DAY_MS, intervalMs, isoUtc, parseTimeMs } from "../core/interval.js";
import { CATEGORIES, type SeriesKey } from "../core/market-types.js";
import {
  DEFAULT_DATASET_CATEGORY,
  DEFAULT_DATASET_DAYS,
  DEFAULT_DATASET_INTERVAL,
  DEFAULT_DATASET_SEED,
  DEFAULT_DATASET_SYMBOL,
} from "../market/default-dataset.js";
import { type MarketStats, marketStats } from "../market/market-stats.js";
import {
  generateSyntheticCandles,
  resolveSyntheticConfig,
  SYNTHETIC_DEFAULTS,
  type SyntheticCandleConfig,
} from "../market/synthetic-candles.js";
import { formatNumber } from "../report/format-table.js";
import { readSeries, type WriteCounts, writeCandles } from "../store/candle-store.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { startProgress } from "./progress.js";
import { categoryArg, intervalArg, symbolArg } from "./series-args.js";

export interface DataGenerateArgs extends GlobalArgs {
  symbol: string;
  category: string;
  interval: string;
  days: number;
  start: string;
  seed: string;
  "annual-vol"?: number;
  "start-price"?: number;
  "daily-volume"?: number;
  "spread-bps"?: number;
  "weekend-volume"?: number;
}

/** argv -> validated generator config (throws INVALID_ARGUMENT with a hint). */
export function generateConfigFromArgs(argv: DataGenerateArgs): SyntheticCandleConfig {
  const symbol = symbolArg(argv.symbol);
  const category = categoryArg(argv.category);
  const interval = intervalArg(argv.interval);
  const days = Number(argv.days);
  if (!(Number.isFinite(days) && days > 0 && days <= 3650)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--days ${argv.days}: give a number of days > 0 and <= 3650 (ten years)`,
    );
  }
  const barMs = intervalMs(interval);
  const bars = (days * DAY_MS) / barMs;
  if (!Number.isInteger(bars) || bars < 1) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--days ${argv.days} is not a whole number of interval-${interval} bars (${barMs / 60_000} minutes each); ` +
        `give e.g. --days ${interval === "W" ? 7 * Math.max(1, Math.round(days / 7)) : Math.max(1, Math.round(days))}`,
    );
  }
  const startMs = parseTimeMs(argv.start, "--start");
  const seed = String(argv.seed ?? "").trim();
  if (seed === "")
    throw new ExecsimError("INVALID_ARGUMENT", "--seed: give a number or a word, e.g. --seed 42");
  const config: SyntheticCandleConfig = {
    symbol,
    category,
    interval,
    startMs,
    bars,
    seed,
  };
  const flag = (v: number | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined;
    if (!Number.isFinite(v)) throw new ExecsimError("INVALID_ARGUMENT", `--${name}: give a number, got ${v}`);
    return v;
  };
  const annualVol = flag(argv["annual-vol"], "annual-vol");
  const startPrice = flag(argv["start-price"], "start-price");
  const dailyVolume = flag(argv["daily-volume"], "daily-volume");
  const spreadBps = flag(argv["spread-bps"], "spread-bps");
  const weekendVolume = flag(argv["weekend-volume"], "weekend-volume");
  if (annualVol !== undefined) config.annualVol = annualVol;
  if (startPrice !== undefined) config.startPrice = startPrice;
  if (dailyVolume !== undefined) config.dailyVolume = dailyVolume;
  if (spreadBps !== undefined) config.spreadBps = spreadBps;
  if (weekendVolume !== undefined) config.weekendVolumeFactor = weekendVolume;
  // Validate everything now (clear errors naming the parameter), before touching the store.
  resolveSyntheticConfig(config);
  return config;
}

export interface DataGenerateResult {
  key: SeriesKey;
  source: string;
  fromMs: number;
  toMs: number;
  bars: number;
  counts: WriteCounts;
  /** Statistics of the stored range, or null with the reason when it is too short for them. */
  stats: MarketStats | null;
  statsUnavailable: string | null;
}

/** Generate, store and summarise (the library call behind the command). */
export function runDataGenerate(
  store: Parameters<typeof writeCandles>[0],
  config: SyntheticCandleConfig,
  opts: {
    /** Bars generated, then rows stored, so far (a progress bar per phase). */
    onProgress?: (phase: "generate" | "store", done: number, total: number) => void;
  } = {},
): DataGenerateResult {
  const on = opts.onProgress;
  const series = generateSyntheticCandles(config, on && ((d, t) => on("generate", d, t)));
  const key: SeriesKey = { symbol: config.symbol, category: config.category, interval: config.interval };
  const source = `synthetic:${config.seed}`;
  const counts = writeCandles(store, key, series, source, {}, on && ((d, t) => on("store", d, t)));
  const fromMs = config.startMs;
  const toMs = config.startMs + config.bars * series.intervalMs;
  let stats: MarketStats | null = null;
  let statsUnavailable: string | null = null;
  try {
    stats = marketStats(readSeries(store, key, fromMs, toMs));
  } catch (e) {
    if (!(isExecsimError(e) && e.code === "INSUFFICIENT_DATA")) throw e;
    statsUnavailable = e.message;
  }
  return { key, source, fromMs, toMs, bars: series.length, counts, stats, statsUnavailable };
}

function toJson(r: DataGenerateResult): unknown {
  const s = r.stats;
  return {
    ...r.key,
    source: r.source,
    from: isoUtc(r.fromMs),
    to: isoUtc(r.toMs),
    bars: r.bars,
    ...r.counts,
    stats: s && {
      annualizedVol: s.volatility.annualized,
      dailyVol: s.volatility.daily,
      averageDailyVolume: s.dailyVolume.volumeBase,
      averageDailyTurnover: s.dailyVolume.turnoverQuote,
      corwinSchultzSpreadBps: s.corwinSchultz.spread * 1e4,
      abdiRanaldoSpreadBps: s.abdiRanaldo.spread * 1e4,
      amihudPerMillion: s.amihud?.perMillion ?? null,
      hourlyVolumeShares: s.intradayProfile ? Array.from(s.intradayProfile.shares) : null,
    },
    statsUnavailable: r.statsUnavailable,
  };
}

function printText(r: DataGenerateResult): void {
  const { counts, stats: s } = r;
  const lines = [
    `stored ${r.key.symbol} (${r.key.category}, interval ${r.key.interval}) from ${r.source}`,
    `range      ${isoUtc(r.fromMs)} .. ${isoUtc(r.toMs)} (${r.bars} bars)`,
    `rows       ${counts.inserted} inserted, ${counts.updated} updated, ${counts.unchanged} unchanged`,
  ];
  if (s) {
    lines.push(
      `volatility ${(s.volatility.annualized * 100).toFixed(2)} % annualized (365 d), ${(s.volatility.daily * 100).toFixed(3)} % daily`,
      `ADV        ${formatNumber(s.dailyVolume.volumeBase)} base/day, turnover ${formatNumber(s.dailyVolume.turnoverQuote)} quote/day`,
      `spread     ${(s.corwinSchultz.spread * 1e4).toFixed(3)} bps Corwin-Schultz, ${(s.abdiRanaldo.spread * 1e4).toFixed(3)} bps Abdi-Ranaldo`,
      s.amihud
        ? `Amihud     ${formatNumber(s.amihud.perMillion)} per million quote traded (${s.amihud.days} day${s.amihud.days === 1 ? "" : "s"})`
        : "Amihud     n/a (a daily ratio; bars are longer than a day)",
    );
  } else {
    lines.push(`statistics unavailable: ${r.statsUnavailable}`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

export const dataGenerateCommand: CommandModule<object, DataGenerateArgs> = {
  command: "generate",
  // its one-line description is in data-command.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    y
      .option("symbol", {
        type: "string",
        default: DEFAULT_DATASET_SYMBOL,
        describe: "symbol to store them under",
      })
      .option("category", {
        type: "string",
        default: DEFAULT_DATASET_CATEGORY,
        describe: `market category (${CATEGORIES.join(", ")})`,
      })
      .option("interval", {
        type: "string",
        default: DEFAULT_DATASET_INTERVAL,
        describe: "bar interval: 1,3,5,15,30,60,120,240,360,720 (minutes), D or W",
      })
      .option("days", { type: "number", default: DEFAULT_DATASET_DAYS, describe: "days of candles" })
      .option("start", {
        type: "string",
        default: "2024-01-01",
        describe: "open time of the first bar (ISO-8601 UTC or epoch ms)",
      })
      .option("seed", { type: "string", default: String(DEFAULT_DATASET_SEED), describe: "random seed" })
      .option("annual-vol", {
        type: "number",
        describe: `annualized volatility, a fraction (default ${SYNTHETIC_DEFAULTS.annualVol})`,
      })
      .option("start-price", {
        type: "number",
        describe: `first open price in quote units (default ${SYNTHETIC_DEFAULTS.startPrice})`,
      })
      .option("daily-volume", {
        type: "number",
        describe: `average base volume per day (default ${SYNTHETIC_DEFAULTS.dailyVolume})`,
      })
      .option("spread-bps", {
        type: "number",
        describe: `bid-ask bounce of the trades, in bps (default ${SYNTHETIC_DEFAULTS.spreadBps})`,
      })
      .option("weekend-volume", {
        type: "number",
        describe: `weekend volume relative to a weekday (default ${SYNTHETIC_DEFAULTS.weekendVolumeFactor}: none; real BTC ≈ 0.6)`,
      })
      .example(
        "$0 data generate",
        "the built-in default: 30 days of 1-minute SYN-BTCUSDT from 2024-01-01, seed 42",
      )
      .example("$0 data generate --days 365 --seed 7 --annual-vol 0.8", "a year of a more volatile market")
      .epilogue(
        "The same arguments always give the same candles, so re-running stores nothing new (0 inserted). " +
          "Other parameters or another seed for a stored range overwrite those bars (reported as updated). " +
          "The model and every parameter's default: src/market/synthetic-candles.ts.",
      )
      .strictOptions() as unknown as Argv<DataGenerateArgs>,
  handler: async (argv) => {
    const config = generateConfigFromArgs(argv);
    // a year of 1-minute bars takes seconds: a bar per phase on a terminal (not with --json)
    let phase: "generate" | "store" = "generate";
    let bar = startProgress(argv, "generate", "bars");
    let result: DataGenerateResult;
    try {
      result = await withStore(argv, (store) =>
        runDataGenerate(store, config, {
          onProgress: (p, d, t) => {
            if (p !== phase) {
              bar.stop();
              phase = p;
              bar = startProgress(argv, "store", "rows");
            }
            bar.update(d, t);
          },
        }),
      );
    } finally {
      bar.stop();
    }
    if (argv.json) printJson(toJson(result));
    else printText(result);
  },
};
