import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { SeriesKey } from "../../src/core/market-types.js";
import { BybitKlineClient, fetchKlinesIntoStore } from "../../src/market/bybit-kline-client.js";
import { readSeries, writeCandles } from "../../src/store/candle-store.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";
import { makeCandles } from "./bybit-fixtures.js";
import { type KlineTestServer, startKlineServer } from "./kline-test-server.js";

const M = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const key: SeriesKey = { symbol: "BTCUSDT", category: "linear", interval: "1" };
const truth = makeCandles(T0, M, 2500);

/** A fake clock that sleep() advances, so waits are exact and instant. */
function fakeTime(start = Date.UTC(2030, 0, 1)) {
  const t = { now: start, sleeps: [] as number[] };
  return {
    t,
    nowMs: () => t.now,
    sleep: async (ms: number) => {
      t.sleeps.push(ms);
      t.now += ms;
    },
  };
}

let server: KlineTestServer | undefined;
let store: ExecsimDatabase | undefined;
afterEach(async () => {
  await server?.close();
  store?.close();
  server = undefined;
  store = undefined;
});

async function setup(candles = truth) {
  server = await startKlineServer(candles);
  store = openDatabase(":memory:");
  const clock = fakeTime();
  const base = {
    ...key,
    baseUrl: server.baseUrl,
    minRequestGapMs: 0,
    sleep: clock.sleep,
    nowMs: clock.nowMs,
  };
  return { server, store, clock, base };
}

