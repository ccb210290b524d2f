/**
 * Parsing Bybit v5 `GET /v5/market/kline` responses, from the network or from saved files.
 *
 * Envelope: `{ retCode, retMsg, result: { symbol, category, list }, retExtInfo, time }`. `list` holds
 * string arrays `[startTime, open, high, low, close, volume, turnover]`, newest first; startTime is the
 * bar's open time in epoch ms, volume is in contract units (base coin for linear/spot, USD for
 * inverse) and turnover in the other leg (quote coin for linear/spot). `time` is the server time in
 * ms when the response was made.
 *
 * The still-open candle: Bybit's newest row is usually the bar in progress at `time` (its values are
 * provisional and change until the bar closes). execsim drops every row with
 * startTime + interval > time by default (`dropOpenCandles`), so stored candles are final; callers
 * can keep them (`--no-drop-open-candle`), in which case a later import or fetch of the closed bar
 * counts as "updated". A response without `time` cannot tell and keeps all rows.
 *
 * Checks here are structural (envelope, retCode, 7 numeric fields per row, newest-first order);
 * market invariants are checked by candle-validation. Errors name the file, the line of the row in
 * the file (found by a small scan of the JSON text) or its JSON path, and the field.
 */
import { ExecsimError } from "../core/errors.js";
import type { Candle } from "../core/market-types.js";
import { describeRef, type FieldRef, parseJsonDecimal } from "./import-fields.js";

export const KLINE_FIELDS = ["startTime", "open", "high", "low", "close", "volume", "turnover"] as const;

export interface ParsedKlineResponse {
  file: string;
  symbol: string | undefined;
  category: string | undefined;
  /** Server time of the response (ms), if present. */
  timeMs: number | undefined;
  /** Candles in ascending open time. */
  candles: Candle[];
  /** Where candle i (ascending) sits, e.g. "x.json, line 12, result.list[3]" (the field's line if given). */
  locate: (i: number, field?: string) => string;
}

/** Lines of each `result.list` entry and its fields in a JSON text (best effort; undefined if unsure). */
export interface ListLines {
  entry: number[];
  fields: number[][];
}

/**
 * Scan a JSON text for the `"list": [...]` array and record the 1-based line of every entry and of
 * every field within it. Only used to make error messages point at lines.
 */
export function locateListLines(text: string): ListLines | undefined {
  const m = /"list"\s*:\s*\[/.exec(text);
  if (!m) return undefined;
  let line = 1;
  for (let k = 0; k < m.index + m[0].length; k++) if (text.charCodeAt(k) === 10) line++;
  const entry: number[] = [];
  const fields: number[][] = [];
  let depth = 0;
  for (let k = m.index + m[0].length; k < text.length; k++) {
    const c = text[k]!;
    if (c === "\n") line++;
    else if (c === '"') {
      if (depth === 1) fields[fields.length - 1]!.push(line);
      k++;
      while (k < text.length && text[k] !== '"') {
        if (text[k] === "\\") k++;
        else if (text[k] === "\n") line++;
        k++;
      }
    } else if (c === "[") {
      depth++;
      if (depth === 1) {
        entry.push(line);
        fields.push([]);
      }
    } else if (c === "]") {
      if (depth === 0) return { entry, fields };
      depth--;
    } else if (depth === 1 && /[-\d]/.test(c) && !/[-\d.eE+]/.test(text[k - 1]!)) {
      fields[fields.length - 1]!.push(line);
    }
  }
  return undefined;
}

/** Parse JSON text, turning a syntax error into PARSE_ERROR with file, line and column. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8's messages do not always carry a position; find it with a small grammar check.
    const err = findJsonSyntaxError(text) ?? { offset: 0, reason: (e as Error).message };
    const before = text.slice(0, err.offset);
    const line = before.split("\n").length;
    const col = err.offset - before.lastIndexOf("\n");
    throw new ExecsimError(
      "PARSE_ERROR",
      `${file} line ${line} column ${col}: malformed JSON (${err.reason}); is the file complete?`,
      { file, line },
    );
  }
}

/** The offset and reason of the first JSON syntax error in `text`, or undefined if it is valid. */
export function findJsonSyntaxError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  const n = text.length;
  class Stop {
    constructor(
      readonly offset: number,
      readonly reason: string,
    ) {}
  }
  const ws = () => {
    while (i < n && /[ \t\r\n]/.test(text[i]!)) i++;
  };
  const fail = (reason: string): never => {
    throw new Stop(i, i >= n ? "unexpected end of file" : `${reason}, found ${JSON.stringify(text[i])}`);
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a property name in double quotes");
        str();
        ws();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail("expected ',' or '}'");
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail("expected ',' or ']'");
      }
    } else if (c === '"') str();
    else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
        text.slice(i, i + 400),
      );
      if (!m) fail("expected a value");
      i += m![0].length;
    }
  };
  const str = () => {
    i++;
    while (i < n && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text.charCodeAt(i) < 0x20) fail("control character in a string");
      i++;
    }
    if (i >= n) fail("unterminated string");
    i++;
  };
  try {
    value();
    ws();
    if (i < n) fail("unexpected text after the JSON value");
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, reason: e.reason };
    throw e;
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

