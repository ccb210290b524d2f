/**
 * The JSON envelope shared by every serialisable ML object (standardizer, OLS, network, predictor):
 *
 *   { "kind": "execsim.ml.<name>", "version": <integer>, ...payload }
 *
 * `kind` says what the object is and `version` which schema it follows; readers accept only the
 * versions they know and throw PARSE_ERROR (with what to fix) on anything else, so a stored model is
 * either loaded exactly or refused, never half-read. Numbers are written as plain JSON numbers:
 * JavaScript prints the shortest decimal that round-trips a double, so weights reload bit-identically.
 * Limitations: no compression; non-finite numbers cannot be stored (JSON has no NaN) and are refused.
 */
import { ExecsimError } from "../../core/errors.js";

export type JsonObject = Record<string, unknown>;

function fail(what: string, hint: string): never {
  throw new ExecsimError("PARSE_ERROR", `${what}: ${hint}`);
}

/** Parse a JSON string or accept an already-parsed value, and check kind and version. */
export function readEnvelope(input: unknown, kind: string, versions: readonly number[]): JsonObject {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (e) {
      fail(kind, `not valid JSON (${(e as Error).message}); pass the text written by toJSON()`);
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(
      kind,
      `expected a JSON object with "kind": "${kind}", got ${Array.isArray(value) ? "an array" : typeof value}`,
    );
  }
  const obj = value as JsonObject;
  if (obj.kind !== kind) {
    fail(
      kind,
      `"kind" is ${JSON.stringify(obj.kind)}, expected "${kind}"; load it with the matching fromJSON`,
    );
  }
  if (typeof obj.version !== "number" || !versions.includes(obj.version)) {
    fail(
      kind,
      `"version" ${JSON.stringify(obj.version)} is not supported; this build reads version ${versions.join(", ")}`,
    );
  }
  return obj;
}

export function readNumber(obj: JsonObject, key: string, kind: string): number {
  const v = obj[key];
  if (typeof v !== "number" || !Number.isFinite(v))
    fail(kind, `"${key}" must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

export function readInteger(obj: JsonObject, key: string, kind: string, min: number): number {
  const v = readNumber(obj, key, kind);
  if (!Number.isInteger(v) || v < min) fail(kind, `"${key}" must be an integer >= ${min}, got ${v}`);
  return v;
}

/** A numeric array of exactly `length` finite values (length undefined: any length >= 1). */
export function readFloatArray(obj: JsonObject, key: string, kind: string, length?: number): Float64Array {
  const v = obj[key];
  if (!Array.isArray(v)) fail(kind, `"${key}" must be an array of numbers`);
  if (length !== undefined && v.length !== length) {
    fail(
      kind,
      `"${key}" has ${v.length} values, expected ${length}; the file is truncated or from another model`,
    );
  }
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== "number" || !Number.isFinite(x))
      fail(kind, `"${key}"[${i}] must be a finite number, got ${JSON.stringify(x)}`);
    out[i] = x;
  }
  return out;
}

export function readStringArray(obj: JsonObject, key: string, kind: string, length?: number): string[] {
  const v = obj[key];
  if (!Array.isArray(v) || !v.every((s) => typeof s === "string"))
    fail(kind, `"${key}" must be an array of strings`);
  if (length !== undefined && v.length !== length)
    fail(kind, `"${key}" has ${v.length} names, expected ${length}`);
  return v as string[];
}

export function readObject(obj: JsonObject, key: string, kind: string): JsonObject {
  const v = obj[key];
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(kind, `"${key}" must be a JSON object`);
  return v as JsonObject;
}

/** Plain array copy of a typed array for JSON.stringify. */
export function toArray(a: ArrayLike<number>): number[] {
  return Array.from(a);
}
