/**
 * `execsim amm route` (the split matches the closed-form optimum of two constant-product pools),
 * `execsim amm swap --exact` (Uniswap v2's published integer vectors to the last digit, library and CLI),
 * `--model` long names, and pools-file validation (exit 2 naming the pool and the field).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAmmSwap } from "../../../src/cli/amm-command.js";
import { runAmmSwapConcentrated } from "../../../src/cli/amm-swap-concentrated.js";
import { feeFraction, runAmmSwapExact } from "../../../src/cli/amm-swap-exact.js";
import { parsePoolsConfig } from "../../../src/venues/amm/pools-file.js";
import { routeAcrossPools } from "../../../src/venues/routing/pool-route.js";
import { runExecsim } from "../../helpers/cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "execsim-amm-route-"));
function poolsFile(doc: unknown, name = "pools.json"): string {
  const f = path.join(dir, name);
  writeFileSync(f, JSON.stringify(doc));
  return f;
}
const TWO = {
  pools: [
    { name: "uni-30", model: "constant-product", reserveBase: 400, reserveQuote: 24000000, fee: 0.003 },
    { name: "uni-5", model: "constant-product", reserveBase: 150, reserveQuote: 9015000, fee: 0.0005 },
  ],
};

/** Closed form: pools i buy-side at a common marginal λ have b_i − q_i = √(x_i·b_i/(γ_i·λ)). */
function closedFormBuy(pools: { b: number; x: number; g: number }[], q: number): number[] {
  const s = pools.reduce((a, p) => a + Math.sqrt((p.x * p.b) / p.g), 0);
  const sqrtLambda = s / (pools.reduce((a, p) => a + p.b, 0) - q);
  return pools.map((p) => p.b - Math.sqrt((p.x * p.b) / p.g) / sqrtLambda);
}