export interface ParseKlineOptions {
  /** "file": a saved response (bad content is the user's input: VALIDATION_ERROR); "response": live. */
  origin?: "file" | "response";
  /** Lines of list entries, from locateListLines on the same text. */
  lines?: ListLines;
}

/** Parse a decoded v5 kline response. Throws on retCode != 0 and on malformed rows. */
export function parseKlineResponse(
  json: unknown,
  file: string,
  opts: ParseKlineOptions = {},
): ParsedKlineResponse {
  const bad = (what: string): never => {
    throw new ExecsimError(
      "PARSE_ERROR",
      `${file}: ${what}; expected a Bybit v5 /v5/market/kline response {retCode, retMsg, result: {symbol, category, list}, time}`,
      { file },
    );
  };
  if (!isRecord(json)) return bad("the top level is not a JSON object");
  const retCode = json.retCode;
  if (retCode !== 0) {
    if (typeof retCode !== "number") return bad("retCode is missing");
    const retMsg = typeof json.retMsg === "string" ? json.retMsg : "";
    const fromFile = (opts.origin ?? "file") === "file";
    // Bybit answers an unknown symbol with retCode 10001 ("Not supported symbols"): bad input, exit 2
    const badSymbol = retCode === 10001 && /symbol/i.test(retMsg);
    throw new ExecsimError(
      fromFile ? "VALIDATION_ERROR" : badSymbol ? "INVALID_ARGUMENT" : "BYBIT_API_ERROR",
      `${file}: Bybit answered retCode ${retCode} ("${retMsg}")${fromFile ? ", so this saved response holds no candles; re-fetch it" : ""}. ${hintForRetCode(retCode)}`,
      { file, retCode, retMsg },
    );
  }
  const result = json.result;
  if (!isRecord(result)) return bad("result is missing");
  const list = result.list;
  if (!Array.isArray(list)) return bad("result.list is not an array");
  const symbol = typeof result.symbol === "string" && result.symbol !== "" ? result.symbol : undefined;
  const category =
    typeof result.category === "string" && result.category !== "" ? result.category : undefined;
  const timeMs = typeof json.time === "number" && Number.isFinite(json.time) ? json.time : undefined;
  const lines = opts.lines && opts.lines.entry.length === list.length ? opts.lines : undefined;
  const n = list.length;
  const refOf = (j: number, field?: number): FieldRef => {
    const line = field !== undefined ? (lines?.fields[j]?.[field] ?? lines?.entry[j]) : lines?.entry[j];
    return {
      file,
      ...(line !== undefined ? { line } : {}),
      path: `result.list[${j}]`,
      ...(field !== undefined ? { field: KLINE_FIELDS[field] } : {}),
    };
  };
  const candles: Candle[] = new Array(n);
  let prevStart = Number.POSITIVE_INFINITY;
  for (let j = 0; j < n; j++) {
    const row = list[j];
    if (!Array.isArray(row) || row.length < 7) {
      throw new ExecsimError(
        "PARSE_ERROR",
        `${describeRef(refOf(j))}: expected [startTime, open, high, low, close, volume, turnover], got ${JSON.stringify(row)}`,
        { file, index: j },
      );
    }
    const v = KLINE_FIELDS.map((_, f) => parseJsonDecimal(row[f], refOf(j, f)));
    const start = v[0]!;
    if (!Number.isSafeInteger(start) || start < 0) {
      throw new ExecsimError(
        "PARSE_ERROR",
        `${describeRef(refOf(j, 0))}: ${row[0]} is not an epoch-millisecond open time`,
        { file, index: j },
      );
    }
    if (start >= prevStart) {
      throw new ExecsimError(
        "VALIDATION_ERROR",
        `${describeRef(refOf(j, 0))}: open time ${start} is not older than the row before it (${prevStart}); result.list must be newest first without duplicates, as Bybit returns it`,
        { file, index: j },
      );
    }
    prevStart = start;
    // ascending position
    candles[n - 1 - j] = {
      openTimeMs: start,
      open: v[1]!,
      high: v[2]!,
      low: v[3]!,
      close: v[4]!,
      volume: v[5]!,
      turnover: v[6]!,
    };
  }
  return {
    file,
    symbol,
    category,
    timeMs,
    candles,
    locate: (i: number, field?: string) => {
      const f = field === "timestamp" ? 0 : KLINE_FIELDS.indexOf(field as (typeof KLINE_FIELDS)[number]);
      const { field: _omit, ...ref } = refOf(n - 1 - i, f >= 0 ? f : undefined);
      return describeRef(ref);
    },
  };
}

