/**
 * The list of top-level commands, loaded lazily: `execsim --help` needs only each command's name and
 * one-line description, and `execsim compare` only the compare module and what it imports. Each entry
 * names its module; the module exports a yargs CommandModule. Start-up is measured in `npm run bench`.
 */
import type { Argv, CommandModule } from "yargs";

export interface CommandEntry {
  /** The command word as typed (`data`, `compare`, ...). */
  readonly name: string;
  /** One line for `execsim --help` and the command's own help (its module carries no second copy). */
  readonly describe: string;
  readonly load: () => Promise<CommandModule>;
}

const as = (m: unknown) => m as CommandModule;

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "data",
    describe: "market data: fetch from Bybit, import files, generate synthetic candles, list, export",
    load: async () => as((await import("./data-command.js")).dataCommand),
  },
  {
    name: "amm",
    describe: "AMM pools (constant product, constant sum): swap quotes and price impact",
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
    name: "runs",
    describe: "stored simulation runs: list, show, diff",
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
];

/** The first argument that names a command, if any (options and their values before it are skipped). */
export function selectedCommand(args: readonly string[]): CommandEntry | undefined {
  for (const a of args) {
    const hit = COMMANDS.find((c) => c.name === a);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Register every command on `y`: the one named in `args` fully (its module is imported), the others as
 * name + description only, which is all yargs needs to list them and to reject unknown commands.
 */
export async function registerCommands(y: Argv, args: readonly string[]): Promise<Argv> {
  const chosen = selectedCommand(args);
  for (const c of COMMANDS) {
    if (c === chosen) y = y.command({ ...(await c.load()), describe: c.describe });
    else y = y.command(c.name, c.describe);
  }
  return y;
}
