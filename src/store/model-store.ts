/**
 * Versioned calibrated impact models (issue 18): `execsim calibrate` saves them, `execsim models
 * list|show` reads them and `--impact model:NAME[@V]` / `--model model:NAME[@V]` use them by name.
 *
 * A name's versions are 1, 2, ...: saveCalibratedModel() reads the name's highest version and inserts
 * the next one inside one IMMEDIATE (write) transaction, so two concurrent saves under the same name
 * cannot take the same version (the unique index on (name, version) backs this up). Records are
 * immutable once stored: a refit is a new version.
 */
import type {
  CalibratedModel,
  CalibratedModelKind,
  NewCalibratedModel,
  RegimeFit,
  RegimeRule,
} from "../calibration/calibrated-model.js";
import { ExecsimError } from "../core/errors.js";
import type { ExecsimDatabase } from "./database.js";

/** One line of `execsim models list`: a name with its versions. */
export interface CalibratedModelSummary {
  readonly name: string;
  readonly model: CalibratedModelKind;
  /** Latest version. */
  readonly version: number;
  /** All stored versions, ascending. */
  readonly versions: readonly number[];
  readonly symbol: string | null;
  readonly fittedAt: string;
  readonly regimes: number;
  readonly n: number | null;
}

type Raw = Record<string, unknown>;

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A model name: letters, digits, `.`, `_`, `-` (no `@` or `:`, which the `model:NAME@V` spec uses). */
export function validateModelName(name: string): void {
  if (!NAME_RE.test(name) || name.length > 100)
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `model name "${name}" is not valid: use letters, digits, ".", "_" or "-" (at most 100 characters, starting with a letter or digit)`,
    );
}

function toModel(r: Raw): CalibratedModel {
  const fitted = JSON.parse(r.params_json as string) as Pick<CalibratedModel, "params" | "standardErrors">;
  return {
    name: r.name as string,
    version: r.version as number,
    model: r.model as CalibratedModelKind,
    params: fitted.params,
    standardErrors: fitted.standardErrors,
    regimeRule: r.regime_rule_json === null ? null : (JSON.parse(r.regime_rule_json as string) as RegimeRule),
    regimes: JSON.parse(r.regimes_json as string) as RegimeFit[],
    symbol: (r.symbol as string | null) ?? null,
    fromMs: r.from_ms as number,
    toMs: r.to_ms as number,
    fittedAt: r.fitted_at as string,
    source: r.source as string,
    stats: JSON.parse(r.stats_json as string) as Record<string, number>,
  };
}

function checkRecord(m: NewCalibratedModel): void {
  validateModelName(m.name);
  const rule = m.regimeRule;
  if (rule !== null) {
    if (rule.cuts.length !== rule.labels.length - 1)
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `regime rule of model "${m.name}": ${rule.labels.length} labels need ${rule.labels.length - 1} cut points, got ${rule.cuts.length}`,
      );
    if (m.regimes.length !== rule.labels.length)
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `model "${m.name}": the regime rule has ${rule.labels.length} labels but ${m.regimes.length} regime fits were given (one per label, in order)`,
      );
  }
}

/**
 * Store `m` as the next version of its name (1 for a new name) and return the stored record.
 * Throws INVALID_ARGUMENT for a malformed name or an inconsistent regime rule (nothing is written).
 */
export function saveCalibratedModel(store: ExecsimDatabase, m: NewCalibratedModel): CalibratedModel {
  checkRecord(m);
  const db = store.sqlite;
  const save = db.transaction((): CalibratedModel => {
    const top = db.prepare("SELECT max(version) AS v FROM calibrated_models WHERE name = ?").get(m.name) as {
      v: number | null;
    };
    const version = (top.v ?? 0) + 1;
    db.prepare(
      `INSERT INTO calibrated_models (name, version, model, params_json, regime_rule_json, regimes_json, symbol,
         from_ms, to_ms, fitted_at, source, stats_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      m.name,
      version,
      m.model,
      JSON.stringify({ params: m.params, standardErrors: m.standardErrors }),
      m.regimeRule === null ? null : JSON.stringify(m.regimeRule),
      JSON.stringify(m.regimes),
      m.symbol,
      m.fromMs,
      m.toMs,
      m.fittedAt,
      m.source,
      JSON.stringify(m.stats),
    );
    return getCalibratedModel(store, m.name, version);
  });
  return save.immediate();
}

/** Every stored name with its latest version's summary, by name. */
export function listCalibratedModels(store: ExecsimDatabase): CalibratedModelSummary[] {
  const rows = store.sqlite.prepare("SELECT * FROM calibrated_models ORDER BY name, version").all() as Raw[];
  const byName = new Map<string, Raw[]>();
  for (const r of rows) {
    const list = byName.get(r.name as string) ?? [];
    list.push(r);
    byName.set(r.name as string, list);
  }
  return [...byName.values()].map((versions) => {
    const latest = toModel(versions[versions.length - 1]!);
    return {
      name: latest.name,
      model: latest.model,
      version: latest.version,
      versions: versions.map((v) => v.version as number),
      symbol: latest.symbol,
      fittedAt: latest.fittedAt,
      regimes: latest.regimes.length,
      n: latest.stats.n ?? null,
    };
  });
}

/** Every stored version of `name`, ascending (empty for an unknown name). */
export function calibratedModelVersions(store: ExecsimDatabase, name: string): CalibratedModel[] {
  return (
    store.sqlite.prepare("SELECT * FROM calibrated_models WHERE name = ? ORDER BY version").all(name) as Raw[]
  ).map(toModel);
}

/**
 * The stored model `name` at `version`, or its latest version when `version` is omitted.
 * Throws NOT_FOUND (exit 2) for an unknown name (the message lists the stored names) or version
 * (the message lists the name's versions).
 */
export function getCalibratedModel(store: ExecsimDatabase, name: string, version?: number): CalibratedModel {
  const row = (
    version === undefined
      ? store.sqlite
          .prepare("SELECT * FROM calibrated_models WHERE name = ? ORDER BY version DESC LIMIT 1")
          .get(name)
      : store.sqlite
          .prepare("SELECT * FROM calibrated_models WHERE name = ? AND version = ?")
          .get(name, version)
  ) as Raw | undefined;
  if (row) return toModel(row);
  const versions = (
    store.sqlite
      .prepare("SELECT version FROM calibrated_models WHERE name = ? ORDER BY version")
      .all(name) as {
      version: number;
    }[]
  ).map((r) => r.version);
  if (versions.length > 0)
    throw new ExecsimError(
      "NOT_FOUND",
      `model "${name}" has no version ${version}; its versions are ${versions.join(", ")} (\`execsim models list\` shows the stored models)`,
      { name, version, versions },
    );
  const names = (
    store.sqlite.prepare("SELECT DISTINCT name FROM calibrated_models ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
  throw new ExecsimError(
    "NOT_FOUND",
    names.length === 0
      ? `no calibrated model named "${name}": none is stored yet; fit one with \`execsim calibrate --name ${name} ...\` (\`execsim models list\` shows the stored models)`
      : `no calibrated model named "${name}"; stored models: ${names.join(", ")} (\`execsim models list\` shows them with their versions)`,
    { name, names },
  );
}
