/** The list of top-level commands. Each entry is a yargs CommandModule from its own file. */
import type { Argv, CommandModule } from "yargs";
import { ammCommand } from "./amm-command.js";
import { compareCommand } from "./compare-command.js";
import { dataCommand } from "./data-command.js";
import { estimateCommand } from "./estimate-command.js";
import { mlCommand } from "./ml-command.js";
import { reportCommand } from "./report-command.js";
import { runCommand } from "./run-command.js";
import { runsCommand } from "./runs-command.js";
import { scheduleCommand } from "./schedule-command.js";

export function registerCommands(y: Argv): Argv {
  return y
    .command(dataCommand)
    .command(ammCommand)
    .command(scheduleCommand)
    .command(estimateCommand)
    .command(mlCommand)
    .command(runCommand as unknown as CommandModule)
    .command(compareCommand as unknown as CommandModule)
    .command(runsCommand)
    .command(reportCommand as unknown as CommandModule);
}
