/**
 * An example user strategy: send `first` of the parent at once, then the rest in equal slices every
 * `everyMin` minutes until the horizon end. It imports only from "execsim/strategy", as every strategy
 * file should; execsim resolves that import to the copy of execsim that loads the file.
 */
import {
  defineStrategy,
  ExecsimError,
  MINUTE_MS,
  type StrategyContext,
  submitToTarget,
} from "execsim/strategy";

export interface FrontLoadedParams {
  first: number;
  everyMin: number;
}

export default defineStrategy<FrontLoadedParams>({
  name: "front-loaded",
  description: "a block up front, then equal slices to the horizon end",
  defaults: { first: 0.4, everyMin: 10 },
  validate: (p) => {
    if (!(p.first >= 0 && p.first <= 1))
      throw new ExecsimError("INVALID_CONFIG", `first must be in [0, 1], got ${p.first}`);
    if (!(p.everyMin > 0))
      throw new ExecsimError("INVALID_CONFIG", `everyMin must be > 0, got ${p.everyMin}`);
  },
  create: (p) => {
    let slices = 0;
    let done = 0;
    return {
      start(ctx: StrategyContext) {
        const par = ctx.parent;
        slices = Math.max(1, Math.floor((par.endMs - par.startMs) / (p.everyMin * MINUTE_MS)) - 1);
        done = 0;
        submitToTarget(ctx, par.qtyBase * p.first, { tag: "block" });
        ctx.setTimer(par.startMs + p.everyMin * MINUTE_MS, "slice");
      },
      onTimer(ctx: StrategyContext) {
        const par = ctx.parent;
        done += 1;
        const target = par.qtyBase * (p.first + ((1 - p.first) * Math.min(done, slices)) / slices);
        submitToTarget(ctx, target, { tag: `slice-${done}` });
        const next = ctx.now + p.everyMin * MINUTE_MS;
        if (done < slices && next < par.endMs) ctx.setTimer(next, "slice");
      },
    };
  },
});
