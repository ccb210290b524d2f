/**
 * The execsim command line. Each command lives in its own module under src/cli/ and is a thin
 * handler: argv -> validated config -> library call -> printed result. Errors that are ExecsimError
 * print as `error [CODE]: message` and exit 2 (bad input) or 1 (runtime failure); anything else is a
 * bug and prints its stack.
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { runCli } from "./run-cli.js";

// A reader that stops early (`execsim data export | head`) closes the pipe: stop quietly, as Unix tools do.
// Any other failure to write the output (ENOSPC on a full disk, EBADF) is a clean runtime error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  process.stderr.write(
    `error [IO_ERROR]: cannot write the output to stdout (${e.code ?? e.message}); free space on the target or write to another place\n`,
  );
  process.exit(1);
});

await runCli(yargs(hideBin(process.argv)));
