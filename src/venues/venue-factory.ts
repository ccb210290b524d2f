/**
 * createVenue: turn an impact-model name and a parameter object (from the CLI's `--impact` and
 * `--impact-param key=value`, or a config file) into a fresh ExecutionVenue. Venues are looked up in the
 * registry (venue-registry.ts: defineVenue / registerVenue / loadVenueFile), where the built-ins below
 * register by definition value like a user's venue file.
 *
 *   book            SyntheticBookVenue (default): latent order book from the candles, walked by every
 *                   child, with refill, transient and permanent impact (book-venue.ts, synthetic-book.ts)
 *   sqrt            SquareRootFillVenue: square-root law with decaying memory
 *   almgren-chriss  AlmgrenChrissFillVenue: temporary ε + η·v, permanent γ·q
 *   propagator      PropagatorFillVenue: linear impact with a power-law (or exponential) decay kernel
 *   none            NoImpactVenue: mid ± half-spread
 *   routed          RoutedVenue: a book venue plus AMM pools from a pools file (routing/routed-venue.ts)
 * (parametric-venues.ts documents the formulas.)
 *
 * Parameters are validated here once: an unknown key is an INVALID_ARGUMENT error that lists the
 * accepted keys (a typo must not silently fall back to a default), and every value is checked by the
 * venue's constructor. Defaults are `venueDefaults(kind)`; `describe()` of the venue returns the
 * resolved parameters, which the engine stores with the run. Each call returns a new venue: the engine
 * makes one per (strategy, parent order).
 */
import { ExecsimError } from "../core/errors.js";
import type { ExecutionVenue } from "../core/execution-types.js";
import { DEFAULT_BOOK_VENUE, SyntheticBookVenue, type SyntheticBookVenueParams } from "./book-venue.js";
import {
  type AlmgrenChrissFillParams,
  AlmgrenChrissFillVenue,
  DEFAULT_PROPAGATOR_FILL,
  DEFAULT_SPREAD_PARAMS,
  DEFAULT_SQUARE_ROOT_FILL,
  NoImpactVenue,
  type PropagatorFillParams,
  PropagatorFillVenue,
  type SquareRootFillParams,
  SquareRootFillVenue,
} from "./parametric-venues.js";
import { registerRoutedVenue } from "./routing/routed-venue-definition.js";
import { DEFAULT_SYNTHETIC_BOOK } from "./synthetic-book.js";
import {
  type DefinedVenue,
  defineVenue,
  findVenue,
  isVenuePath,
  registeredVenueNames,
  registerVenue,
} from "./venue-registry.js";

export const VENUE_KINDS = ["book", "sqrt", "almgren-chriss", "propagator", "none"] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];
export const DEFAULT_VENUE_KIND: VenueKind = "book";

export interface VenueParamsByKind {
  book: Partial<SyntheticBookVenueParams>;
  sqrt: Partial<SquareRootFillParams>;
  "almgren-chriss": Partial<AlmgrenChrissFillParams>;
  propagator: Partial<PropagatorFillParams>;
  none: Partial<typeof DEFAULT_SPREAD_PARAMS>;
}

