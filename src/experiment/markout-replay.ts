/**
 * The mid path of a simulated parent order after its fills, with the trader's own impact: what a
 * markout of a simulated run measures (tca/markouts.ts).
 *
 * The engine's venue is gone once a run is stored, so its state is rebuilt: a fresh venue of the run's
 * impact model and parameters (config_json `impact`, `impactParams`) is reset on the run's candles with
 * the parent's random stream (`createRng(seed).fork("market/<UTC day of its start>")`: the stream
 * simulate() gave it, as batch parents are keyed by that day, by id when generated, by `marketKey` when
 * given), the
 * stored fills are executed again at their times and quantities (a fill that a limit cut short was
 * executed as its filled quantity, which walks the same book), and the venue's `mid()` (historical mid on
 * the sub-bar path + own permanent + decayed transient impact) is read at each requested time, every
 * event in time order (a read at the time of a fill comes before the fill).
 * The replay reproduces the engine's state up to float rounding: the engine also advances the venue at
 * bar closes, and an exponential refill applied in several steps rounds differently from one step.
 * Times beyond the loaded candles give NaN.
 */
import { ExecsimError } from "../core/errors.js";
import type { ExecutionVenue } from "../core/execution-types.js";
import { isoUtc } from "../core/interval.js";
import type { CandleSeries } from "../core/market-types.js";
import { createRng } from "../core/rng.js";
import type { StoredExecution, StoredFill } from "../store/execution-queries.js";
import type { MarkoutParent, MidPath } from "../tca/markouts.js";
import { createVenue } from "../venues/venue-factory.js";

/**
 * The venue a simulated run used, from its stored config (a parent's own parameters when the config
 * records them: a calibrated model's regimes, `impactParamsByParent`, spread defaults included);
 * INVALID_CONFIG when the config does not say.
 */
export function venueFactoryOfRun(runId: number, config: unknown): (parentId?: string) => ExecutionVenue {
  const c = config as {
    impact?: unknown;
    impactParams?: unknown;
    impactParamsByParent?: unknown;
    spread?: { source?: unknown; tickSize?: unknown };
  } | null;
  if (typeof c?.impact !== "string")
    throw new ExecsimError(
      "INVALID_CONFIG",
      `run ${runId} stores no impact model in its config, so its own-impact mid path cannot be rebuilt for markouts`,
    );
  const params = { ...((c.impactParams ?? {}) as Record<string, unknown>) };
  // a run on a symbol with a known tick stored the spread its venue used (spread-defaults.ts)
  if (params.spread === undefined && typeof c.spread?.source === "string" && c.spread.source !== "n/a")
    params.spread = c.spread.source;
  if (params.tickSize === undefined && typeof c.spread?.tickSize === "number")
    params.tickSize = c.spread.tickSize;
  const byParent = (c.impactParamsByParent ?? {}) as Record<string, Record<string, unknown>>;
  const make = (parentId?: string) =>
    createVenue(c.impact as string, {
      ...((parentId === undefined ? undefined : byParent[parentId]) ?? params),
    });
  make(); // an unknown model or parameter fails here, before any replay
  return make;
}

/** What a replay needs of an execution (a stored one, or an in-memory one: the closed loop's). */
export interface ReplayedExecution {
  readonly parent: StoredExecution["parent"];
  readonly fills: readonly Pick<StoredFill, "timeMs" | "sideSign" | "qtyBase">[];
}

/**
 * MidPath of simulated parents: replays each parent's stored fills on a fresh venue and reads `read`
 * (default the venue's mid with own impact; calibration reads the own impact alone, P + T) at each time.
 */
export function replayMidPath(
  series: CandleSeries,
  seed: string,
  makeVenue: (parentId?: string) => ExecutionVenue,
  executions: readonly ReplayedExecution[],
  read: (venue: ExecutionVenue) => number = (v) => v.mid(),
): MidPath {
  const byId = new Map(executions.map((e) => [e.parent.id, e]));
  const lastClose = series.length > 0 ? series.openTimeMs[series.length - 1]! + series.intervalMs : 0;
  const root = createRng(seed);
  return (p: MarkoutParent, times: readonly number[]) => {
    const e = byId.get(p.parentId);
    const out = new Float64Array(times.length).fill(Number.NaN);
    if (!e) return out;
    const venue = makeVenue(e.parent.id);
    venue.reset(series, root.fork(`market/${isoUtc(e.parent.startMs).slice(0, 10)}`));
    const order = times.map((_, i) => i).sort((a, b) => times[a]! - times[b]!);
    let k = 0;
    const readUntil = (t: number) => {
      // reads strictly before t (reads at a fill's time come before the fill)
      for (; k < order.length && times[order[k]!]! < t; k++) {
        const tq = times[order[k]!]!;
        if (tq > lastClose) continue;
        venue.advanceTo(tq);
        out[order[k]!] = read(venue);
      }
    };
    for (const f of e.fills) {
      readUntil(f.timeMs + 1);
      // reads at exactly f.timeMs were taken above, before this fill
      venue.advanceTo(f.timeMs);
      venue.execute(f.sideSign === 1 ? "buy" : "sell", f.qtyBase);
    }
    readUntil(Number.POSITIVE_INFINITY);
    return out;
  };
}
