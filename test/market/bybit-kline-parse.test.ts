import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  dropOpenCandles,
  isOpenCandle,
  locateListLines,
  parseKlineResponse,
  parseKlineResponseText,
} from "../../src/market/bybit-kline-parse.js";
import { describeWithSharedData } from "../helpers/shared-data.js";
import { klineResponse, makeCandles } from "./bybit-fixtures.js";

const DATA = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../shared/data/bybit/kline-v5",
);
const T0 = Date.UTC(2024, 5, 3, 0, 0);
const FIVE = 300_000;

describe("Bybit v5 kline response parsing", () => {
  it("reverses the newest-first list into ascending candles with all seven fields", () => {
    const cs = makeCandles(T0, FIVE, 3);
    const parsed = parseKlineResponse(klineResponse(cs, { timeMs: T0 + 3 * FIVE }), "r.json");
    expect(parsed.candles).toEqual(cs);
    expect(parsed.symbol).toBe("BTCUSDT");
    expect(parsed.category).toBe("linear");
    expect(parsed.timeMs).toBe(T0 + 3 * FIVE);
  });

  it("drops the candle still open at the response's time, and only that one", () => {
    const cs = makeCandles(T0, FIVE, 4);
    // Server time 1 minute into the 4th bar: bar 3 (opened T0+15m) is open, bar 2 closed at T0+15m.
    const time = T0 + 3 * FIVE + 60_000;
    expect(isOpenCandle(T0 + 3 * FIVE, FIVE, time)).toBe(true);
    expect(isOpenCandle(T0 + 2 * FIVE, FIVE, time)).toBe(false);
    expect(isOpenCandle(T0 + 2 * FIVE, FIVE, T0 + 3 * FIVE)).toBe(false); // closes exactly at `time`
    const parsed = parseKlineResponse(klineResponse(cs, { timeMs: time }), "r.json");
    expect(dropOpenCandles(parsed, FIVE)).toBe(1);
    expect(parsed.candles.map((c) => c.openTimeMs)).toEqual([T0, T0 + FIVE, T0 + 2 * FIVE]);
  });

  it("turns retCode != 0 into BYBIT_API_ERROR (live) or VALIDATION_ERROR (saved file) with Bybit's message", () => {
    const body = { retCode: 10001, retMsg: "params error", result: {}, retExtInfo: {}, time: 1 };
    expect(() => parseKlineResponse(body, "GET x", { origin: "response" })).toThrow(
      expect.objectContaining({
        code: "BYBIT_API_ERROR",
        message: expect.stringMatching(/retCode 10001 \("params error"\).*--symbol/),
      }),
    );
    expect(() => parseKlineResponse(body, "saved.json")).toThrow(
      expect.objectContaining({
        code: "VALIDATION_ERROR",
        message: expect.stringMatching(/saved\.json: .*re-fetch/),
      }),
    );
  });

  it("names file, line and field for a bad number, and the line for a row out of order", () => {
    const cs = makeCandles(T0, FIVE, 3);
    const body = klineResponse(cs);
    body.result.list[1]![2] = "abc"; // high of the middle row
    const text = JSON.stringify(body, null, 4);
    const lines = locateListLines(text)!;
    expect(lines.entry).toHaveLength(3);
    // With 4-space pretty printing, each entry is "[" + 7 field lines + "]".
    expect(lines.fields[1]![2]).toBe(lines.entry[1]! + 3);
    expect(text.split("\n")[lines.fields[1]![2]! - 1]).toContain('"abc"');
    expect(() => parseKlineResponseText(text, "r.json")).toThrow(
      new RegExp(
        `r\\.json, line ${lines.fields[1]![2]}, result\\.list\\[1\\], field high: "abc" is not a finite decimal number`,
      ),
    );
    const swapped = klineResponse(cs);
    swapped.result.list.reverse(); // oldest first: not how Bybit sends it
    expect(() => parseKlineResponseText(JSON.stringify(swapped, null, 2), "o.json")).toThrow(
      /o\.json, line \d+, result\.list\[1\], field startTime: .*must be newest first/,
    );
  });

  it("reports malformed JSON with line and column", () => {
    const text = '{\n  "retCode": 0,\n  "result": {"list": [ }\n}';
    expect(() => parseKlineResponseText(text, "broken.json")).toThrow(
      expect.objectContaining({
        code: "PARSE_ERROR",
        message: expect.stringMatching(
          /^broken\.json line 3 column 24: malformed JSON \(expected a value, found "}"\)/,
        ),
      }),
    );
  });

  it("reports a truncated file as an unexpected end of file", () => {
    const text = JSON.stringify(klineResponse(makeCandles(T0, FIVE, 3)), null, 2);
    expect(() => parseKlineResponseText(text.slice(0, 200), "cut.json")).toThrow(
      /^cut\.json line \d+ column \d+: malformed JSON \(unexpected end of file\)/,
    );
  });

  it("rejects a wrong envelope and short rows", () => {
    expect(() => parseKlineResponse([], "a.json")).toThrow(/a\.json: the top level is not a JSON object/);
    expect(() => parseKlineResponse({ retCode: 0, result: { list: {} } }, "b.json")).toThrow(
      /result\.list is not an array/,
    );
    expect(() => parseKlineResponse({ retCode: 0, result: { list: [["1", "2"]] } }, "c.json")).toThrow(
      /c\.json, result\.list\[0\]: expected \[startTime, open, high, low, close, volume, turnover\]/,
    );
  });

  describeWithSharedData(DATA, "real recorded responses", () => {
    it("each of the three files has 200 rows, 5-minute spacing, and exactly one still-open first row", () => {
      const files = readdirSync(DATA).filter((f) => f.endsWith(".json"));
      expect(files).toHaveLength(3);
      for (const f of files) {
        const parsed = parseKlineResponseText(readFileSync(path.join(DATA, f), "utf8"), f);
        expect(parsed.candles).toHaveLength(200);
        const t = parsed.candles.map((c) => c.openTimeMs);
        expect(t.every((x, i) => i === 0 || x - t[i - 1]! === FIVE)).toBe(true);
        expect(dropOpenCandles(parsed, FIVE)).toBe(1);
        expect(parsed.candles).toHaveLength(199);
      }
    });

    it("the open row of klines_46a1fdd is the provisional version of a bar that klines_d86ae7d has closed", () => {
      const a = parseKlineResponseText(readFileSync(path.join(DATA, "klines_46a1fdd.json"), "utf8"), "a");
      const b = parseKlineResponseText(readFileSync(path.join(DATA, "klines_d86ae7d.json"), "utf8"), "b");
      const openBar = a.candles[a.candles.length - 1]!;
      // time 1717488354400 is 54.4 s into the bar opened at 1717488300000 (2024-06-04T08:05Z).
      expect(openBar.openTimeMs).toBe(1717488300000);
      expect(a.timeMs).toBe(1717488354400);
      const closed = b.candles.find((c) => c.openTimeMs === openBar.openTimeMs)!;
      expect(openBar).toMatchObject({ high: 68960.7, close: 68925.8, volume: 48.589 });
      expect(closed).toMatchObject({ high: 69030.5, close: 69024, volume: 135.708 });
    });
  });
});
