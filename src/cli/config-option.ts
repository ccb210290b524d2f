/**
 * `--config FILE` for run-like commands (run, compare, baseline save; sweep can take it the same way):
 * a JSON or YAML file of the command's flags, read by the library's readRunConfigFile. yargs applies
 * the file's values below the command line and above the defaults, so flags given on the command
 * line override the file, and every value then passes the same validation as its flag.
 *
 * yargs turns an error thrown while reading the file into its own error with the same message; the
 * ExecsimError is kept here so the CLI reports its code (exit 2 for a bad file) without a stack trace.
 */
import type { Argv } from "yargs";
import { isExecsimError } from "../core/errors.js";
import { type ConfigValueKind, readRunConfigFile } from "../experiment/run-config-file.js";

let lastConfigError: Error | undefined;

/** Add `--config FILE` for a command whose flags are `kinds`. */
export function configFileOption<T>(
  y: Argv<T>,
  kinds: Readonly<Record<string, ConfigValueKind>>,
): Argv<T & { config?: string }> {
  return y.config(
    "config",
    "JSON or YAML file of flag values keyed by flag name (e.g. strategies: [twap, vwap]); flags given on the command line override it",
    (file: string) => {
      try {
        return readRunConfigFile(file, kinds);
      } catch (e) {
        if (isExecsimError(e)) lastConfigError = e;
        throw e;
      }
    },
  ) as unknown as Argv<T & { config?: string }>;
}

/** The ExecsimError behind a yargs failure while reading a config file, if that is what `err` is. */
export function configFileError(err: Error): Error | undefined {
  const e = lastConfigError;
  return e !== undefined && err.message === e.message ? e : undefined;
}