describe("Bybit kline fetcher against a loopback server", () => {
  it("pages 2,500 one-minute bars in windows of 1,000 and stores them exactly", async () => {
    const { server, store, base, clock } = await setup();
    const s = await fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + 2500 * M });
    expect(s).toMatchObject({
      pages: 3,
      requests: 3,
      retries: 0,
      rows: 2500,
      inserted: 2500,
      alreadyStoredBars: 0,
    });
    expect(s.stillMissing.count).toBe(0);
    expect(server.seen.map((r) => r.path)).toEqual(Array(3).fill("/v5/market/kline"));
    expect(server.seen.map((r) => [Number(r.query.start), Number(r.query.end), r.query.limit])).toEqual([
      [T0, T0 + 1000 * M - 1, "1000"],
      [T0 + 1000 * M, T0 + 2000 * M - 1, "1000"],
      [T0 + 2000 * M, T0 + 2500 * M - 1, "1000"],
    ]);
    expect(server.seen[0]!.query).toMatchObject({ category: "linear", symbol: "BTCUSDT", interval: "1" });
    const got = readSeries(store, key);
    expect(got.length).toBe(2500);
    expect(Array.from(got.close)).toEqual(truth.map((c) => c.close));
    expect(Array.from(got.turnover)).toEqual(truth.map((c) => c.turnover));
    expect(clock.t.sleeps).toEqual([]);
  });

  it("with a smaller --limit, pages are smaller windows (250 bars, limit 100 -> 3 pages)", async () => {
    const { server, store, base } = await setup();
    const s = await fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + 250 * M, limit: 100 });
    expect(s).toMatchObject({ pages: 3, rows: 250 });
    expect(server.seen.map((r) => r.query.limit)).toEqual(["100", "100", "100"]);
  });

  it("retries 429, 5xx, a dropped connection and an unreadable body with doubling backoff", async () => {
    const { server, store, base, clock } = await setup();
    server.script = [
      { kind: "status", status: 429, body: "too many" },
      { kind: "status", status: 502 },
      { kind: "drop" },
      { kind: "garbage" },
    ];
    const s = await fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + 10 * M, backoffMs: 100 });
    expect(s).toMatchObject({ requests: 5, retries: 4, rows: 10, inserted: 10 });
    expect(clock.t.sleeps).toEqual([100, 200, 400, 800]); // 100 · 2^attempt
    expect(s.waitedMs).toBe(1500);
  });

  it("honours Retry-After and caps every wait at maxBackoffMs", async () => {
    const { server, store, base, clock } = await setup();
    server.script = [
      { kind: "status", status: 503, headers: { "retry-after": "3" } },
      { kind: "status", status: 503, headers: { "retry-after": "120" } },
    ];
    await fetchKlinesIntoStore(store, {
      ...base,
      fromMs: T0,
      toMs: T0 + 5 * M,
      backoffMs: 100,
      maxBackoffMs: 10_000,
    });
    expect(clock.t.sleeps).toEqual([3000, 10_000]);
  });

  it("retCode 10006 (rate limit) waits until X-Bapi-Limit-Reset-Timestamp, then succeeds", async () => {
    const { server, store, base, clock } = await setup();
    const reset = clock.t.now + 2500;
    server.script = [
      {
        kind: "retCode",
        retCode: 10006,
        retMsg: "Too many visits!",
        headers: {
          "x-bapi-limit-status": "0",
          "x-bapi-limit": "10",
          "x-bapi-limit-reset-timestamp": String(reset),
        },
      },
    ];
    const s = await fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + 5 * M, backoffMs: 100 });
    expect(s).toMatchObject({ requests: 2, retries: 1, rows: 5 });
    expect(clock.t.sleeps).toEqual([2500]);
  });

  it("paces requests: a 0 in X-Bapi-Limit-Status delays the next request to the reset time", async () => {
    const { server, store, base, clock } = await setup();
    server.okHeaders = {
      "x-bapi-limit-status": "0",
      "x-bapi-limit-reset-timestamp": String(clock.t.now + 700),
    };
    await fetchKlinesIntoStore(store, {
      ...base,
      fromMs: T0,
      toMs: T0 + 20 * M,
      limit: 10,
      minRequestGapMs: 50,
    });
    // first request at t0 (no wait); second must wait until the reset 700 ms later
    expect(clock.t.sleeps).toEqual([700]);
  });

  it("spaces requests by minRequestGapMs", async () => {
    const { store, base, clock } = await setup();
    await fetchKlinesIntoStore(store, {
      ...base,
      fromMs: T0,
      toMs: T0 + 30 * M,
      limit: 10,
      minRequestGapMs: 100,
    });
    expect(clock.t.sleeps).toEqual([100, 100]);
  });

  it("fails at once on retCode 10001 with Bybit's message and writes nothing", async () => {
    const { server, store, base } = await setup();
    server.script = [{ kind: "retCode", retCode: 10001, retMsg: "params error" }];
    await expect(
      fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + 5 * M }),
    ).rejects.toMatchObject({
      code: "BYBIT_API_ERROR",
      message: expect.stringMatching(/retCode 10001 \("params error"\)\. Check --symbol/),
    });
    expect(server.seen).toHaveLength(1);
    expect(store.sqlite.prepare("SELECT count(*) FROM candles").pluck().get()).toBe(0);
  });

  it("gives up after maxRetries with NETWORK_ERROR, keeping earlier pages; the next run resumes", async () => {
    const { server, store, base } = await setup();
    // page 1 ok, then page 2 fails 3 times (maxRetries 2)
    server.script = [{ kind: "ok" }, ...Array(3).fill({ kind: "status", status: 500 })];
    await expect(
      fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + 2500 * M, maxRetries: 2 }),
    ).rejects.toMatchObject({
      code: "NETWORK_ERROR",
      message: expect.stringMatching(/failed after 3 attempts; last: HTTP 500\. .*resumes where it stopped/),
    });
    expect(readSeries(store, key).length).toBe(1000);
    server.seen.length = 0;
    const s = await fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + 2500 * M });
    expect(s).toMatchObject({ alreadyStoredBars: 1000, pages: 2, inserted: 1500, unchanged: 0 });
    expect(Number(server.seen[0]!.query.start)).toBe(T0 + 1000 * M);
    expect(readSeries(store, key).length).toBe(2500);
  });

  it("resumes: only ranges not stored are requested, and a complete range makes no request", async () => {
    const { server, store, base } = await setup();
    writeCandles(store, key, truth.slice(100, 200), "test");
    const s = await fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + 300 * M });
    expect(s).toMatchObject({ alreadyStoredBars: 100, pages: 2, inserted: 200 });
    expect(server.seen.map((r) => [Number(r.query.start), Number(r.query.end)])).toEqual([
      [T0, T0 + 100 * M - 1],
      [T0 + 200 * M, T0 + 300 * M - 1],
    ]);
    server.seen.length = 0;
    const again = await fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + 300 * M });
    expect(again).toMatchObject({ pages: 0, requests: 0, alreadyStoredBars: 300, inserted: 0 });
    expect(server.seen).toHaveLength(0);
  });

  it("drops the bar still open at the server's time and reports it missing; with the flag off it is kept", async () => {
    const { server, store, base } = await setup();
    server.timeMs = T0 + 9 * M + 30_000; // 30 s into bar 9
    const s = await fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + 10 * M });
    expect(s).toMatchObject({ rows: 9, droppedOpenCandles: 1 });
    expect(s.stillMissing).toEqual({
      count: 1,
      missingBars: 1,
      first: [{ fromMs: T0 + 9 * M, toMs: T0 + 10 * M, missingBars: 1 }],
    });
    const kept = await fetchKlinesIntoStore(store, {
      ...base,
      fromMs: T0,
      toMs: T0 + 10 * M,
      dropOpenCandle: false,
    });
    expect(kept).toMatchObject({ rows: 1, droppedOpenCandles: 0, inserted: 1 });
  });

  it("never pages past the bar in progress by the local clock", async () => {
    const { server, store, base, clock } = await setup();
    clock.t.now = T0 + 10 * M + 30_000; // 30 s into bar 10
    server.timeMs = clock.t.now;
    const s = await fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + 5000 * M });
    expect(s).toMatchObject({ toMs: T0 + 11 * M, pages: 1, rows: 10, droppedOpenCandles: 1 });
    expect(Number(server.seen[0]!.query.end)).toBe(T0 + 11 * M - 1);
    await expect(
      fetchKlinesIntoStore(store, { ...base, fromMs: T0 + 20 * M, toMs: T0 + 30 * M }),
    ).rejects.toThrow(/is in the future; nothing to fetch/);
  });

  it("reports bars Bybit does not have as still missing, never filled", async () => {
    const holey = truth.slice(0, 50).filter((_, i) => i < 10 || i >= 20);
    const { store, base } = await setup(holey);
    const s = await fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + 50 * M });
    expect(s.rows).toBe(40);
    expect(s.stillMissing).toEqual({
      count: 1,
      missingBars: 10,
      first: [{ fromMs: T0 + 10 * M, toMs: T0 + 20 * M, missingBars: 10 }],
    });
    expect(readSeries(store, key).length).toBe(40);
  });

  it("rejects a page that breaks an invariant, naming the request and row, without writing it", async () => {
    const { server, store, base } = await setup();
    const bad = truth
      .slice(0, 3)
      .map((c) => [c.openTimeMs, c.open, c.high, c.low, c.close, c.volume, c.turnover].map(String));
    bad[1]![2] = String(truth[1]!.low - 1); // high below low
    server.script = [{ kind: "rows", rows: bad.reverse() }];
    await expect(
      fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + 3 * M }),
    ).rejects.toMatchObject({
      code: "VALIDATION_ERROR",
      message: expect.stringMatching(
        /^GET http:\/\/127\.0\.0\.1:\d+\/v5\/market\/kline\?.*, result\.list\[1\], field high: high .* is below low/,
      ),
    });
    expect(store.sqlite.prepare("SELECT count(*) FROM candles").pluck().get()).toBe(0);
  });

  it("ignores rows outside the requested window and counts them", async () => {
    const { server, store, base } = await setup();
    const rows = truth
      .slice(0, 6)
      .map((c) => [c.openTimeMs, c.open, c.high, c.low, c.close, c.volume, c.turnover].map(String));
    server.script = [{ kind: "rows", rows: rows.reverse() }];
    const s = await fetchKlinesIntoStore(store, { ...base, fromMs: T0 + 2 * M, toMs: T0 + 4 * M });
    expect(s).toMatchObject({ rows: 2, outOfWindowRows: 4 });
  });

  it("non-retryable HTTP errors fail at once with a hint (404: wrong --base-url)", async () => {
    const { store, base } = await setup();
    await expect(
      fetchKlinesIntoStore(store, { ...base, baseUrl: `${base.baseUrl}/nope`, fromMs: T0, toMs: T0 + M }),
    ).rejects.toMatchObject({
      code: "NETWORK_ERROR",
      message: expect.stringMatching(/HTTP 404 \(check --base-url/),
    });
  });

  it("validates its arguments before any request", async () => {
    const { server, store, base } = await setup();
    await expect(fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0, limit: 10 })).rejects.toThrow(
      /must be before --to/,
    );
    await expect(
      fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + M, limit: 1001 }),
    ).rejects.toThrow(/--limit 1001: Bybit accepts 1\.\.1000/);
    await expect(
      fetchKlinesIntoStore(store, { ...base, symbol: "btc usdt", fromMs: T0, toMs: T0 + M }),
    ).rejects.toThrow(/--symbol/);
    expect(() => new BybitKlineClient({ baseUrl: "ftp://x" })).toThrow(/not an http\(s\) URL/);
    expect(server.seen).toHaveLength(0);
  });

  it("property: whatever is pre-stored and whatever the page size, the fetch ends with exactly the server's bars, each requested once", async () => {
    const { server, store, base } = await setup();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2500 }),
        fc.integer({ min: 40, max: 1000 }),
        fc.array(fc.integer({ min: 0, max: 2499 }), { maxLength: 20 }),
        async (bars, limit, preStored) => {
          store.sqlite.prepare("DELETE FROM candles").run();
          const pre = [...new Set(preStored.filter((i) => i < bars))].sort((a, b) => a - b);
          if (pre.length)
            writeCandles(
              store,
              key,
              pre.map((i) => truth[i]!),
              "test",
            );
          server.seen.length = 0;
          const s = await fetchKlinesIntoStore(store, { ...base, fromMs: T0, toMs: T0 + bars * M, limit });
          expect(s.alreadyStoredBars).toBe(pre.length);
          expect(s.inserted).toBe(bars - pre.length);
          expect(s.stillMissing.count).toBe(0);
          const got = readSeries(store, key);
          expect(Array.from(got.openTimeMs)).toEqual(truth.slice(0, bars).map((c) => c.openTimeMs));
          expect(Array.from(got.close)).toEqual(truth.slice(0, bars).map((c) => c.close));
          // every requested window is within the range, disjoint from stored bars, and no bar is asked twice
          const asked = server.seen.map((r) => [Number(r.query.start), Number(r.query.end)] as const);
          expect(asked.every(([a, b]) => a >= T0 && b < T0 + bars * M && (b - a + 1) / M <= limit)).toBe(
            true,
          );
          const askedBars = asked.reduce((n, [a, b]) => n + (b - a + 1) / M, 0);
          expect(askedBars).toBe(bars - pre.length);
        },
      ),
      { seed: 42, numRuns: 25 },
    );
  });
});

describe("a host that does not resolve", () => {
  it("fails at once with NETWORK_ERROR naming the base URL (no retries, no waits)", async () => {
    const clock = fakeTime();
    let calls = 0;
    const client = new BybitKlineClient({
      baseUrl: "http://no-such-host.invalid",
      sleep: clock.sleep,
      nowMs: clock.nowMs,
      fetchImpl: (async () => {
        calls++;
        // what undici's fetch throws when getaddrinfo fails
        throw Object.assign(new TypeError("fetch failed"), {
          cause: Object.assign(new Error("getaddrinfo ENOTFOUND no-such-host.invalid"), {
            code: "ENOTFOUND",
          }),
        });
      }) as typeof fetch,
    });
    await expect(
      client.getPage({
        category: "linear",
        symbol: "BTCUSDT",
        interval: "1",
        startMs: 0,
        endMs: 59_999,
        limit: 1,
      }),
    ).rejects.toThrow(
      /cannot resolve the host of http:\/\/no-such-host\.invalid \(ENOTFOUND\); check --base-url and the network/,
    );
    expect(calls).toBe(1);
    expect(clock.t.sleeps.filter((ms) => ms > 100)).toEqual([]);
  });
});
