import { describe, expect, it } from "vitest";
import yargs from "yargs";
import { registerCommands } from "../../src/cli/commands.js";

/** Run `execsim <args> --help` in-process (no child process, nothing executed); returns the help text. */
async function helpOf(args: readonly string[]): Promise<string> {
  let text = "";
  const y = await registerCommands(yargs().scriptName("execsim").exitProcess(false).strict().wrap(110), args);
  await y.parseAsync([...args, "--help"], {}, (_err, _argv, output) => {
    text = output;
  });
  return text;
}

/**
 * Issue 2 "Done when": --help is clear for every command. Each market-data and model command names
 * itself, says what it does, documents its flags with defaults, and (where it takes flags) shows an
 * example; the sub-command groups list their sub-commands.
 */
const LEAVES: [string[], RegExp[]][] = [
  [
    ["data", "fetch"],
    [/--symbol/, /--from/, /--base-url/, /--max-retries/, /Examples:/],
  ],
  [
    ["data", "import"],
    [/<file>/, /--interval/, /--symbol/, /Examples:/],
  ],
  [
    ["data", "generate"],
    [/--seed/, /--days/, /\[default: 42\]|default: "42"/],
  ],
  [
    ["data", "list"],
    [/--symbol/, /gaps/],
  ],
  [
    ["data", "export"],
    [/--out/, /--interval/, /Examples:/],
  ],
  [["schedule"], [/--lambda/, /--sigma/, /--horizon/, /Almgren & Chriss \(2000\)/, /Examples:/]],
  [
    ["models", "show"],
    [/NAME@VERSION/, /Examples:/],
  ],
  [["estimate"], [/--horizons/, /--model/, /\[default: "1m,10m,1h,1d"\]/, /Examples:/]],
  [
    ["amm", "swap"],
    [/--reserve-in/, /--amount-out/, /--fee/, /Examples:/],
  ],
  [
    ["ml", "evaluate"],
    [/--folds/, /--truth/, /--seed/],
  ],
  [
    ["ml", "train"],
    [/--out/, /--model/],
  ],
  [
    ["ml", "predict"],
    [/--model-file/, /--qty/, /--side/],
  ],
];

describe("--help of every data and model command", () => {
  for (const [args, patterns] of LEAVES) {
    it(`execsim ${args.join(" ")} --help documents its flags`, async () => {
      const text = await helpOf(args);
      expect(text).toMatch(new RegExp(`^execsim ${args.join(" ")}`));
      for (const p of patterns) expect(text).toMatch(p);
    });
  }

  it("the groups list their sub-commands", async () => {
    const data = await helpOf(["data"]);
    for (const sub of ["fetch", "import <file>", "generate", "list", "export"])
      expect(data).toContain(`execsim data ${sub}`);
    const ml = await helpOf(["ml"]);
    for (const sub of ["evaluate", "train", "predict"]) expect(ml).toContain(`execsim ml ${sub}`);
    expect(await helpOf(["amm"])).toContain("execsim amm swap");
  });
});
