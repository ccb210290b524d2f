/**
 * `execsim data import FILE|FOLDER`: saved Bybit v5 kline responses, Bybit trade-history CSV
 * (aggregated to --interval) or a generic OHLCV CSV, validated and written in one transaction
 * (see src/market/import-candles.ts). Prints rows inserted/updated/unchanged, range and gaps.
 * Also holds the gap printing the other data I/O commands share.
 */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { intervalMs, isoUtc } from "../core/interval.js";
import {
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportOptions,
  type ImportSummary,
  prepareImport,
  writePreparedImport,
} from "../market/import-candles.js";
import type { GapReport } from "../market/series-catalog.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { startProgress } from "./progress.js";
import { categoryArg, intervalArg, symbolArg } from "./series-args.js";

/** One line per gap, e.g. "2024-06-04T15:15:00.000Z .. 2024-06-06T19:40:00.000Z (630 bars)". */
export function gapLines(g: GapReport, stepMs: number, indent = "  "): string[] {
  return g.first.map(
    (r) =>
      `${indent}${isoUtc(r.fromMs)} .. ${isoUtc(r.toMs - stepMs)} (${r.missingBars} bar${r.missingBars === 1 ? "" : "s"})`,
  );
}

/** JSON form of a gap report with ISO times added. */
export function gapsJson(g: GapReport) {
  return {
    count: g.count,
    missingBars: g.missingBars,
    first: g.first.map((r) => ({ ...r, from: isoUtc(r.fromMs), to: isoUtc(r.toMs) })),
  };
}

interface DataImportArgs extends GlobalArgs {
  file: string;
  format: string;
  symbol?: string;
  category?: string;
  interval?: string;
  "drop-open-candle": boolean;
  columns?: string;
  "tick-size"?: number;
  "lot-size"?: number;
}

const SOURCE_TEXT: Record<string, string> = {
  flag: "from the flag",
  data: "from the data",
  "file name": "from the file name",
  spacing: "inferred from the spacing of timestamps",
  default: "default",
};

