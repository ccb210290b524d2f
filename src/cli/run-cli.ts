import type { Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { isExecsimError } from "../core/errors.js";
import { registerCommands } from "./commands.js";
import { configFileError } from "./config-option.js";

/** Codes that mean the input was wrong (exit 2); any other error is a runtime failure (exit 1). */
const INPUT_CODES = new Set([
  "INVALID_ARGUMENT",
  "INVALID_CONFIG",
  "PARSE_ERROR",
  "VALIDATION_ERROR",
  "NOT_FOUND",
  "INSUFFICIENT_DATA", // the requested range holds too few bars: the user picks another range
  "DATA_MISMATCH", // a baseline's candles are not the ones stored / saved: the user restores or re-saves
]);

/** Build the CLI on a yargs instance and run it; sets process.exitCode on failure. */
export async function runCli(y: Argv, args: readonly string[] = hideBin(process.argv)): Promise<void> {
  const cli = (
    await registerCommands(
      y
        .scriptName("execsim")
        .usage(
          "$0 <command> [options]\n\nExecution simulation and transaction-cost analysis on Bybit candles.",
        )
        .option("db", {
          type: "string",
          describe: "SQLite database file (default: $EXECSIM_DB or ./execsim.db)",
          global: true,
        })
        .option("json", {
          type: "boolean",
          default: false,
          describe: "machine-readable JSON output",
          global: true,
        }),
      args,
    )
  )
    .demandCommand(1, "Name a command; see the list above.")
    .strict()
    .recommendCommands()
    .help()
    .alias("h", "help")
    .version()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      if (err) throw configFileError(err) ?? err;
      process.stderr.write(`error [INVALID_ARGUMENT]: ${msg}\nRun with --help for usage.\n`);
      process.exit(2);
    });
  try {
    await cli.parseAsync();
  } catch (e) {
    if (isExecsimError(e)) {
      process.stderr.write(`error [${e.code}]: ${e.message}\n`);
      process.exitCode = INPUT_CODES.has(e.code) ? 2 : 1;
    } else {
      process.stderr.write(`internal error (please report): ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 1;
    }
  }
}
