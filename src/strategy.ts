/**
 * `execsim/strategy`: everything a strategy author imports, and nothing else. The built-in strategies in
 * strategies/ use only this entry point; a user's strategy file does the same:
 *
 *   import { defineStrategy, submitToTarget } from "execsim/strategy";
 *
 * The context a strategy receives, the schedule helpers, the Almgren-Chriss planner used by the IS and
 * adaptive strategies, the typed error to throw on bad parameters, and the time units.
 */

export { type ErrorCode, ExecsimError, isExecsimError } from "./core/errors.js";
export type { ParentOrder } from "./core/execution-types.js";
export { DAY_MS, HOUR_MS, type Interval, isoUtc, MINUTE_MS } from "./core/interval.js";
export { type Candle, type CandleSeries, type Side, sideSign } from "./core/market-types.js";
export {
  ALMGREN_CHRISS_PLAN_DEFAULTS,
  type AlmgrenChrissPlan,
  type AlmgrenChrissPlanParams,
  planAlmgrenChriss,
  validateAlmgrenChrissPlanParams,
} from "./engine/ac-plan.js";
export { type SliceGrid, sliceGrid, sliceTag, submitToTarget } from "./engine/schedule-grid.js";
export {
  type BarEvent,
  type ChildOrderRequest,
  type DefinedStrategy,
  defineStrategy,
  type ExecutionStrategy,
  isExecutionStrategy,
  type MarketView,
  type ParentOrderState,
  type StrategyContext,
  type StrategyDefinition,
  type StrategyFactory,
} from "./engine/strategy-api.js";
