/**
 * Fetching candles from Bybit v5 `GET /v5/market/kline` into the store.
 *
 * Request: `{baseUrl}/v5/market/kline?category=&symbol=&interval=&start=&end=&limit=` (start/end in
 * epoch ms, both inclusive bounds on the bar open time; limit 1..1000, default here 1000). The
 * answer is newest first and holds at most `limit` rows.
 *
 * Pagination: the wanted range [from, to) (bar open times; `from` rounded up to the interval grid,
 * `to` cut at the end of the bar in progress by the local clock, so the future is never paged)
 * minus the bars already stored (resume: see series-catalog.missingRanges) is cut into windows of
 * exactly `limit` bars, [s, s + limit·interval), requested with end = window end − 1 ms. A window can
 * hold no more than `limit` bars, so each page is complete whichever end of the window the server
 * favours. Rows outside the window are ignored (counted). Each page is validated (candle-validation)
 * and written in its own transaction, so an interrupted fetch keeps what it got and the next run
 * fetches only what is missing.
 *
 * The still-open bar (open time + interval > the response's `time`) is dropped by default, so
 * stored candles are final and resume never skips an incomplete bar (see bybit-kline-parse).
 *
 * Retries: HTTP 429, HTTP 5xx, network errors/timeouts, an unreadable body, and retCode 10006
 * (rate limit), 10000 and 10016 (server errors) are retried up to `maxRetries` times with
 * exponential backoff: wait = min(maxBackoffMs, backoffMs · 2^attempt), raised to a Retry-After
 * header or the X-Bapi-Limit-Reset-Timestamp when those say longer (capped at maxBackoffMs). Any
 * other retCode != 0 fails at once with BYBIT_API_ERROR and Bybit's retMsg; other HTTP statuses
 * (403 = IP rate-limit ban or region block, 404 = wrong --base-url) fail at once with NETWORK_ERROR.
 *
 * Rate limits: requests are spaced by at least `minRequestGapMs` (default 100 ms: 10/s, well under
 * Bybit's 600 requests per 5 s per IP), and when X-Bapi-Limit-Status reports 0 requests left, the
 * next request waits until X-Bapi-Limit-Reset-Timestamp. `sleep` and `nowMs` are injectable so tests
 * run instantly and deterministically.
 */
import { ExecsimError } from "../core/errors.js";
import { type Interval, intervalMs, isoUtc } from "../core/interval.js";
import type { Category, SeriesKey } from "../core/market-types.js";
import { type WriteCounts, writeCandles } from "../store/candle-store.js";
import type { ExecsimDatabase } from "../store/database.js";
import {
  dropOpenCandles,
  hintForRetCode,
  type ParsedKlineResponse,
  parseKlineResponse,
} from "./bybit-kline-parse.js";
import { ceilToInterval, floorToInterval, validateCandles } from "./candle-validation.js";
import { barsIn, type GapReport, missingRanges, type TimeRange } from "./series-catalog.js";

export const DEFAULT_BYBIT_BASE_URL = "https://api.bybit.com";
export const MAX_KLINE_LIMIT = 1000;
const RETRYABLE_RETCODES = new Set([10000, 10006, 10016]);

export interface KlineClientOptions {
  baseUrl?: string;
  /** Retries after the first attempt (default 5). */
  maxRetries?: number;
  /** First backoff in ms (default 500), doubled per attempt. */
  backoffMs?: number;
  /** Cap on any single wait in ms (default 30 000). */
  maxBackoffMs?: number;
  /** Minimum spacing between requests in ms (default 100). */
  minRequestGapMs?: number;
  /** Per-request timeout in ms (default 15 000). */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  nowMs?: () => number;
  /** Called before each retry: what went wrong and how long the client waits (for progress output). */
  onRetry?: (r: { attempt: number; maxRetries: number; problem: string; waitMs: number }) => void;
}

/** Error codes of a host name that does not resolve: retrying in seconds will not help. */
const UNRESOLVED_HOST = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL"]);

export interface KlinePageRequest {
  category: Category;
  symbol: string;
  interval: Interval;
  startMs: number;
  endMs: number;
  limit: number;
}

