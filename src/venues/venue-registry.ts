/**
 * Venues by definition value, the twin of `defineStrategy`: a venue is `defineVenue({name, defaults,
 * validate, create})`, registered under its name (and aliases), and `createVenue(name, params)` finds it
 * here. The built-ins (book, sqrt, almgren-chriss, propagator, none) and the AMM routing venue register
 * this way (venue-factory.ts, routing/routed-venue-definition.ts); a user's venue file — a module whose
 * default export is `defineVenue({...})` — loads with `loadVenueFile` (or `--impact ./my-venue.ts`) and is
 * registered under its path.
 *
 * defaults: every accepted parameter key with its default (an unknown key is an error that lists them);
 * validate(params): throw on bad values (optional: the venue's constructor may check instead);
 * create(params): a fresh venue (the engine makes one per (strategy, parent) pair).
 */
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ExecsimError } from "../core/errors.js";
import type { ExecutionVenue } from "../core/execution-types.js";

export interface VenueDefinition<P extends object = Record<string, unknown>> {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly description?: string;
  /** Every accepted parameter with its default (null: derived at run time). */
  readonly defaults: Readonly<P>;
  validate?(params: Partial<P>): void;
  create(params: Partial<P>): ExecutionVenue;
}

export interface DefinedVenue<P extends object = Record<string, unknown>> extends VenueDefinition<P> {
  readonly kind: "venue";
}

export function defineVenue<P extends object>(def: VenueDefinition<P>): DefinedVenue<P> {
  if (typeof def?.name !== "string" || def.name.trim() === "") {
    throw new ExecsimError("INVALID_CONFIG", "defineVenue needs a non-empty name");
  }
  if (def.defaults === null || typeof def.defaults !== "object") {
    throw new ExecsimError(
      "INVALID_CONFIG",
      `venue "${def.name}": defaults must be an object of every parameter`,
    );
  }
  if (typeof def.create !== "function") {
    throw new ExecsimError("INVALID_CONFIG", `venue "${def.name}": create(params) must be a function`);
  }
  return Object.freeze({ ...def, kind: "venue" as const });
}

const registry = new Map<string, DefinedVenue>();
const order: string[] = [];

/** Register (or replace) a venue under its name and aliases (lower case). */
export function registerVenue<P extends object>(def: DefinedVenue<P>): DefinedVenue<P> {
  const d = def as unknown as DefinedVenue;
  const name = d.name.trim().toLowerCase();
  if (!registry.has(name)) order.push(name);
  registry.set(name, d);
  for (const a of d.aliases ?? []) registry.set(a.trim().toLowerCase(), d);
  return def;
}

/** The definition registered under a name or alias (case-insensitive), or undefined. */
export function findVenue(name: string): DefinedVenue | undefined {
  return registry.get(String(name).trim().toLowerCase());
}

/** Registered venue names (not aliases), in registration order. */
export function registeredVenueNames(): string[] {
  return [...order];
}

export function isVenuePath(spec: string): boolean {
  return /^(\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/])/.test(spec) || /\.(c|m)?(t|j)s$/i.test(spec);
}

/** Import a venue file (default export: defineVenue({...})) and register it under `spec` (its path). */
export async function loadVenueFile(spec: string, baseDir = process.cwd()): Promise<DefinedVenue> {
  const key = spec.trim();
  const known = findVenue(key);
  if (known) return known;
  const abs = isAbsolute(key) ? key : resolve(baseDir, key);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    throw new ExecsimError(
      "NOT_FOUND",
      `could not load venue ${key}: ${(e as Error).message} (check the path, that the file compiles and its imports resolve)`,
    );
  }
  const def = mod.default as DefinedVenue | undefined;
  if (def?.kind !== "venue") {
    throw new ExecsimError(
      "INVALID_CONFIG",
      `venue file ${key} must \`export default defineVenue({ name, defaults, validate, create })\``,
    );
  }
  registry.set(key.toLowerCase(), def);
  return def;
}
