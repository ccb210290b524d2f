/** `execsim amm route`: split one order across the pools of a pools file (no book) and print the route. */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import type { Side } from "../core/market-types.js";
import { formatTable } from "../report/format-table.js";
import { loadPoolsFile } from "../venues/amm/pools-file.js";
import { type PoolRoute, routeAcrossPools } from "../venues/routing/pool-route.js";
import { type GlobalArgs, printJson } from "./cli-helpers.js";

interface AmmRouteArgs extends GlobalArgs {
  pools: string;
  side: string;
  qty: number;
  mode: string;
  step?: number;
  mid?: number;
}

function printRoute(r: PoolRoute): void {
  const [inUnit, outUnit] = r.side === "buy" ? ["quote", "base"] : ["base", "quote"];
  const table = formatTable(
    [
      "pool",
      "model",
      "fee",
      "qty base",
      `in (${inUnit})`,
      `out (${outUnit})`,
      "pool fee (quote)",
      "price before",
      "marginal after",
    ],
    r.allocations.map((a) => [
      a.pool,
      a.model,
      a.fee,
      a.qtyBase,
      a.amountIn,
      a.amountOut,
      a.feeQuote,
      a.priceBefore,
      Number.isNaN(a.marginalPrice) ? "-" : a.marginalPrice,
    ]),
  );
  process.stdout.write(
    `${r.mode} route, ${r.side} ${r.qtyBase} base\n${table}\n` +
      `total in ${r.totalIn} ${inUnit}, total out ${r.totalOut} ${outUnit}, average price ${r.avgPrice}` +
      `${r.unfilledQtyBase > 0 ? `; ${r.unfilledQtyBase} base could not be routed (the pools ran dry)` : ""}\n`,
  );
}

export const ammRouteCommand: CommandModule<object, AmmRouteArgs> = {
  command: "route",
  describe:
    "split one order across the pools of a pools file at least cost (fees included) and print the route",
  builder: (y: Argv) =>
    y
      .option("pools", {
        type: "string",
        demandOption: true,
        describe: "pools file (JSON; see README, AMM routing)",
      })
      .option("side", {
        type: "string",
        demandOption: true,
        choices: ["buy", "sell"],
        describe: "buy or sell base",
      })
      .option("qty", { type: "number", demandOption: true, describe: "order size in base units" })
      .option("mode", {
        type: "string",
        default: "optimal",
        choices: ["optimal", "step"],
        describe: "optimal (equal marginal prices) or step (fixed-step greedy split)",
      })
      .option("step", {
        type: "number",
        describe: "step router chunk as a fraction of the order (default 0.05)",
      })
      .option("mid", {
        type: "number",
        describe: "price (quote per base) for pools that give only reserveBase",
      })
      .example(
        "$0 amm route --pools pools.json --side buy --qty 10 --json",
        "the optimal split of a 10-unit buy",
      ) as unknown as Argv<AmmRouteArgs>,
  handler: (argv) => {
    if (!Number.isFinite(argv.qty)) throw new ExecsimError("INVALID_ARGUMENT", "--qty must be a number");
    const config = loadPoolsFile(argv.pools);
    const r = routeAcrossPools(config, argv.side as Side, argv.qty, {
      mode: argv.mode as "optimal" | "step",
      ...(argv.step !== undefined ? { step: argv.step } : {}),
      ...(argv.mid !== undefined ? { mid: argv.mid } : {}),
    });
    if (argv.json) printJson(r);
    else printRoute(r);
  },
};