export interface ClientStats {
  requests: number;
  retries: number;
  /** Total time waited for backoff and rate limits (ms, as requested of `sleep`). */
  waitedMs: number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** HTTP access to the kline endpoint with retries, backoff and rate-limit pacing. */
/** The API root without trailing slashes; throws INVALID_ARGUMENT unless it is an http(s) URL. */
function checkBaseUrl(baseUrl: string | undefined): string {
  const url = (baseUrl ?? DEFAULT_BYBIT_BASE_URL).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]/.test(url)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--base-url "${baseUrl}" is not an http(s) URL; use e.g. https://api.bybit.com`,
    );
  }
  return url;
}

export class BybitKlineClient {
  readonly baseUrl: string;
  readonly stats: ClientStats = { requests: 0, retries: 0, waitedMs: 0 };
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly minGapMs: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly onRetry: KlineClientOptions["onRetry"];
  private readonly sleepFn: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private lastRequestAt = Number.NEGATIVE_INFINITY;
  private blockedUntil = Number.NEGATIVE_INFINITY;

  constructor(opts: KlineClientOptions = {}) {
    this.baseUrl = checkBaseUrl(opts.baseUrl);
    this.maxRetries = opts.maxRetries ?? 5;
    this.backoffMs = opts.backoffMs ?? 500;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
    this.minGapMs = opts.minRequestGapMs ?? 100;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.fetchImpl = opts.fetchImpl ?? fetch;
    this.onRetry = opts.onRetry;
    this.sleepFn = opts.sleep ?? defaultSleep;
    this.now = opts.nowMs ?? Date.now;
  }

  private async wait(ms: number): Promise<void> {
    if (ms <= 0) return;
    this.stats.waitedMs += ms;
    await this.sleepFn(ms);
  }

  private backoff(attempt: number, hintMs: number): number {
    const exp = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** attempt);
    return Math.min(this.maxBackoffMs, Math.max(exp, hintMs));
  }

  /** The URL of one page request. */
  pageUrl(req: KlinePageRequest): string {
    const q = new URLSearchParams({
      category: req.category,
      symbol: req.symbol,
      interval: req.interval,
      start: String(req.startMs),
      end: String(req.endMs),
      limit: String(req.limit),
    });
    return `${this.baseUrl}/v5/market/kline?${q.toString()}`;
  }

  /** One page, parsed (retCode checked), with retries. */
  async getPage(req: KlinePageRequest): Promise<ParsedKlineResponse> {
    const url = this.pageUrl(req);
    let lastProblem = "";
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) this.stats.retries++;
      const pace = Math.max(this.lastRequestAt + this.minGapMs, this.blockedUntil) - this.now();
      await this.wait(pace);
      this.lastRequestAt = this.now();
      this.stats.requests++;
      let hintMs = 0;
      let retryable: string | undefined;
      try {
        const res = await this.fetchImpl(url, {
          headers: { accept: "application/json" },
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        hintMs = this.readRateLimit(res.headers);
        const body = await res.text();
        if (res.status === 429 || res.status >= 500) {
          retryable = `HTTP ${res.status}`;
        } else if (!res.ok) {
          throw new ExecsimError(
            "NETWORK_ERROR",
            `GET ${url} answered HTTP ${res.status}${res.status === 403 ? " (Bybit uses 403 for an IP rate-limit ban or a blocked region: wait 10 minutes, or use another --base-url)" : res.status === 404 ? " (check --base-url: it should be the API root, e.g. https://api.bybit.com)" : ""}: ${body.slice(0, 200)}`,
            { status: res.status },
          );
        } else {
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            retryable = `unreadable JSON body (${body.length} bytes)`;
          }
          if (retryable === undefined) {
            const code = (json as { retCode?: unknown } | null)?.retCode;
            if (typeof code === "number" && RETRYABLE_RETCODES.has(code)) {
              retryable = `retCode ${code} (${(json as { retMsg?: unknown }).retMsg})`;
            } else {
              return parseKlineResponse(json, `GET ${url}`, { origin: "response" });
            }
          }
        }
      } catch (e) {
        if (e instanceof ExecsimError) throw e;
        const cause = (e as { cause?: { code?: unknown; hostname?: unknown } }).cause;
        if (typeof cause?.code === "string" && UNRESOLVED_HOST.has(cause.code)) {
          throw new ExecsimError(
            "NETWORK_ERROR",
            `cannot resolve the host of ${this.baseUrl} (${cause.code}); check --base-url and the network connection (DNS), then run the same command again`,
          );
        }
        retryable = `network error: ${(e as Error).message}${typeof cause?.code === "string" ? ` (${cause.code})` : ""}`;
      }
      lastProblem = retryable ?? "unknown";
      if (attempt >= this.maxRetries) {
        const apiRetCode = /^retCode (\d+)/.exec(lastProblem);
        throw new ExecsimError(
          apiRetCode ? "BYBIT_API_ERROR" : "NETWORK_ERROR",
          `GET ${url} failed after ${attempt + 1} attempts; last: ${lastProblem}. ${apiRetCode ? hintForRetCode(Number(apiRetCode[1])) : "Check the network and --base-url, then run the same command again: it resumes where it stopped."}`,
        );
      }
      const waitMs = this.backoff(attempt, hintMs);
      this.onRetry?.({ attempt: attempt + 1, maxRetries: this.maxRetries, problem: lastProblem, waitMs });
      await this.wait(waitMs);
    }
  }

  /** Read Retry-After and the X-Bapi-Limit headers; returns how long the server asks us to wait. */
  private readRateLimit(h: Headers): number {
    const now = this.now();
    let hint = 0;
    const retryAfter = h.get("retry-after");
    if (retryAfter && /^\d+(\.\d+)?$/.test(retryAfter.trim())) hint = Number(retryAfter) * 1000;
    const status = h.get("x-bapi-limit-status");
    const reset = Number(h.get("x-bapi-limit-reset-timestamp"));
    if (status !== null && Number(status) <= 0 && Number.isFinite(reset) && reset > now) {
      const wait = Math.min(this.maxBackoffMs, reset - now);
      this.blockedUntil = now + wait;
      hint = Math.max(hint, wait);
    }
    return hint;
  }
}