/** Read a saved response text: JSON syntax, then the response itself, with line numbers. */
export function parseKlineResponseText(
  text: string,
  file: string,
  opts: Omit<ParseKlineOptions, "lines"> = {},
): ParsedKlineResponse {
  const json = parseJsonText(text, file);
  return parseKlineResponse(json, file, { ...opts, lines: locateListLines(text) });
}

/** True when the bar opened at `openTimeMs` had not closed at `serverTimeMs`. */
export function isOpenCandle(openTimeMs: number, stepMs: number, serverTimeMs: number): boolean {
  return openTimeMs + stepMs > serverTimeMs;
}

/**
 * Remove the candles still open at the response's server time (ascending input, so they are at the
 * end). Returns how many were dropped. No `time` in the response: nothing is dropped.
 */
export function dropOpenCandles(parsed: ParsedKlineResponse, stepMs: number): number {
  const t = parsed.timeMs;
  if (t === undefined) return 0;
  let k = parsed.candles.length;
  while (k > 0 && isOpenCandle(parsed.candles[k - 1]!.openTimeMs, stepMs, t)) k--;
  const dropped = parsed.candles.length - k;
  parsed.candles.length = k;
  return dropped;
}

/** What to do about common Bybit v5 return codes. */
export function hintForRetCode(retCode: number): string {
  switch (retCode) {
    case 10001:
      return "Check --symbol (e.g. BTCUSDT), --category (spot, linear, inverse), --interval and the --from/--to range.";
    case 10006:
      return "Rate limit hit (too many visits); wait a few seconds and retry.";
    case 10016:
    case 10000:
      return "Bybit had a server-side problem; retry later.";
    case 10002:
      return "The request time is outside Bybit's window; check the machine's clock.";
    default:
      return "See Bybit's v5 error-code table; check the request parameters.";
  }
}
