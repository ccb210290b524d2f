/**
 * `execsim data list`: every stored series with its range, row count and gaps (count, missing bars
 * and the first few gap ranges); see src/market/series-catalog.ts.
 */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { intervalMs, isoUtc } from "../core/interval.js";
import { type ListFilter, listSeries } from "../market/series-catalog.js";
import { formatTable } from "../report/format-table.js";
import { resolveDbPath } from "../store/database.js";
import { databaseBytes } from "../store/run-housekeeping.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { gapLines, gapsJson } from "./data-import.js";
import { categoryArg, intervalArg, symbolArg } from "./series-args.js";
import { storeExists } from "./store-guard.js";

interface DataListArgs extends GlobalArgs {
  symbol?: string;
  category?: string;
  interval?: string;
  "max-gaps": number;
}

export const dataListCommand: CommandModule<object, DataListArgs> = {
  command: "list",
  // its one-line description is in data-command.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    y
      .option("symbol", { type: "string", describe: "only this symbol" })
      .option("category", { type: "string", describe: "only this category (spot, linear, inverse)" })
      .option("interval", { type: "string", describe: "only this interval" })
      .option("max-gaps", { type: "number", default: 5, describe: "gap ranges to show per series" })
      .strictOptions() as unknown as Argv<DataListArgs>,
  handler: async (argv) => {
    const filter: ListFilter = {};
    if (argv.symbol !== undefined) filter.symbol = symbolArg(argv.symbol);
    if (argv.category !== undefined) filter.category = categoryArg(argv.category);
    if (argv.interval !== undefined) filter.interval = intervalArg(argv.interval);
    const maxGaps = Number(argv["max-gaps"]);
    if (!(Number.isInteger(maxGaps) && maxGaps >= 0)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `--max-gaps ${argv["max-gaps"]}: give a whole number >= 0 of gap ranges to show`,
      );
    }
    // no database yet: nothing is stored, and listing must not create one
    const { series, bytes } = storeExists(argv)
      ? await withStore(argv, (store) => ({
          series: listSeries(store, filter, maxGaps),
          bytes: databaseBytes(store),
        }))
      : { series: [], bytes: 0 };
    const sizeLine = `database ${resolveDbPath(argv.db)}: ${formatBytes(bytes)} (\`execsim runs prune\` removes old results)`;
    if (argv.json) {
      printJson(
        series.map((s) => ({
          ...s,
          from: isoUtc(s.firstOpenTimeMs),
          to: isoUtc(s.lastOpenTimeMs),
          gaps: gapsJson(s.gaps),
        })),
      );
      return;
    }
    if (series.length === 0) {
      process.stdout.write(
        `no candles stored; use \`execsim data fetch\`, \`data import\` or \`data generate\`\n${bytes > 0 ? `${sizeLine}\n` : ""}`,
      );
      return;
    }
    const table = formatTable(
      ["symbol", "category", "interval", "first bar", "last bar", "rows", "gaps", "missing bars"],
      series.map((s) => [
        s.symbol,
        s.category,
        s.interval,
        isoUtc(s.firstOpenTimeMs),
        isoUtc(s.lastOpenTimeMs),
        s.rows,
        s.gaps.count,
        s.gaps.missingBars,
      ]),
    );
    const lines = [table, sizeLine];
    for (const s of series) {
      if (s.gaps.count === 0 || s.gaps.first.length === 0) continue;
      lines.push(
        `\n${s.symbol} ${s.category} ${s.interval}: ${s.gaps.count} gap(s)${s.gaps.count > s.gaps.first.length ? `, first ${s.gaps.first.length}` : ""}:`,
        ...gapLines(s.gaps, intervalMs(s.interval)),
      );
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  },
};

/** 1234567 -> "1.2 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1e3) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = bytes / 1e3;
  let i = 0;
  while (v >= 1e3 && i < units.length - 1) {
    v /= 1e3;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