export interface FetchKlinesOptions extends KlineClientOptions {
  symbol: string;
  category: Category;
  interval: Interval;
  fromMs: number;
  toMs: number;
  /** Rows per page, 1..1000 (default 1000). */
  limit?: number;
  /** Drop the still-open bar (default true). */
  dropOpenCandle?: boolean;
  /** Called after each page is written. */
  onPage?: (p: { window: TimeRange; rows: number; page: number; pages: number }) => void;
}

export interface FetchSummary extends SeriesKey, WriteCounts {
  fromMs: number;
  toMs: number;
  /** Bars in the requested range that were already stored and not requested again. */
  alreadyStoredBars: number;
  pages: number;
  requests: number;
  retries: number;
  waitedMs: number;
  /** Rows received (after dropping open bars and out-of-window rows). */
  rows: number;
  droppedOpenCandles: number;
  outOfWindowRows: number;
  /** Bars of the range still missing after the fetch (Bybit has no data there, or not closed yet). */
  stillMissing: GapReport;
}

/**
 * Check the options of a fetch that need no store (limit, symbol, range, base URL) and return the
 * page size and the bar-aligned range [fromMs, toMs) to fetch, capped at the bar in progress.
 * The CLI calls it before opening the database, so bad flags never create one.
 */
export function validateFetchOptions(opts: FetchKlinesOptions): {
  limit: number;
  fromMs: number;
  toMs: number;
} {
  const { symbol, interval } = opts;
  const limit = opts.limit ?? MAX_KLINE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_KLINE_LIMIT) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--limit ${limit}: Bybit accepts 1..${MAX_KLINE_LIMIT} rows per page`,
    );
  }
  if (!/^[A-Z0-9]{2,40}$/.test(symbol)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--symbol "${symbol}": use Bybit's upper-case symbol, e.g. BTCUSDT`,
    );
  }
  if (!(Number.isFinite(opts.fromMs) && Number.isFinite(opts.toMs) && opts.fromMs < opts.toMs)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--from ${isoUtc(opts.fromMs)} must be before --to ${isoUtc(opts.toMs)} (--to is exclusive)`,
    );
  }
  checkBaseUrl(opts.baseUrl);
  const step = intervalMs(interval);
  const fromMs = ceilToInterval(opts.fromMs, interval);
  // Nothing exists after the bar in progress: do not page through the future.
  const toMs = Math.min(opts.toMs, floorToInterval((opts.nowMs ?? Date.now)(), interval) + step);
  if (toMs <= fromMs) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--from ${isoUtc(opts.fromMs)} is in the future; nothing to fetch`,
    );
  }
  return { limit, fromMs, toMs };
}

