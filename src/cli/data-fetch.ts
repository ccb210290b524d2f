/**
 * `execsim data fetch`: download candles from Bybit's v5 kline endpoint into the store, resuming
 * past what is already stored (see src/market/bybit-kline-client.ts for paging, retries and rate
 * limits). --base-url points it at another host (a mirror, testnet, or a local test server).
 */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { intervalMs, isoUtc, parseTimeMs } from "../core/interval.js";
import {
  DEFAULT_BYBIT_BASE_URL,
  type FetchSummary,
  fetchKlinesIntoStore,
  MAX_KLINE_LIMIT,
  validateFetchOptions,
} from "../market/bybit-kline-client.js";
import { type GlobalArgs, printJson, withNewStoreRemovedUnless } from "./cli-helpers.js";
import { gapLines, gapsJson } from "./data-import.js";
import { progressWanted, startProgress } from "./progress.js";
import { categoryArg, intervalArg, symbolArg } from "./series-args.js";

interface DataFetchArgs extends GlobalArgs {
  symbol: string;
  category: string;
  interval: string;
  from: string;
  to?: string;
  "base-url": string;
  limit: number;
  "max-retries": number;
  "drop-open-candle": boolean;
}

function printSummary(s: FetchSummary): void {
  const step = intervalMs(s.interval);
  const lines = [
    `fetched ${s.symbol} (${s.category}, interval ${s.interval}) for ${isoUtc(s.fromMs)} .. ${isoUtc(s.toMs)} (--to exclusive)`,
    `skipped   ${s.alreadyStoredBars} bar(s) already stored`,
    `requests  ${s.requests} for ${s.pages} page(s), ${s.retries} retr${s.retries === 1 ? "y" : "ies"}, waited ${s.waitedMs} ms`,
    `rows      ${s.rows} received: ${s.inserted} inserted, ${s.updated} updated, ${s.unchanged} unchanged`,
  ];
  if (s.droppedOpenCandles) lines.push(`dropped   ${s.droppedOpenCandles} still-open candle(s)`);
  if (s.outOfWindowRows) lines.push(`ignored   ${s.outOfWindowRows} row(s) outside the requested windows`);
  lines.push(
    s.stillMissing.count === 0
      ? "missing   none: the range is complete"
      : `missing   ${s.stillMissing.missingBars} bar(s) in ${s.stillMissing.count} range(s) Bybit did not return (not filled):`,
  );
  lines.push(...gapLines(s.stillMissing, step, "          "));
  process.stdout.write(`${lines.join("\n")}\n`);
}

export const dataFetchCommand: CommandModule<object, DataFetchArgs> = {
  command: "fetch",
  // its one-line description is in data-command.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    y
      .option("symbol", { type: "string", demandOption: true, describe: "Bybit symbol, e.g. BTCUSDT" })
      .option("category", { type: "string", default: "linear", describe: "spot, linear or inverse" })
      .option("interval", {
        type: "string",
        demandOption: true,
        describe: "bar interval: 1,3,5,15,30,60,120,240,360,720 (minutes), D or W",
      })
      .option("from", {
        type: "string",
        demandOption: true,
        describe: "first bar open time (ISO-8601 UTC, e.g. 2024-01-01, or epoch ms), inclusive",
      })
      .option("to", {
        type: "string",
        describe: "end of the range, exclusive (default: now); a bar is fetched when from <= open time < to",
      })
      .option("base-url", {
        type: "string",
        default: DEFAULT_BYBIT_BASE_URL,
        describe: "API root (e.g. https://api-testnet.bybit.com)",
      })
      .option("limit", { type: "number", default: MAX_KLINE_LIMIT, describe: "rows per request, 1..1000" })
      .option("max-retries", {
        type: "number",
        default: 5,
        describe: "retries per request on HTTP 429/5xx, network errors and Bybit rate limits",
      })
      .option("drop-open-candle", {
        type: "boolean",
        default: true,
        describe: "drop the bar still open when Bybit answered; --no-drop-open-candle keeps it",
      })
      .example(
        "$0 data fetch --symbol BTCUSDT --interval 1 --from 2024-01-01 --to 2024-02-01",
        "January 2024 in 1-minute bars (45 requests)",
      )
      .strictOptions() as unknown as Argv<DataFetchArgs>,
  handler: async (argv) => {
    const maxRetries = Number(argv["max-retries"]);
    if (!(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 20)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `--max-retries ${argv["max-retries"]}: give an integer 0..20`,
      );
    }
    const opts = {
      symbol: symbolArg(argv.symbol),
      category: categoryArg(argv.category),
      interval: intervalArg(argv.interval),
      fromMs: parseTimeMs(argv.from, "--from"),
      toMs: argv.to !== undefined ? parseTimeMs(argv.to, "--to") : Date.now(),
      baseUrl: argv["base-url"],
      limit: Number(argv.limit),
      maxRetries,
      dropOpenCandle: argv["drop-open-candle"],
      // a progress bar with ETA on a terminal; one line per page when stderr is a log (not with --json)
      onPage: argv.json
        ? undefined
        : (p: { page: number; pages: number; rows: number }) =>
            progressWanted(argv)
              ? bar.update(p.page, p.pages)
              : process.stderr.write(`page ${p.page}/${p.pages}: ${p.rows} rows\n`),
      onRetry: argv.json
        ? undefined
        : (r: { attempt: number; maxRetries: number; problem: string; waitMs: number }) =>
            process.stderr.write(
              `${r.problem}; retry ${r.attempt}/${r.maxRetries} in ${(r.waitMs / 1000).toFixed(1)} s\n`,
            ),
    };
    validateFetchOptions(opts); // bad flags fail before the store is opened (or created)
    // a database this command creates is removed again when nothing was fetched into it
    const bar = startProgress(argv, "fetch", "pages");
    let summary: Awaited<ReturnType<typeof fetchKlinesIntoStore>>;
    try {
      summary = await withNewStoreRemovedUnless(
        argv,
        (store) => fetchKlinesIntoStore(store, opts),
        (s) => s.rows > 0,
      );
    } finally {
      bar.stop();
    }
    if (argv.json) {
      printJson({
        ...summary,
        from: isoUtc(summary.fromMs),
        to: isoUtc(summary.toMs),
        stillMissing: gapsJson(summary.stillMissing),
      });
    } else printSummary(summary);
  },
};
