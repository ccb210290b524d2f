/** `execsim data <subcommand>`: getting candles in and out of the store. */
import type { Argv, CommandModule } from "yargs";
import { dataGenerateCommand } from "./data-generate";

export const dataCommand: CommandModule = {
  command: "data <command>",
  describe: "market data: fetch from Bybit, import files, generate synthetic candles, list, export",
  builder: (y: Argv) =>
    y.command(dataGenerateCommand).demandCommand(1, "Name a data subcommand; see the list above."),
  handler: () => {},
};
