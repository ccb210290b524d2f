/**
 * createVenue: turn an impact-model name and a parameter object (from the CLI's `--impact` and
 * `--impact-param key=value`, or a config file) into a fresh ExecutionVenue.
 *
 *   book            SyntheticBookVenue (default): latent order book from the candles, walked by every
 *                   child, with refill, transient and permanent impact (book-venue.ts, synthetic-book.ts)
 *   sqrt            SquareRootFillVenue: square-root law with decaying memory
 *   almgren-chriss  AlmgrenChrissFillVenue: temporary ε + η·v, permanent γ·q
 *   propagator      PropagatorFillVenue: linear impact with a power-law (or exponential) decay kernel
 *   none            NoImpactVenue: mid ± half-spread
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
import { DEFAULT_SYNTHETIC_BOOK } from "./synthetic-book.js";

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

/** Parse an impact-model name (case-insensitive; "ac" and "sqrt-law" accepted as aliases). */
export function parseVenueKind(s: string): VenueKind {
  const t = s.trim().toLowerCase();
  const alias: Record<string, VenueKind> = {
    ac: "almgren-chriss",
    "square-root": "sqrt",
    "sqrt-law": "sqrt",
  };
  const k = alias[t] ?? t;
  if ((VENUE_KINDS as readonly string[]).includes(k)) return k as VenueKind;
  throw new ExecsimError(
    "INVALID_ARGUMENT",
    `unknown impact model "${s}": use one of ${VENUE_KINDS.join(", ")} (book is the default)`,
  );
}

/** The documented defaults of a venue kind (every accepted parameter key, with its default value). */
export function venueDefaults(kind: VenueKind): Readonly<Record<string, unknown>> {
  switch (kind) {
    case "book":
      return Object.freeze({ ...DEFAULT_BOOK_VENUE, ...DEFAULT_SYNTHETIC_BOOK });
    case "sqrt":
      return DEFAULT_SQUARE_ROOT_FILL;
    case "almgren-chriss":
      // eta, gamma, epsilon default to rules of thumb derived from the series (null here)
      return Object.freeze({ ...DEFAULT_SPREAD_PARAMS, eta: null, gamma: null, epsilon: null });
    case "propagator":
      return Object.freeze({ ...DEFAULT_PROPAGATOR_FILL, lambda: null });
    case "none":
      return DEFAULT_SPREAD_PARAMS;
  }
}

function checkKeys(kind: VenueKind, params: Record<string, unknown>): void {
  const allowed = Object.keys(venueDefaults(kind));
  for (const k of Object.keys(params)) {
    if (!allowed.includes(k)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `impact model "${kind}" has no parameter "${k}"; accepted: ${allowed.join(", ")}`,
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
  const k = parseVenueKind(kind);
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `impact parameters must be an object of key: value, got ${String(params)}`,
    );
  }
  const p = params as Record<string, unknown>;
  checkKeys(k, p);
  switch (k) {
    case "book":
      return new SyntheticBookVenue(p as Partial<SyntheticBookVenueParams>);
    case "sqrt":
      return new SquareRootFillVenue(p as Partial<SquareRootFillParams>);
    case "almgren-chriss":
      return new AlmgrenChrissFillVenue(p as Partial<AlmgrenChrissFillParams>);
    case "propagator":
      return new PropagatorFillVenue(p as Partial<PropagatorFillParams>);
    case "none":
      return new NoImpactVenue(p);
  }
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