describe("execsim amm route", () => {
  it("splits a 10-unit buy as the closed-form optimum does, and the JSON adds up", () => {
    const expected = closedFormBuy(
      [
        { b: 400, x: 24000000, g: 0.997 },
        { b: 150, x: 9015000, g: 0.9995 },
      ],
      10,
    );
    const lib = routeAcrossPools(parsePoolsConfig(TWO), "buy", 10);
    expect(lib.allocations[0]!.qtyBase).toBeCloseTo(expected[0]!, 9);
    expect(lib.allocations[1]!.qtyBase).toBeCloseTo(expected[1]!, 9);
    // uni-30: pays x·q/(γ(b − q)) quote for q base
    const q0 = lib.allocations[0]!.qtyBase;
    expect(lib.allocations[0]!.amountIn).toBeCloseTo((24000000 * q0) / (0.997 * (400 - q0)), 6);
    const r = runExecsim([
      "amm",
      "route",
      "--pools",
      poolsFile(TWO),
      "--side",
      "buy",
      "--qty",
      "10",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      allocations: { pool: string; amountIn: number; amountOut: number }[];
      totalIn: number;
      totalOut: number;
    };
    expect(json.allocations.map((a) => a.pool)).toEqual(["uni-30", "uni-5"]);
    expect(json.totalOut).toBeCloseTo(10, 12);
    expect(json.totalIn).toBeCloseTo(json.allocations[0]!.amountIn + json.allocations[1]!.amountIn, 6);
    expect(json.allocations[0]!.amountOut).toBeCloseTo(expected[0]!, 9);
  });
  it("a pool with only its depth needs --mid; a bad pools file exits 2 naming the pool and field", () => {
    const depthOnly = poolsFile({ pools: [{ name: "d", model: "cp", reserveBase: 100 }] }, "depth.json");
    const noMid = runExecsim(["amm", "route", "--pools", depthOnly, "--side", "sell", "--qty", "1"]);
    expect(noMid.code).toBe(2);
    expect(noMid.stderr).toMatch(/pool "d".*--mid/);
    const withMid = runExecsim([
      "amm",
      "route",
      "--pools",
      depthOnly,
      "--side",
      "sell",
      "--qty",
      "1",
      "--mid",
      "100",
      "--json",
    ]);
    expect(withMid.code).toBe(0);
    // one pool: all of it; sell 1 into (100 base, 10000 quote), γ = 0.997: 10000·0.997/(100 + 0.997)
    expect((JSON.parse(withMid.stdout) as { totalOut: number }).totalOut).toBeCloseTo(9970 / 100.997, 9);
    const cases: [unknown, RegExp][] = [
      [{ pools: [{ name: "a", model: "cp", reserveBase: -1 }] }, /pool "a", field "reserveBase"/],
      [{ pools: [{ name: "a", model: "cp", reserveBase: 1, fee: 1 }] }, /pool "a", field "fee"/],
      [{ pools: [{ name: "a", model: "xyk", reserveBase: 1 }] }, /pool "a", field "model"/],
      [
        {
          pools: [
            { name: "a", model: "cp", reserveBase: 1 },
            { name: "a", model: "cs", reserveBase: 1 },
          ],
        },
        /pool "a", field "name"/,
      ],
      [
        { pools: [{ name: "v", model: "concentrated", liquidity: 5, tickLower: 10, tickUpper: 10 }] },
        /pool "v", field "tickUpper".*empty or inverted/,
      ],
      [
        { pools: [{ name: "v", model: "concentrated", liquidity: 0, tickLower: 1, tickUpper: 10 }] },
        /pool "v", field "liquidity"/,
      ],
      [
        {
          pools: [
            { name: "v", model: "concentrated", ranges: [{ liquidity: 1, priceLower: 9, priceUpper: 3 }] },
          ],
        },
        /pool "v", field "ranges\[0\]\.priceUpper"/,
      ],
    ];
    for (const [doc, re] of cases) {
      expect(() => parsePoolsConfig(doc)).toThrow(re);
    }
    const bad = runExecsim([
      "amm",
      "route",
      "--pools",
      poolsFile(cases[0]![0], "bad.json"),
      "--side",
      "buy",
      "--qty",
      "1",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error \[INVALID_ARGUMENT\]: pools file: pool "a", field "reserveBase"/);
  });
});

describe("execsim amm swap --exact (Uniswap v2 integers)", () => {
  const E18 = 10n ** 18n;
  // UniswapV2Pair swap test cases: [amountIn, reserveIn, reserveOut] × 1e18 → output in wei
  const cases: [bigint, bigint, bigint, string][] = [
    [1n, 5n, 10n, "1662497915624478906"],
    [1n, 10n, 5n, "453305446940074565"],
    [2n, 5n, 10n, "2851015155847869602"],
    [1n, 1000n, 1000n, "996006981039903216"],
  ];
  it("the library call gives the published outputs to the last digit", () => {
    for (const [x, rIn, rOut, out] of cases) {
      const r = runAmmSwapExact({
        model: "cp",
        "reserve-in": String(rIn * E18),
        "reserve-out": String(rOut * E18),
        "amount-in": String(x * E18),
        fee: "0.003",
        exact: true,
      });
      expect(r.amountOut).toBe(out);
      expect(r.reserveOutAfter).toBe(String(rOut * E18 - BigInt(out)));
    }
    expect(feeFraction("0.003")).toEqual({ numerator: 997n, denominator: 1000n });
    expect(feeFraction("0.0005")).toEqual({ numerator: 9995n, denominator: 10000n });
  });
  it("the CLI prints them exactly (floats would not)", () => {
    const [x, rIn, rOut, out] = cases[0]!;
    const r = runExecsim([
      "amm",
      "swap",
      "--exact",
      "--model",
      "constant-product",
      "--reserve-in",
      String(rIn * E18),
      "--reserve-out",
      String(rOut * E18),
      "--amount-in",
      String(x * E18),
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { amountOut: string }).amountOut).toBe(out);
    // getAmountIn for the published output: rounds down + 1
    const back = runExecsim([
      "amm",
      "swap",
      "--exact",
      "--reserve-in",
      String(rIn * E18),
      "--reserve-out",
      String(rOut * E18),
      "--amount-out",
      out,
      "--json",
    ]);
    expect(back.code).toBe(0);
    const amountIn = BigInt((JSON.parse(back.stdout) as { amountIn: string }).amountIn);
    expect(amountIn).toBe((rIn * E18 * BigInt(out) * 1000n) / ((rOut * E18 - BigInt(out)) * 997n) + 1n);
    const badInt = runExecsim([
      "amm",
      "swap",
      "--exact",
      "--reserve-in",
      "1.5",
      "--reserve-out",
      "10",
      "--amount-in",
      "1",
    ]);
    expect(badInt.code).toBe(2);
    expect(badInt.stderr).toMatch(/--reserve-in: with --exact give a whole number/);
  });
  it("--exact --model concentrated runs one v3 swap step: v3-core's SwapMath cases through the CLI", () => {
    const step = (amount: string, target: string) =>
      runExecsim([
        "amm",
        "swap",
        "--exact",
        "--model",
        "concentrated",
        "--sqrt-price",
        String(2n ** 96n), // encodePriceSqrt(1, 1)
        "--sqrt-target",
        target,
        "--liquidity",
        String(2n * E18),
        amount.startsWith("-") ? "--amount-out" : "--amount-in",
        amount.replace("-", ""),
        "--fee",
        "0.0006",
        "--json",
      ]);
    // "exact amount in that gets capped at price target in one for zero": target encodePriceSqrt(101, 100)
    const capped = step(String(E18), "79623317895830914510639640423");
    expect(capped.code).toBe(0);
    expect(JSON.parse(capped.stdout)).toMatchObject({
      amountIn: "9975124224178055",
      feeAmount: "5988667735148",
      amountOut: "9925619580021728",
      sqrtPriceNextX96: "79623317895830914510639640423",
    });
    // "exact amount in that is fully spent in one for zero": target encodePriceSqrt(1000, 100) = √10·2^96
    const spent = step(String(E18), "250541448375047931186413801569");
    expect(JSON.parse(spent.stdout)).toMatchObject({
      amountIn: "999400000000000000",
      feeAmount: "600000000000000",
      amountOut: "666399946655997866",
    });
  });

  it("--model concentrated (floats): one full-range position swaps like the constant-product pool", () => {
    // L = √(base·quote) = √(400 · 24e6); buying 1 base costs 24e6·1/(0.997·399) as in the cp pool
    const fullRange = {
      model: "concentrated",
      liquidity: String(Math.sqrt(400 * 24e6)),
      price: "60000",
      "price-lower": "1e-6",
      "price-upper": "1e12",
      fee: "0.003",
      "reserve-in": 0,
      "reserve-out": 0,
    };
    const r = runAmmSwapConcentrated({ ...fullRange, "amount-out": 1 });
    expect(r.amountIn).toBeCloseTo(24e6 / (0.997 * 399), 6);
    expect(r.feePaid).toBeCloseTo(24e6 / (0.997 * 399) - 24e6 / 399, 6);
    // and back: pay that much, receive 1 base
    const back = runAmmSwapConcentrated({ ...fullRange, "amount-in": r.amountIn });
    expect(back.amountOut).toBeCloseTo(1, 9);
    const cli = runExecsim([
      "amm",
      "swap",
      "--model",
      "concentrated",
      "--liquidity",
      "20000",
      "--price",
      "60000",
      "--tick-lower",
      "110000",
      "--tick-upper",
      "100000",
      "--amount-in",
      "1",
    ]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/field "tickUpper".*empty or inverted/);
  });

  it("--model accepts the pools file's names, cp/cs stay aliases", () => {
    const long = runAmmSwap({
      model: "constant-sum",
      "reserve-in": 50,
      "reserve-out": 100,
      "amount-in": 1,
      fee: 0.003,
    });
    const short = runAmmSwap({
      model: "cs",
      "reserve-in": 50,
      "reserve-out": 100,
      "amount-in": 1,
      fee: 0.003,
    });
    expect(long).toEqual(short);
    expect(() =>
      runAmmSwap({ model: "concentrated", "reserve-in": 5, "reserve-out": 5, "amount-in": 1, fee: 0.003 }),
    ).toThrow(/amm route/);
  });
});
