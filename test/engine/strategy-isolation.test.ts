/**
 * Isolation of strategies from the future and from each other (issue 10), with the hostile fixtures
 * in test/strategies/hostile/: a strategy that digs for bars that have not closed finds nothing, one
 * that writes into every array it can reach leaves another strategy's results bit-identical, and one
 * that assigns to its parent state cannot trade more than the parent.
 */
import { describe, expect, it } from "vitest";
import { createVenue, loadStrategy, type ParentExecution, simulate } from "../../src/index.js";
import { DAY, longSeries, parent, spec } from "../helpers/engine-fixtures.js";
import { found } from "../strategies/hostile/peek-future.js";

const HOSTILE = new URL("../strategies/hostile/", import.meta.url);
const hostile = (file: string) => loadStrategy(new URL(file, HOSTILE).pathname);

const series = longSeries();
const parents = [
  parent({ id: "a", startMs: DAY(2, 1), endMs: DAY(2, 3) }),
  parent({ id: "b", side: "sell", qtyBase: 4, startMs: DAY(2, 4), endMs: DAY(2, 6) }),
];

/** Everything a run produced, as one string (bit-exact: numbers printed by JSON keep every bit). */
function fingerprint(rs: readonly ParentExecution[]): string {
  return JSON.stringify(
    rs.map((e) => ({ ...e, children: e.children, fills: e.fills })),
    (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v),
  );
}

describe("strategy isolation", () => {
  it("a strategy digging for future bars through the context finds none", async () => {
    const peek = await hostile("peek-future.ts");
    found.length = 0;
    const [r] = simulate(spec(series, [parents[0]!], [peek]));
    expect(r!.status, r!.error).toBe("completed");
    expect(found).toEqual([]);
  });

  it("writing into everything the view hands out leaves another strategy's results bit-identical", async () => {
    const twap = await loadStrategy("twap");
    const poison = await hostile("poison-buffers.ts");
    const book = () => createVenue("book", {});
    const alone = simulate({ ...spec(series, parents, [twap]), createVenue: book });
    const withPoison = simulate({ ...spec(series, parents, [poison, twap]), createVenue: book });
    expect(withPoison.slice(0, 2).map((e) => e.status)).toEqual(["completed", "completed"]);
    expect(fingerprint(withPoison.slice(2))).toBe(fingerprint(alone));
    // and the series itself is untouched
    expect(series.close.every((x) => x < 1e59)).toBe(true);
  });

  it("assigning to the parent state changes nothing: the run trades at most the parent's quantity", async () => {
    const mutate = await hostile("mutate-parent.ts");
    const [r] = simulate(spec(series, [parents[0]!], [mutate]));
    expect(r!.status, r!.error).toBe("completed");
    expect(r!.parent.qtyBase).toBe(10);
    expect(r!.filledQtyBase).toBeCloseTo(10, 9);
    expect(r!.fills.reduce((a, f) => a + f.qtyBase, 0)).toBeCloseTo(10, 9);
  });

  it("the context, its parent and its market view are frozen; onFill gets a frozen record", () => {
    const seen: boolean[] = [];
    simulate(
      spec(
        series,
        [parents[0]!],
        [
          {
            name: "probe",
            create: () => ({
              name: "probe",
              start(ctx) {
                seen.push(Object.isFrozen(ctx), Object.isFrozen(ctx.parent), Object.isFrozen(ctx.market));
                // and their prototypes, shared by every run: no redefining another strategy's context
                const protos = [ctx, ctx.parent, ctx.market].map((o) => Object.getPrototypeOf(o));
                seen.push(protos.every((p) => Object.isFrozen(p)));
                ctx.submit({ qtyBase: 1 });
              },
              onFill(_ctx, fill) {
                seen.push(Object.isFrozen(fill));
              },
            }),
          },
        ],
      ),
    );
    expect(seen).toEqual([true, true, true, true, true]);
  });

  it("history(n) copies only the last n closed bars", () => {
    const got: number[][] = [];
    simulate(
      spec(
        series,
        [parents[0]!],
        [
          {
            name: "h",
            create: () => ({
              name: "h",
              start(ctx) {
                const m = ctx.market;
                const h = m.history(3);
                got.push([h.length, h.close.buffer.byteLength, ...h.close]);
                got.push([m.close(m.length - 3), m.close(m.length - 2), m.close(m.length - 1)]);
                expect(() => m.history(-1)).toThrow(/whole number/);
              },
            }),
          },
        ],
      ),
    );
    expect(got[0]!.slice(0, 2)).toEqual([3, 24]);
    expect(got[0]!.slice(2)).toEqual(got[1]);
  });
});

describe("a strategy file that exits while loading", () => {
  it("is a config error naming the file, and the process lives on", async () => {
    await expect(hostile("exit-on-create.ts")).rejects.toThrow(
      /exit-on-create\.ts called process\.exit\(0\) while creating it/,
    );
    expect(typeof process.exit).toBe("function");
  });
});
