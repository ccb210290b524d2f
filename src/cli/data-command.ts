/**
 * `execsim data <subcommand>`: getting candles in and out of the store. Subcommands load lazily, like
 * the top-level commands (commands.ts): only the one named on the command line is imported.
 */
import type { Argv, CommandModule } from "yargs";
import { chosenCommand, type LazyCommand, registerChosen } from "./lazy-commands.js";

const as = (m: unknown) => m as CommandModule;

export const DATA_SUBCOMMANDS: readonly LazyCommand[] = [
  {
    name: "fetch",
    describe: "download candles from Bybit (v5 /v5/market/kline), resuming past what is stored",
    load: async () => as((await import("./data-fetch.js")).dataFetchCommand),
  },
  {
    name: "import",
    usage: "import <file>",
    describe:
      "import candles from a saved Bybit kline JSON, a Bybit trade CSV or an OHLCV CSV (file or folder)",
    load: async () => as((await import("./data-import.js")).dataImportCommand),
  },
  {
    name: "generate",
    describe: "generate synthetic crypto-like candles (GARCH-t, intraday pattern) into the store",
    load: async () => as((await import("./data-generate.js")).dataGenerateCommand),
  },
  {
    name: "list",
    describe: "list stored candle series: symbol, category, interval, range, rows, gaps",
    load: async () => as((await import("./data-list.js")).dataListCommand),
  },
  {
    name: "export",
    describe: "export a stored series as CSV (re-importable with `data import`)",
    load: async () => as((await import("./data-export.js")).dataExportCommand),
  },
];

/** The `data` command group, with the subcommand named in `args` (if any) loaded. */
export async function dataCommand(args: readonly string[]): Promise<CommandModule> {
  const chosen = chosenCommand(DATA_SUBCOMMANDS, args.slice(args.indexOf("data") + 1));
  const loaded = chosen === undefined ? undefined : await chosen.load(args);
  return {
    command: "data <command>",
    builder: (y: Argv) =>
      registerChosen(y, DATA_SUBCOMMANDS, chosen, loaded).demandCommand(
        1,
        "Name a data subcommand; see the list above.",
      ),
    handler: () => {},
  };
}