/** Fetch [fromMs, toMs) into the store, skipping what is stored; see the file doc. */
export async function fetchKlinesIntoStore(
  store: ExecsimDatabase,
  opts: FetchKlinesOptions,
): Promise<FetchSummary> {
  const { symbol, category, interval } = opts;
  const { limit, fromMs, toMs } = validateFetchOptions(opts);
  const client = new BybitKlineClient(opts);
  const step = intervalMs(interval);
  const key: SeriesKey = { symbol, category, interval };
  const todo = missingRanges(store, key, fromMs, toMs);
  const totalBars = barsIn({ fromMs, toMs }, step);
  const missingBars = todo.reduce((s, r) => s + barsIn(r, step), 0);
  const windows: TimeRange[] = [];
  for (const r of todo) {
    for (let s = r.fromMs; s < r.toMs; s += limit * step)
      windows.push({ fromMs: s, toMs: Math.min(r.toMs, s + limit * step) });
  }
  const counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  let rows = 0;
  let dropped = 0;
  let outside = 0;
  for (let w = 0; w < windows.length; w++) {
    const win = windows[w]!;
    const page = await client.getPage({
      category,
      symbol,
      interval,
      startMs: win.fromMs,
      endMs: win.toMs - 1,
      limit,
    });
    if (page.symbol !== undefined && page.symbol !== symbol) {
      throw new ExecsimError(
        "BYBIT_API_ERROR",
        `${page.file}: the response is for ${page.symbol}, not ${symbol}; check --base-url`,
      );
    }
    if (page.category !== undefined && page.category !== category) {
      throw new ExecsimError(
        "BYBIT_API_ERROR",
        `${page.file}: the response is category ${page.category}, not ${category}; check --base-url`,
      );
    }
    if (opts.dropOpenCandle ?? true) dropped += dropOpenCandles(page, step);
    const all = page.candles;
    const keep: number[] = [];
    for (let i = 0; i < all.length; i++) {
      const t = all[i]!.openTimeMs;
      if (t >= win.fromMs && t < win.toMs) keep.push(i);
    }
    outside += all.length - keep.length;
    const candles = keep.map((i) => all[i]!);
    validateCandles(candles, {
      interval,
      timeField: "startTime",
      locate: (i, field) => page.locate(keep[i]!, field),
    });
    if (candles.length > 0) {
      const c = writeCandles(store, key, candles, "bybit-api");
      counts.inserted += c.inserted;
      counts.updated += c.updated;
      counts.unchanged += c.unchanged;
      rows += candles.length;
    }
    opts.onPage?.({ window: win, rows: candles.length, page: w + 1, pages: windows.length });
  }
  const after = missingRanges(store, key, fromMs, toMs);
  const first = after.slice(0, 5).map((r) => ({ ...r, missingBars: barsIn(r, step) }));
  const afterBars = after.reduce((s, r) => s + barsIn(r, step), 0);
  return {
    ...key,
    ...counts,
    fromMs,
    toMs,
    alreadyStoredBars: totalBars - missingBars,
    pages: windows.length,
    requests: client.stats.requests,
    retries: client.stats.retries,
    waitedMs: client.stats.waitedMs,
    rows,
    droppedOpenCandles: dropped,
    outOfWindowRows: outside,
    stillMissing: { count: after.length, missingBars: afterBars, first },
  };
}
