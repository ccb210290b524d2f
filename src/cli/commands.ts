/**
 * The list of top-level commands, loaded lazily (lazy-commands.ts): `execsim --help` needs only each
 * command's name and one-line description, and `execsim compare` only the compare module and what it
 * imports. Each entry names its module; the module exports a yargs CommandModule (a command group such
 * as `data` exports a function of the arguments that loads only the subcommand named).
 */
import type { Argv, CommandModule } from "yargs";
import { chosenCommand, type LazyCommand, registerChosen } from "./lazy-commands.js";

const as = (m: unknown) => m as CommandModule;

export const COMMANDS: readonly LazyCommand[] = [
  {
    name: "data",
    describe: "market data: fetch from Bybit, import files, generate synthetic candles, list, export",
    load: async (args) => (await import("./data-command.js")).dataCommand(args),
  },
  {
    name: "amm",
    describe: "AMM pools: swap quotes and price impact, routes across a pools file (amm swap, amm route)",
    load: async () => as((await import("./amm-command.js")).ammCommand),
  },
  {
    name: "schedule",
    describe: "optimal Almgren-Chriss execution schedule, or the efficient frontier over a λ grid",
    load: async () => as((await import("./schedule-command.js")).scheduleCommand),
  },
  {
    name: "estimate",
    describe: "pre-trade cost curve: expected cost and its standard deviation over several horizons",
    load: async () => as((await import("./estimate-command.js")).estimateCommand),
  },
  {
    name: "ml",
    describe: "machine-learned impact predictors: evaluate (walk-forward), train, predict",
    load: async () => as((await import("./ml-command.js")).mlCommand),
  },
  {
    name: "run",
    describe: "run one execution strategy over one parent order per day and store its TCA",
    load: async () => as((await import("./run-command.js")).runCommand),
  },
  {
    name: "compare",
    describe:
      "compare execution strategies on the same parent orders (default: TWAP, VWAP, POV, IS on built-in data)",
    load: async () => as((await import("./compare-command.js")).compareCommand),
  },
  {
    name: "sweep",
    describe:
      "tune a strategy parameter (IS risk aversion λ): a grid over the same parents, realized vs theoretical frontier, a recommendation",
    load: async () => as((await import("./sweep-command.js")).sweepCommand),
  },
  {
    name: "sweeps",
    describe: "stored parameter sweeps: list, show",
    load: async () => as((await import("./sweeps-command.js")).sweepsCommand),
  },
  {
    name: "models",
    describe:
      "calibrated impact models stored by name and version: list, show (use with --impact model:NAME)",
    load: async () => as((await import("./models-command.js")).modelsCommand),
  },
  {
    name: "runs",
    describe: "stored simulation runs: list, show, diff, export (CSV, JSON lines, Parquet), delete, prune",
    load: async () => as((await import("./runs-command.js")).runsCommand),
  },
  {
    name: "baseline",
    describe: "golden baselines for regression-testing strategies: save (then `execsim check`)",
    load: async () => as((await import("./baseline-command.js")).baselineCommand),
  },
  {
    name: "check",
    describe:
      "re-run baseline NAME (or --all) and compare: exit 0 when reproduced, 1 with a diff when a number moved, 2 for a bad baseline or candles",
    load: async () => as((await import("./check-command.js")).checkCommand),
  },
  {
    name: "calibrate",
    describe:
      "fit an impact model (sqrt, ac, propagator) to fills or stored runs, per volatility regime, and store it",
    load: async () => as((await import("./calibrate-command.js")).calibrateCommand),
  },
  {
    name: "orders",
    describe: "your own executions: import parent orders and fills",
    load: async () => as((await import("./orders-command.js")).ordersCommand),
  },
  {
    name: "tca",
    describe: "post-trade TCA of a stored run (imported or simulated): cost decomposition and markouts",
    load: async () => as((await import("./tca-command.js")).tcaCommand),
  },
  {
    name: "report",
    describe:
      "write a self-contained HTML report (charts, TCA tables, config) of a stored batch, run or sweep",
    load: async () => as((await import("./report-command.js")).reportCommand),
  },
];

/**
 * Register every command on `y`: the one named in `args` fully (its module is imported), the others as
 * name + description only, which is all yargs needs to list them and to reject unknown commands.
 */
export async function registerCommands(y: Argv, args: readonly string[]): Promise<Argv> {
  const chosen = chosenCommand(COMMANDS, args);
  return registerChosen(y, COMMANDS, chosen, chosen === undefined ? undefined : await chosen.load(args));
}
