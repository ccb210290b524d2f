/** `execsim data <subcommand>`: getting candles in and out of the store. */
import type { Argv, CommandModule } from "yargs";

export const dataCommand: CommandModule = {
  command: "data <command>",
  describe: "market data: fetch from Bybit, import files, generate synthetic candles, list, export",
  builder: (y: Argv) => y.demandCommand(1, "Name a data subcommand; see the list above."),
  handler: () => {},
};
