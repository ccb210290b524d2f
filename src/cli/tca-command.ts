/** `execsim tca --run ID`: post-trade TCA of a stored run (imported or simulated) with markouts. */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { parseMarkoutHorizons, postTradeTca } from "../experiment/post-trade-tca.js";
import { fixedOrDash as fixed, markoutTable } from "../report/post-trade-tables.js";
import { parentRowsFromStored, parentTable } from "../report/tca-tables.js";
import { DEFAULT_MARKOUT_HORIZONS } from "../tca/markouts.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { requireExistingStore } from "./store-guard.js";

type TcaArgs = GlobalArgs & { run: string; markouts: string };

export const tcaCommand: CommandModule<GlobalArgs, TcaArgs> = {
  command: "tca",
  describe: "post-trade TCA of a stored run (imported or simulated): cost decomposition and markouts",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("run", { type: "string", demandOption: true, describe: "run id (see `execsim runs list`)" })
      .option("markouts", {
        type: "string",
        default: DEFAULT_MARKOUT_HORIZONS.join(","),
        describe: "markout horizons after each fill and after each parent's end, comma-separated",
      })
      .example("$0 tca --run 7", "decomposition and markouts at 1m, 5m, 30m, 1h, 1d")
      .example("$0 tca --run 7 --markouts 10s,1m,1h --json", "other horizons, as JSON")
      .epilogue(
        "Costs are in bps of each parent's arrival notional (qty × arrival mid), positive when they hurt. " +
          "Markouts: s·(mid(t + h) − reference)/reference·10⁴ (s = +1 buy, −1 sell), positive = adverse (the price " +
          "went on in the trade's direction); per parent 'end / fills': the mid h after its end vs its arrival mid, " +
          "and the quantity-weighted mean over its fills vs the mid at each fill. The long-horizon value is the " +
          "part of the impact that stayed (permanent); what the short horizons show above it came back (transient). " +
          "The markouts are stored in the markouts table.",
      ) as unknown as Argv<TcaArgs>,
  handler: async (argv) => {
    const id = /^\s*\d+\s*$/.test(String(argv.run)) ? Number(argv.run) : Number.NaN;
    if (!(Number.isSafeInteger(id) && id > 0))
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `--run: a run id is a whole number > 0 (see \`execsim runs list\`), got "${argv.run}"`,
      );
    const horizons = argv.markouts.split(",");
    parseMarkoutHorizons(horizons);
    requireExistingStore(argv);
    const t = await withStore(argv, (store) => postTradeTca(store, id, { horizons }));
    if (argv.json) {
      const { config: _c, ...run } = t.run;
      printJson({ ...t, run });
      return;
    }
    const r = t.run;
    const tot = t.totals;
    const lines = [
      `run ${r.id} (${r.source}, ${r.strategy}) ${r.symbol} ${r.category} ${r.interval}: ${tot.parents} parent order(s), ` +
        `${fixed((tot.filledQtyBase / tot.qtyBase) * 100, 1)}% filled`,
      "",
      parentTable(parentRowsFromStored(t.parents)),
      "",
      `run: IS ${fixed(tot.bps.total)} bps = spread ${fixed(tot.bps.spread)} + impact ${fixed(tot.bps.impact)} + ` +
        `timing ${fixed(tot.bps.timing)} + fees ${fixed(tot.bps.fees)} + opportunity ${fixed(tot.bps.opportunity)} ` +
        `(bps of ${fixed(tot.arrivalNotionalQuote)} quote arrival notional); mean VWAP slippage ` +
        `${fixed(tot.meanVwapSlippageBps)} bps, TWAP ${fixed(tot.meanTwapSlippageBps)} bps, participation ` +
        `${fixed(tot.meanParticipationRate === null ? null : tot.meanParticipationRate * 100)}%`,
      "",
      `Markouts, bps, positive = adverse (parent end vs arrival / mean of its fills; mid: ${t.midModel}):`,
      markoutTable(t),
      ...t.notes.map((n) => `note: ${n}`),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  },
};