function printSummary(s: ImportSummary): void {
  const lines = [
    `imported ${s.rows} candle${s.rows === 1 ? "" : "s"} of ${s.symbol} (${s.category}, interval ${s.interval}) from ${s.files.length} ${s.format} file${s.files.length === 1 ? "" : "s"}`,
    `rows      ${s.inserted} inserted, ${s.updated} updated, ${s.unchanged} unchanged`,
    `range     ${isoUtc(s.firstOpenTimeMs)} .. ${isoUtc(s.lastOpenTimeMs)} (bar open times)`,
    `key       symbol ${SOURCE_TEXT[s.symbolSource]}, category ${SOURCE_TEXT[s.categorySource]}, interval ${SOURCE_TEXT[s.intervalSource]}`,
  ];
  if (s.trades !== undefined) lines.push(`trades    ${s.trades} aggregated`);
  if (s.droppedOpenCandles) {
    lines.push(
      `dropped   ${s.droppedOpenCandles} still-open candle(s) (keep them with --no-drop-open-candle)`,
    );
  }
  lines.push(
    s.gaps.count === 0
      ? "gaps      none"
      : `gaps      ${s.gaps.count} (${s.gaps.missingBars} missing bars), not filled${s.gaps.count > s.gaps.first.length ? `; first ${s.gaps.first.length}:` : ":"}`,
  );
  lines.push(...gapLines(s.gaps, intervalMs(s.interval), "          "));
  for (const n of s.notes) lines.push(`note      ${n}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

export const dataImportCommand: CommandModule<object, DataImportArgs> = {
  command: "import <file>",
  // its one-line description is in data-command.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    y
      .positional("file", {
        type: "string",
        describe: "a .json / .csv / .csv.gz file, or a folder of them (one format, one symbol)",
        demandOption: true,
      })
      .option("format", {
        type: "string",
        default: "auto",
        choices: ["auto", ...IMPORT_FORMATS],
        describe: "input format; auto detects it from the content",
      })
      .option("symbol", {
        type: "string",
        describe:
          "symbol to store under; required for an OHLCV CSV that does not name it (in a symbol column or a SYMBOL_category_... file name); must match the data otherwise",
      })
      .option("category", {
        type: "string",
        describe: "spot, linear or inverse (default: from the data or file name, else linear)",
      })
      .option("interval", {
        type: "string",
        describe:
          "bar interval 1,3,5,15,30,60,120,240,360,720,D,W; required for trades; for candles the default is the file name's or the smallest timestamp spacing (the summary says which)",
      })
      .option("drop-open-candle", {
        type: "boolean",
        default: true,
        describe:
          "drop a kline response's still-open candle (open time + interval > the response's time); --no-drop-open-candle keeps it",
      })
      .option("columns", {
        type: "string",
        describe:
          "where an OHLCV CSV's columns are: field=column pairs (time=Date,open=Open,high=High,low=Low,close=Close,volume=Volume[,turnover=..], a column is a header name or 1-based number) or the columns in order (time,open,high,low,close,volume[,skip,turnover]); without it the header's names or, with no header, the usual kline order are used",
      })
      .option("tick-size", {
        type: "number",
        describe:
          "the instrument's price tick (quote units), stored with it: the default spread of simulations is one tick (built in for BTCUSDT, ETHUSDT, XRPUSDT linear)",
      })
      .option("lot-size", {
        type: "number",
        describe: "the instrument's quantity step (base units): parents and child orders are rounded to it",
      })
      .example("$0 data import klines.json --interval 5", "a saved /v5/market/kline response")
      .example("$0 data import ./responses/", "a folder of saved responses (overlaps are fine)")
      .example("$0 data import BTCUSDT2024-01-01.csv.gz --interval 1", "Bybit trades -> 1-minute candles")
      .example(
        "$0 data import candles.csv --symbol BTCUSDT",
        "timestamp,open,high,low,close,volume[,turnover]",
      )
      .example(
        "$0 data import ETHUSDT_1h.csv --symbol ETHUSDT --columns time=Date,open=Open,high=High,low=Low,close=Close,volume=Volume",
        "any other column names",
      )
      .strictOptions() as unknown as Argv<DataImportArgs>,
  handler: async (argv) => {
    const opts: ImportOptions = {
      format: argv.format as ImportFormat | "auto",
      dropOpenCandle: argv["drop-open-candle"],
    };
    if (argv.symbol !== undefined) opts.symbol = symbolArg(argv.symbol);
    if (argv.category !== undefined) opts.category = categoryArg(argv.category);
    if (argv.interval !== undefined) opts.interval = intervalArg(argv.interval);
    if (argv.columns !== undefined) opts.columns = argv.columns;
    for (const [flag, v] of [
      ["--tick-size", argv["tick-size"]],
      ["--lot-size", argv["lot-size"]],
    ] as const) {
      if (v !== undefined && !(Number.isFinite(v) && v > 0))
        throw new ExecsimError("INVALID_ARGUMENT", `${flag} must be a number > 0, got ${v}`);
    }
    if (argv["tick-size"] !== undefined) opts.tickSize = argv["tick-size"];
    if (argv["lot-size"] !== undefined) opts.lotSize = argv["lot-size"];
    // Parse and validate before opening the store: bad input never creates or touches a database.
    const bar = startProgress(argv, "import", "bytes read");
    let prepared: ReturnType<typeof prepareImport>;
    try {
      prepared = prepareImport(argv.file, { ...opts, onProgress: (d, t) => bar.update(d, t) });
    } finally {
      bar.stop();
    }
    const summary = await withStore(argv, (store) => writePreparedImport(store, prepared));
    if (argv.json) {
      printJson({
        ...summary,
        firstOpenTime: isoUtc(summary.firstOpenTimeMs),
        lastOpenTime: isoUtc(summary.lastOpenTimeMs),
        gaps: gapsJson(summary.gaps),
      });
    } else printSummary(summary);
  },
};
