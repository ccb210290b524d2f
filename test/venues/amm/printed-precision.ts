import { expect } from "vitest";

/**
 * Assert `actual` rounds to a value printed in a paper: |actual − printed| <= half a unit in the last
 * printed decimal place (plus float slack). "2.006" allows ±0.0005, "1.00301" ±0.000005.
 */
export function expectPrinted(actual: number, printed: string): void {
  const dot = printed.indexOf(".");
  const decimals = dot < 0 ? 0 : printed.length - dot - 1;
  const tol = 0.5 * 10 ** -decimals * (1 + 1e-9);
  expect(Math.abs(actual - Number(printed)), `${actual} should print as ${printed}`).toBeLessThanOrEqual(tol);
}

/** The opposite: `actual` does not round to `printed` (for a printed value the formula does not give). */
export function expectNotPrinted(actual: number, printed: string): void {
  const dot = printed.indexOf(".");
  const decimals = dot < 0 ? 0 : printed.length - dot - 1;
  expect(Math.abs(actual - Number(printed))).toBeGreaterThan(0.5 * 10 ** -decimals);
}
