/**
 * `execsim data export`: write a stored series as CSV (timestamp,open,high,low,close,volume,turnover)
 * to a file or stdout, in the format `data import` reads back identically (see
 * src/market/export-csv.ts). File output is atomic.
 */
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { isoUtc, parseTimeMs } from "../core/interval.js";
import { defaultExportName, formatCandlesCsv, writeCandlesCsvFile } from "../market/export-csv.js";
import { readSeries } from "../store/candle-store.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { categoryArg, intervalArg, symbolArg } from "./series-args.js";
import { requireStoreFor } from "./store-guard.js";

interface DataExportArgs extends GlobalArgs {
  symbol: string;
  category: string;
  interval: string;
  from?: string;
  to?: string;
  out?: string;
}

export const dataExportCommand: CommandModule<object, DataExportArgs> = {
  command: "export",
  // its one-line description is in data-command.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    y
      .option("symbol", { type: "string", demandOption: true, describe: "symbol, e.g. BTCUSDT" })
      .option("category", { type: "string", default: "linear", describe: "spot, linear or inverse" })
      .option("interval", { type: "string", demandOption: true, describe: "bar interval, e.g. 1, 60, D" })
      .option("from", {
        type: "string",
        describe: "first bar open time, inclusive (ISO-8601 UTC or epoch ms)",
      })
      .option("to", { type: "string", describe: "end, exclusive (ISO-8601 UTC or epoch ms)" })
      .option("out", {
        type: "string",
        describe:
          "output file, or a folder (created if the name ends in /) for SYMBOL_category_interval_first_last.csv (default: stdout)",
      })
      .example(
        "$0 data export --symbol BTCUSDT --interval 1 --out data/",
        "write a CSV named after the series",
      )
      .strictOptions() as unknown as Argv<DataExportArgs>,
  handler: async (argv) => {
    const key = {
      symbol: symbolArg(argv.symbol),
      category: categoryArg(argv.category),
      interval: intervalArg(argv.interval),
    };
    const fromMs = argv.from !== undefined ? parseTimeMs(argv.from, "--from") : undefined;
    const toMs = argv.to !== undefined ? parseTimeMs(argv.to, "--to") : undefined;
    requireStoreFor(argv, key);
    const series = await withStore(argv, (store) => readSeries(store, key, fromMs, toMs));
    if (series.length === 0) {
      throw new ExecsimError(
        "NOT_FOUND",
        `no ${key.symbol} ${key.category} ${key.interval} candles in ${fromMs !== undefined ? isoUtc(fromMs) : "-inf"} .. ${toMs !== undefined ? isoUtc(toMs) : "+inf"}; see \`execsim data list\` for the stored range`,
      );
    }
    if (argv.out === undefined || argv.out === "-") {
      process.stdout.write(formatCandlesCsv(series));
      return;
    }
    // "--out some/folder/" (trailing slash) creates the folder; an existing folder is used as is.
    if (argv.out.endsWith("/")) mkdirSync(argv.out, { recursive: true });
    const isDir = argv.out.endsWith("/") || (existsSync(argv.out) && statSync(argv.out).isDirectory());
    const file = isDir ? path.join(argv.out, defaultExportName(series)) : argv.out;
    const rows = writeCandlesCsvFile(series, file);
    const summary = {
      ...key,
      file,
      rows,
      firstOpenTime: isoUtc(series.openTimeMs[0]!),
      lastOpenTime: isoUtc(series.openTimeMs[series.length - 1]!),
    };
    if (argv.json) printJson(summary);
    else
      process.stdout.write(
        `wrote ${rows} candles to ${file} (${summary.firstOpenTime} .. ${summary.lastOpenTime})\n`,
      );
  },
};
