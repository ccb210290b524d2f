/** `execsim models list|show NAME[@V]`: the stored calibrated impact models (issue 18). */
import type { Argv, CommandModule } from "yargs";
import type { CalibratedModel } from "../calibration/calibrated-model.js";
import { ExecsimError } from "../core/errors.js";
import { isoUtc } from "../core/interval.js";
import { parseModelRef } from "../experiment/model-spec.js";
import { formatTable } from "../report/format-table.js";
import { resolveDbPath } from "../store/database.js";
import { calibratedModelVersions, getCalibratedModel, listCalibratedModels } from "../store/model-store.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { storeExists } from "./store-guard.js";

type ShowArgs = GlobalArgs & { model: string };

const fmt = (x: number | undefined): string =>
  x === undefined || !Number.isFinite(x) ? "-" : Number(x.toPrecision(6)).toString();

const listCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "list",
  describe: "stored calibrated models by name, with their latest version",
  handler: async (argv) => {
    // a read-only command creates no database: none means no models
    const rows = storeExists(argv) ? await withStore(argv, (store) => listCalibratedModels(store)) : [];
    if (argv.json) {
      printJson(rows);
      return;
    }
    process.stdout.write(
      rows.length === 0
        ? "no calibrated models stored yet; fit one with `execsim calibrate --fills FILE --model sqrt --name NAME`\n"
        : `${formatTable(
            ["name", "latest", "versions", "model", "symbol", "regimes", "n", "fitted (UTC)"],
            rows.map((r) => [
              r.name,
              String(r.version),
              r.versions.join(","),
              r.model,
              r.symbol ?? "-",
              String(r.regimes),
              r.n === null ? "-" : String(r.n),
              r.fittedAt.slice(0, 19).replace("T", " "),
            ]),
          )}\nUse one by name: --impact model:NAME (latest) or model:NAME@VERSION; \`execsim models show NAME\` for its parameters.\n`,
    );
  },
};

function printModel(m: CalibratedModel, versions: readonly number[]): void {
  const keys = Object.keys(m.params);
  const lines = [
    `model ${m.name}@${m.version} (${m.model}); versions ${versions.join(", ")}`,
    `data     ${m.symbol ?? "(no symbol)"}, ${isoUtc(m.fromMs)} .. ${isoUtc(m.toMs)}`,
    `source   ${m.source}`,
    `fitted   ${m.fittedAt}`,
    `stats    ${
      Object.entries(m.stats)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(", ") || "-"
    }`,
    "",
    formatTable(
      ["parameter", "value", "std. error"],
      keys.map((k) => [k, fmt(m.params[k]), fmt(m.standardErrors[k])]),
    ),
  ];
  const rule = m.regimeRule;
  if (rule !== null) {
    const bounds = (i: number) =>
      `[${i === 0 ? "0" : fmt(rule.cuts[i - 1])}, ${i === rule.labels.length - 1 ? "∞" : fmt(rule.cuts[i])})`;
    lines.push(
      "",
      `regimes by realized volatility over the ${rule.lookbackMs / 3_600_000} h before each parent's start (fraction per √day):`,
      formatTable(
        ["regime", "volatility", "n", ...keys.flatMap((k) => [k, `${k} SE`])],
        m.regimes.map((r, i) => [
          r.label,
          bounds(i),
          String(r.n),
          ...keys.flatMap((k) => [fmt(r.params[k]), fmt(r.standardErrors[k])]),
        ]),
      ),
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

const showCommand: CommandModule<GlobalArgs, ShowArgs> = {
  command: "show <model>",
  describe: "one calibrated model: parameters with standard errors, regimes, data range, source",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("model", {
        type: "string",
        describe: "NAME (latest version) or NAME@VERSION (model:NAME[@V] is accepted too)",
        demandOption: true,
      })
      .example("$0 models show btc-sqrt", "the latest version of btc-sqrt")
      .example("$0 models show btc-sqrt@1 --json", "version 1, as JSON") as Argv<ShowArgs>,
  handler: async (argv) => {
    const text = String(argv.model).replace(/^model:/i, "");
    const ref = parseModelRef(text, "models show");
    if (!storeExists(argv))
      throw new ExecsimError(
        "NOT_FOUND",
        `no database at ${resolveDbPath(argv.db)}, so no model "${ref.name}"; check --db / EXECSIM_DB (\`execsim models list\`)`,
      );
    const { model, versions } = await withStore(argv, (store) => {
      const model = getCalibratedModel(store, ref.name, ref.version);
      return { model, versions: calibratedModelVersions(store, ref.name).map((m) => m.version) };
    });
    // the library's names at the top level as `calibrate --json` prints them (eta, etaSE, r2, n, ...),
    // then the stored record itself
    if (argv.json)
      printJson({
        ...model.stats,
        ...Object.fromEntries(
          Object.entries(model.params).flatMap(([k, v]) => [
            [k, v],
            [`${k}SE`, model.standardErrors[k] ?? null],
          ]),
        ),
        ...model,
        versions,
      });
    else printModel(model, versions);
  },
};

export const modelsCommand: CommandModule = {
  command: "models <command>",
  builder: (y: Argv) =>
    y
      .command(listCommand as unknown as CommandModule)
      .command(showCommand as unknown as CommandModule)
      .demandCommand(1, "Name a models subcommand: list or show."),
  handler: () => {},
};