// The built-in venues, registered by definition value like any user venue (venue-registry.ts).
registerVenue(
  defineVenue<Partial<SyntheticBookVenueParams>>({
    name: "book",
    description: "synthetic order book from the candles, with refill, transient and permanent impact",
    defaults: Object.freeze({ ...DEFAULT_BOOK_VENUE, ...DEFAULT_SYNTHETIC_BOOK }),
    create: (p) => new SyntheticBookVenue(p),
  }),
);
registerVenue(
  defineVenue<Partial<SquareRootFillParams>>({
    name: "sqrt",
    aliases: ["square-root", "sqrt-law"],
    description: "square-root law with decaying memory",
    defaults: DEFAULT_SQUARE_ROOT_FILL,
    create: (p) => new SquareRootFillVenue(p),
  }),
);
registerVenue(
  defineVenue<Record<string, unknown>>({
    name: "almgren-chriss",
    aliases: ["ac"],
    description: "temporary ε + η·v, permanent γ·q",
    // eta, gamma, epsilon default to rules of thumb derived from the series (null here)
    defaults: Object.freeze({ ...DEFAULT_SPREAD_PARAMS, eta: null, gamma: null, epsilon: null }),
    create: (p) => new AlmgrenChrissFillVenue(p as Partial<AlmgrenChrissFillParams>),
  }),
);
registerVenue(
  defineVenue<Record<string, unknown>>({
    name: "propagator",
    description: "linear impact with a power-law (or exponential) decay kernel",
    defaults: Object.freeze({ ...DEFAULT_PROPAGATOR_FILL, lambda: null }),
    create: (p) => new PropagatorFillVenue(p as Partial<PropagatorFillParams>),
  }),
);
registerVenue(
  defineVenue<Record<string, unknown>>({
    name: "none",
    description: "mid ± half-spread, no impact",
    defaults: DEFAULT_SPREAD_PARAMS as unknown as Record<string, unknown>,
    create: (p) => new NoImpactVenue(p),
  }),
);
registerRoutedVenue();

/**
 * Parse an impact-model name (case-insensitive; aliases such as "ac" and "sqrt-law" accepted): any
 * registered venue, or the path of a venue file (kept as given; load it with loadVenueFile first).
 */
export function parseVenueKind(s: string): VenueKind {
  const t = String(s).trim();
  if (isVenuePath(t)) return t as VenueKind;
  const def = findVenue(t);
  if (def) return def.name as VenueKind;
  throw new ExecsimError(
    "INVALID_ARGUMENT",
    `unknown impact model "${s}": use one of ${registeredVenueNames().join(", ")} (book is the default), or a venue file (./my-venue.ts)`,
  );
}

function definitionOf(kind: string): DefinedVenue {
  const def = findVenue(parseVenueKind(kind));
  if (def === undefined) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `venue file "${kind}" is not loaded: load it with loadVenueFile (the CLI and runBatch do) before creating it`,
    );
  }
  return def;
}

/** The documented defaults of a venue kind (every accepted parameter key, with its default value). */
export function venueDefaults(kind: VenueKind | string): Readonly<Record<string, unknown>> {
  return definitionOf(kind).defaults as Readonly<Record<string, unknown>>;
}

function checkKeys(def: DefinedVenue, params: Record<string, unknown>): void {
  const allowed = Object.keys(def.defaults);
  for (const k of Object.keys(params)) {
    if (!allowed.includes(k)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `impact model "${def.name}" has no parameter "${k}"; accepted: ${allowed.join(", ")}`,
      );
    }
  }
}

/**
 * A fresh venue of the given kind. `params` may be partial (defaults fill the rest) and may come from
 * untyped input (CLI key=value pairs, JSON): keys are checked, values validated by the venue.
 */
export function createVenue<K extends VenueKind>(
  kind: K | string,
  params: VenueParamsByKind[K] | Record<string, unknown> = {},
): ExecutionVenue {
  const def = definitionOf(kind);
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `impact parameters must be an object of key: value, got ${String(params)}`,
    );
  }
  const p = params as Record<string, unknown>;
  checkKeys(def, p);
  def.validate?.(p);
  return def.create(p);
}

/**
 * Parse CLI-style `key=value` pairs into a parameter object: numbers become numbers, true/false
 * booleans, anything else stays a string (the venue validates it).
 */
export function parseVenueParams(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const i = pair.indexOf("=");
    if (i <= 0) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `impact parameter "${pair}" must look like key=value (e.g. depthScale=0.5)`,
      );
    }
    const key = pair.slice(0, i).trim();
    const raw = pair.slice(i + 1).trim();
    let v: unknown = raw;
    if (raw === "true") v = true;
    else if (raw === "false") v = false;
    else if (raw !== "" && Number.isFinite(Number(raw))) v = Number(raw);
    else if (raw === "Infinity") v = Number.POSITIVE_INFINITY;
    out[key] = v;
  }
  return out;
}
