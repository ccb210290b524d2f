/** The list of top-level commands. Each entry is a yargs CommandModule from its own file. */
import type { Argv } from "yargs";
import { ammCommand } from "./amm-command";
import { dataCommand } from "./data-command";
import { estimateCommand } from "./estimate-command";
import { scheduleCommand } from "./schedule-command";

export function registerCommands(y: Argv): Argv {
  return y.command(dataCommand).command(ammCommand).command(scheduleCommand).command(estimateCommand);
}
