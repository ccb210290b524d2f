/**
 * AMM route: a time-sliced schedule whose every child order names its route, so the router splits it
 * between the book and the AMM pools of the run (`--pools FILE`). It shows the per-child `route` of
 * ChildOrderRequest: the run's routing mode applies to children that name none, this strategy names one.
 *
 * Schedule: N equal time steps over the horizon (slices, or one per bar when 0); at step k the child is
 * the unscheduled remainder / (N − k), so cut or partial children are made up later. Routing: each child
 * goes with `route` (a mode: book, pools, optimal, step; or a venue name such as a pool's), except that a
 * child below `bookBelow` base units goes to the book alone (small orders skip the pools' fees).
 *
 * Parameters (defaults): slices (0 = one per bar), route ("" = name none: the run's mode), bookBelow
 * (0 = never). Limitations: a route other than "book" needs a run with pools (the engine refuses it).
 */
import { defineStrategy, ExecsimError, type StrategyContext } from "../src/strategy.js";

export interface AmmRouteParams {
  slices: number;
  route: string;
  bookBelow: number;
}

export const ammRoute = defineStrategy<AmmRouteParams>({
  name: "amm-route",
  description: "equal time slices, each child routed across the book and the AMM pools",
  defaults: { slices: 0, route: "", bookBelow: 0 },
  validate: (p) => {
    if (!(Number.isInteger(p.slices) && p.slices >= 0))
      throw new ExecsimError(
        "INVALID_CONFIG",
        `amm-route slices must be a whole number >= 0, got ${p.slices}`,
      );
    if (typeof p.route !== "string")
      throw new ExecsimError(
        "INVALID_CONFIG",
        "amm-route route must name a routing mode or a venue (or be empty)",
      );
    if (!(p.bookBelow >= 0))
      throw new ExecsimError("INVALID_CONFIG", `amm-route bookBelow must be >= 0, got ${p.bookBelow}`);
  },
  create: (p) => {
    let n = 0;
    let k = 0;
    let stepMs = 0;
    const fire = (ctx: StrategyContext): void => {
      const q = ctx.parent.unscheduledQtyBase / (n - k);
      const route = q < p.bookBelow ? "book" : p.route;
      if (q > 0) ctx.submit({ qtyBase: q, tag: `route-${k}`, ...(route !== "" ? { route } : {}) });
      k++;
      if (k < n) ctx.setTimer(ctx.parent.startMs + k * stepMs, "slice");
    };
    return {
      start(ctx) {
        const horizon = ctx.parent.horizonMs;
        n = p.slices > 0 ? p.slices : Math.max(1, Math.floor(horizon / ctx.market.intervalMs));
        stepMs = horizon / n;
        k = 0;
        fire(ctx);
      },
      onTimer(ctx) {
        fire(ctx);
      },
    };
  },
});

export default ammRoute;
