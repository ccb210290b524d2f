import { describe, expect, it } from "vitest";
import { type AmmSwapArgs, runAmmSwap } from "../../../src/cli/amm-command.js";
import { ExecsimError } from "../../../src/core/errors.js";
import { runExecsim } from "../../helpers/cli.js";
import { expectPrinted } from "./printed-precision.js";

const base: AmmSwapArgs = { model: "cp", "reserve-in": 2480, "reserve-out": 100, fee: 0.003 };

describe("execsim amm swap (library call)", () => {
  it("Table 2's 1 BTC row: 25.1259 ETH in, price impact 1.01314, reserves 2505.1259 / 99", () => {
    const r = runAmmSwap({ ...base, "amount-out": 1 });
    expectPrinted(r.amountIn, "25.1259");
    expectPrinted(r.priceImpact, "1.01314");
    expectPrinted(r.reserveInAfter, "2505.1259");
    expect(r.reserveOutAfter).toBe(99);
    expect(r.invariantAfter).toBeGreaterThan(r.invariantBefore);
  });

  it("constant sum, Table 1's 50 ETH row: price impact 2.006 at any size", () => {
    const r = runAmmSwap({ ...base, model: "CS", "reserve-in": 50, "amount-in": 1 });
    expect(r.model).toBe("cs");
    expect(r.amountOut).toBeCloseTo(0.997, 12);
    expectPrinted(r.priceImpact, "2.006");
  });

  it("rejects a bad model, both or neither amount, bad reserves and fees", () => {
    expect(() => runAmmSwap({ ...base, model: "xyk", "amount-in": 1 })).toThrow(/--model/);
    expect(() => runAmmSwap({ ...base })).toThrow(/exactly one/);
    expect(() => runAmmSwap({ ...base, "amount-in": 1, "amount-out": 1 })).toThrow(/exactly one/);
    expect(() => runAmmSwap({ ...base, "reserve-in": Number.NaN, "amount-in": 1 })).toThrow(/--reserve-in/);
    expect(() => runAmmSwap({ ...base, fee: 1, "amount-in": 1 })).toThrow(/--fee/);
    expect(() => runAmmSwap({ ...base, "amount-out": 100 })).toThrow(ExecsimError);
  });
});

describe("execsim amm swap (process)", () => {
  it("--json prints the report and exits 0; a bad flag exits 2 with the error code on stderr", () => {
    const ok = runExecsim([
      "amm",
      "swap",
      "--reserve-in",
      "100",
      "--reserve-out",
      "100",
      "--amount-in",
      "25",
      "--fee",
      "0",
      "--json",
    ]);
    expect(ok.code).toBe(0);
    const json = JSON.parse(ok.stdout) as Record<string, number>;
    expect(json.amountOut).toBe(20);
    expect(json.priceImpact).toBe(1.25);
    expect(json.reserveInAfter).toBe(125);
    const bad = runExecsim([
      "amm",
      "swap",
      "--reserve-in",
      "100",
      "--reserve-out",
      "100",
      "--amount-in",
      "-1",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/INVALID_ARGUMENT.*--amount-in/);
    expect(bad.stdout).toBe("");
  });
});
