/**
 * Reading a user's own orders / fills files into named-field records that remember their file and
 * 1-based line, so every later check can say "file, line N, field F".
 *
 * Formats (chosen by content, not by extension):
 * - CSV with a header row (the strict reader of src/market/csv.ts; header names are case-insensitive,
 *   surrounding spaces ignored). Empty fields, and trailing fields a row leaves out, are absent values.
 * - JSON: an array of objects (keys are the CSV column names), or an object whose array-valued keys
 *   ("parents", "fills", ...) hold such arrays; each element's line is the line of its opening brace.
 *   Numbers may be JSON numbers or numeric strings; null is an absent value.
 * Unknown columns are an error (a misspelt optional column would otherwise be silently ignored).
 */
import { readFileSync } from "node:fs";
import { ExecsimError } from "../core/errors.js";
import { readCsvRecords } from "../market/csv.js";
import { describeRef } from "../market/import-fields.js";

/** One row of an orders / fills file: field name (lower case) → text; absent fields are missing. */
export interface OwnRecord {
  readonly file: string;
  readonly line: number;
  readonly values: ReadonlyMap<string, string>;
  /** For a JSON object holding several arrays: the key of the array this element came from. */
  readonly group?: string;
}

function parseError(file: string, line: number | undefined, msg: string): ExecsimError {
  return new ExecsimError(
    "PARSE_ERROR",
    `${describeRef({ file, ...(line !== undefined ? { line } : {}) })}: ${msg}`,
    {
      file,
      ...(line !== undefined ? { line } : {}),
    },
  );
}

/** Read `file` (CSV or JSON) into records, checking every column name against `known`. */
export function readOwnRecords(file: string, known: readonly string[]): OwnRecord[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ExecsimError(
      "NOT_FOUND",
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; check the path`,
    );
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  const allowed = new Set(known);
  const check = (name: string, line: number | undefined) => {
    if (!allowed.has(name))
      throw parseError(file, line, `unknown column "${name}"; the columns are ${known.join(", ")}`);
  };
  return first === "[" || first === "{" ? jsonRecords(body, file, check) : csvRecords(body, file, check);
}

type ColumnCheck = (name: string, line: number | undefined) => void;

function csvRecords(text: string, file: string, check: ColumnCheck): OwnRecord[] {
  const rows = readCsvRecords(text, file);
  const head = rows[0];
  if (!head) throw parseError(file, undefined, "the file is empty; it needs a header row and data rows");
  const names = head.fields.map((f) => f.trim().toLowerCase());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw parseError(file, head.line, `column "${dup}" appears twice in the header`);
  for (const n of names) check(n, head.line);
  const out: OwnRecord[] = [];
  for (const r of rows.slice(1)) {
    // trailing optional fields may be left out; more fields than the header is an error
    if (r.fields.length > names.length)
      throw parseError(file, r.line, `has ${r.fields.length} fields, the header has ${names.length}`);
    const values = new Map<string, string>();
    r.fields.forEach((v, i) => {
      if (v.trim() !== "") values.set(names[i]!, v.trim());
    });
    out.push({ file, line: r.line, values });
  }
  return out;
}

function jsonRecords(text: string, file: string, check: ColumnCheck): OwnRecord[] {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw parseError(file, undefined, `not valid JSON (${(e as Error).message})`);
  }
  const lines = elementLines(text);
  const out: OwnRecord[] = [];
  const take = (arr: unknown[], lineList: number[], group: string | undefined) => {
    arr.forEach((el, i) => {
      const line = lineList[i] ?? 0;
      if (el === null || typeof el !== "object" || Array.isArray(el))
        throw parseError(file, line, `element ${i + 1}${group ? ` of "${group}"` : ""} is not an object`);
      const values = new Map<string, string>();
      for (const [k, v] of Object.entries(el as Record<string, unknown>)) {
        if (v === null || v === undefined) continue;
        if (typeof v !== "string" && typeof v !== "number")
          throw parseError(file, line, `field ${k}: expected a string or a number, got ${JSON.stringify(v)}`);
        const name = k.trim().toLowerCase();
        check(name, line);
        const s = String(v).trim();
        if (s !== "") values.set(name, s);
      }
      out.push({ file, line, values, ...(group ? { group } : {}) });
    });
  };
  if (Array.isArray(root)) take(root, lines[0] ?? [], undefined);
  else if (root !== null && typeof root === "object") {
    let g = 0;
    for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
      if (!Array.isArray(v))
        throw parseError(
          file,
          undefined,
          `key "${k}" should hold an array of records (e.g. "parents": [...])`,
        );
      take(v, lines[g++] ?? [], k.toLowerCase());
    }
  } else throw parseError(file, undefined, "expected an array of records or an object of arrays");
  return out;
}

/**
 * Lines of the record objects of a JSON text: for each array that holds records (the root array, or
 * each array directly inside the root object, in text order), the 1-based line of each element's `{`.
 */
function elementLines(text: string): number[][] {
  const groups: number[][] = [];
  const stack: string[] = [];
  let line = 1;
  let rootIsArray = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") line++;
    else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "[" || c === "{") {
      if (stack.length === 0) rootIsArray = c === "[";
      // a record array: the root array, or an array that is a value of the root object
      if (c === "[" && (stack.length === 0 || (stack.length === 1 && !rootIsArray))) groups.push([]);
      const inRecordArray = rootIsArray ? stack.length === 1 : stack.length === 2 && stack[1] === "[";
      if (c === "{" && inRecordArray) groups[groups.length - 1]!.push(line);
      stack.push(c);
    } else if (c === "]" || c === "}") stack.pop();
  }
  return groups;
}
