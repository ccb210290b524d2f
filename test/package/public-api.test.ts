import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type ApiSurface, apiSurface, SNAPSHOT } from "../helpers/api-surface.js";

/**
 * Issue 9: the public API is curated and every change to it is deliberate. The surface computed from
 * the sources must equal the committed api/public-api.json (run `npm run api:update` after a change
 * that is meant, and review its diff).
 */
describe("public API surface", () => {
  const surface = apiSurface();

  it("matches the committed snapshot api/public-api.json", () => {
    const committed = JSON.parse(readFileSync(SNAPSHOT, "utf8")) as ApiSurface;
    expect(surface).toEqual(committed);
  });

  it("execsim/strategy is narrow: what a strategy author needs, no store, data or CLI", () => {
    const names = Object.keys(surface["execsim/strategy"] ?? {});
    expect(names).toContain("defineStrategy");
    expect(names).toContain("submitToTarget");
    expect(names.length).toBeLessThan(40);
    for (const n of names) expect(n).not.toMatch(/Database|Sqlite|Bybit|Mlp|Ols|import|fetch/i);
  });

  it("the main entry re-exports everything execsim/strategy has (a strategy may import from either)", () => {
    const main = surface.execsim ?? {};
    for (const [name, kind] of Object.entries(surface["execsim/strategy"] ?? {}))
      expect(main[name]).toBe(kind);
  });
});
