/**
 * Naming a stored calibrated model (issue 18): `model:NAME` (the latest version) or `model:NAME@3`
 * in `--impact` (compare, run, sweep) and `--model` (estimate, schedule); `NAME[@V]` in `execsim
 * models show`. Parsing only (no store access): resolveModelRef (model-by-name.ts) looks it up.
 */
import { ExecsimError } from "../core/errors.js";
import { validateModelName } from "../store/model-store.js";

/** A stored model's name and, optionally, its version (latest when absent). */
export interface ModelRef {
  readonly name: string;
  readonly version?: number;
}

export const MODEL_SPEC_PREFIX = "model:";

/** True when `text` names a stored model (`model:...`), not a built-in impact model or a file. */
export function isModelSpec(text: string | undefined | null): text is string {
  return typeof text === "string" && text.trim().toLowerCase().startsWith(MODEL_SPEC_PREFIX);
}

/** `NAME` or `NAME@V` (V a whole number >= 1) → a ModelRef; `what` names the flag in errors. */
export function parseModelRef(text: string, what = "model"): ModelRef {
  const t = String(text).trim();
  const at = t.lastIndexOf("@");
  const name = at < 0 ? t : t.slice(0, at);
  if (name === "")
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${what}: name a stored model, e.g. model:btc-sqrt or model:btc-sqrt@2 (\`execsim models list\` shows them), got "${text}"`,
    );
  try {
    validateModelName(name);
  } catch (e) {
    throw new ExecsimError("INVALID_ARGUMENT", `${what}: ${(e as Error).message}`);
  }
  if (at < 0) return { name };
  const v = t.slice(at + 1);
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v)))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${what}: the version after "@" must be a whole number >= 1 (e.g. ${name}@2), got "${v}"`,
    );
  return { name, version: Number(v) };
}

/** `model:NAME[@V]` → a ModelRef (throws INVALID_ARGUMENT without the prefix or with a bad name / version). */
export function parseModelSpec(text: string, what = "--impact"): ModelRef {
  if (!isModelSpec(text))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${what}: a stored model is named model:NAME or model:NAME@VERSION, got "${text}"`,
    );
  return parseModelRef(text.trim().slice(MODEL_SPEC_PREFIX.length), what);
}

/** The canonical text of a resolved reference: `model:NAME@V`. */
export function formatModelSpec(name: string, version: number): string {
  return `${MODEL_SPEC_PREFIX}${name}@${version}`;
}
