/** `execsim data <subcommand>`: getting candles in and out of the store. */
import type { Argv, CommandModule } from "yargs";
import { dataExportCommand } from "./data-export.js";
import { dataFetchCommand } from "./data-fetch.js";
import { dataGenerateCommand } from "./data-generate.js";
import { dataImportCommand } from "./data-import.js";
import { dataListCommand } from "./data-list.js";

export const dataCommand: CommandModule = {
  command: "data <command>",
  // its one-line description is in commands.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    y
      .command(dataFetchCommand)
      .command(dataImportCommand)
      .command(dataGenerateCommand)
      .command(dataListCommand)
      .command(dataExportCommand)
      .demandCommand(1, "Name a data subcommand; see the list above."),
  handler: () => {},
};
