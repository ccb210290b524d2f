/** The list of top-level commands. Each entry is a yargs CommandModule from its own file. */
import type { Argv, CommandModule } from "yargs";
import { ammCommand } from "./amm-command";
import { compareCommand } from "./compare-command";
import { dataCommand } from "./data-command";
import { estimateCommand } from "./estimate-command";
import { mlCommand } from "./ml-command";
import { runCommand } from "./run-command";
import { runsCommand } from "./runs-command";
import { scheduleCommand } from "./schedule-command";

export function registerCommands(y: Argv): Argv {
  return y
    .command(dataCommand)
    .command(ammCommand)
    .command(scheduleCommand)
    .command(estimateCommand)
    .command(mlCommand)
    .command(runCommand as unknown as CommandModule)
    .command(compareCommand as unknown as CommandModule)
    .command(runsCommand);
}
