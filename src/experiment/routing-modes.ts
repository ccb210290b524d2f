/**
 * `--pools FILE --routing book,pools,optimal,step`: every strategy runs once per routing mode on the
 * same parents, labelled with the mode as a parameter (`twap(routing=optimal)`,
 * `is(lambda=1e-5,routing=optimal)`), each mode on its own RoutedVenue (the run's `--impact` venue as the
 * book leg plus fresh pools per (strategy, parent) pair). Without pools nothing changes.
 */
import type { ExecutionVenue } from "../core/execution-types.js";
import type { RunConfig } from "../engine/run-config.js";
import type { LoadedStrategy } from "../engine/strategy-loader.js";
import type { RoutingMode } from "../venues/amm/pools-file.js";
import { RoutedVenue, type RoutedVenueParams } from "../venues/routing/routed-venue.js";
import { createVenue } from "../venues/venue-factory.js";

export interface RoutedGroup {
  readonly mode?: RoutingMode;
  readonly strategies: LoadedStrategy[];
  readonly createVenue: () => ExecutionVenue;
  /** The routing of this mode as plain data (the executor's workers build the same venue from it). */
  readonly routing?: RoutedVenueParams;
}

/** `label` with `routing=mode` added to its parameters. */
export function routedLabel(label: string, mode: RoutingMode): string {
  return label.endsWith(")") ? `${label.slice(0, -1)},routing=${mode})` : `${label}(routing=${mode})`;
}

/**
 * The strategies × modes of a routed run (undefined without pools). `bookParams`: the book leg's
 * parameters (the batch passes the impact parameters with the instrument's spread defaults).
 */
export function expandRoutingModes(
  config: RunConfig,
  strategies: readonly LoadedStrategy[],
  bookParams: Readonly<Record<string, unknown>> = config.impactParams,
): { strategies: LoadedStrategy[]; specs: string[]; groups: RoutedGroup[] } | undefined {
  const pools = config.pools;
  if (pools === undefined) return undefined;
  const all: LoadedStrategy[] = [];
  const specs: string[] = [];
  const groups: RoutedGroup[] = [];
  for (const mode of config.routing ?? ["optimal"]) {
    const group: LoadedStrategy[] = strategies.map((s) => ({ ...s, name: routedLabel(s.name, mode) }));
    const step = config.routingStep;
    const routing: RoutedVenueParams = {
      mode,
      pools,
      takerFeeRate: config.takerFeeRate,
      ...(step !== undefined ? { step } : {}),
    };
    groups.push({
      mode,
      strategies: group,
      createVenue: () => new RoutedVenue(createVenue(config.impact, { ...bookParams }), routing),
      routing,
    });
    all.push(...group);
    specs.push(...config.strategies);
  }
  return { strategies: all, specs, groups };
}
