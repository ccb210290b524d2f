import { describe, expect, it } from "vitest";
import {
  parseDecimal,
  parseDecimalAt,
  parseEpochMs,
  parseIsoUtcMs,
  parseJsonDecimal,
  parseTimestampAt,
  parseTimestampMs,
} from "../../src/market/import-fields.js";

const ref = { file: "x.csv", line: 12, field: "high" };

describe("strict field parsers", () => {
  it("parses decimals and scientific notation exactly as Number would", () => {
    expect(parseDecimal("68960.7", ref)).toBe(68960.7);
    expect(parseDecimal(" -1.5e-3 ", ref)).toBe(-0.0015);
    expect(parseDecimal(".5", ref)).toBe(0.5);
    expect(parseJsonDecimal("3349852.1896", ref)).toBe(3349852.1896);
    expect(parseJsonDecimal(42, ref)).toBe(42);
  });

  it("rejects empty, NaN, Infinity, hex and trailing text, naming file, line and field", () => {
    for (const bad of ["", "NaN", "Infinity", "0x10", "12abc", "1,5", "--1"]) {
      expect(() => parseDecimal(bad, ref)).toThrow(
        /^x\.csv, line 12, field high: ".*" is not a finite decimal number/,
      );
    }
    expect(() => parseDecimal("1e999", ref)).toThrow(/overflows/);
    expect(() => parseJsonDecimal(null, { file: "r.json", path: "result.list[3]", field: "open" })).toThrow(
      /r\.json, result\.list\[3\], field open: expected a numeric string, got null/,
    );
  });

  it("parses ISO-8601 with T or space, zones, fractions and bare dates", () => {
    expect(parseIsoUtcMs("2025-05-30 16:39:00+00:00")).toBe(Date.UTC(2025, 4, 30, 16, 39));
    expect(parseIsoUtcMs("2025-05-30T16:39:00Z")).toBe(Date.UTC(2025, 4, 30, 16, 39));
    expect(parseIsoUtcMs("2025-05-30T16:39:00")).toBe(Date.UTC(2025, 4, 30, 16, 39)); // no zone = UTC
    expect(parseIsoUtcMs("2025-05-30T18:39:00+02:00")).toBe(Date.UTC(2025, 4, 30, 16, 39));
    expect(parseIsoUtcMs("2025-05-30T14:09:00-0230")).toBe(Date.UTC(2025, 4, 30, 16, 39));
    expect(parseIsoUtcMs("2024-06-03T15:30:00.123Z")).toBe(Date.UTC(2024, 5, 3, 15, 30, 0, 123));
    expect(parseIsoUtcMs("2024-01-01")).toBe(Date.UTC(2024, 0, 1));
  });

  it("rejects impossible calendar dates that Date.parse would roll over", () => {
    expect(Date.parse("2025-02-30T00:00:00Z")).toBe(Date.UTC(2025, 2, 2)); // why we do not use it
    expect(parseIsoUtcMs("2025-02-30T00:00:00Z")).toBeUndefined();
    expect(parseIsoUtcMs("2025-13-01")).toBeUndefined();
    expect(parseIsoUtcMs("2025-01-01T24:00:00Z")).toBeUndefined();
    expect(parseIsoUtcMs("2025-1-1")).toBeUndefined();
  });

  it("knows leap years and accepts minutes without seconds", () => {
    expect(parseIsoUtcMs("2024-02-29")).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoUtcMs("2000-02-29T12:00Z")).toBe(Date.UTC(2000, 1, 29, 12));
    expect(parseIsoUtcMs("2023-02-29")).toBeUndefined();
    expect(parseIsoUtcMs("1900-02-29")).toBeUndefined();
    expect(parseIsoUtcMs("2024-04-31")).toBeUndefined();
    expect(parseIsoUtcMs("2024-01-01T00:00")).toBe(Date.UTC(2024, 0, 1));
    expect(parseIsoUtcMs("2024-01-01T00:00:00.5Z")).toBe(Date.UTC(2024, 0, 1) + 500);
    expect(parseIsoUtcMs("2024-01-01T00:00:00.Z")).toBeUndefined();
    expect(parseIsoUtcMs("2024-01-01 x")).toBeUndefined();
    expect(parseIsoUtcMs("2024-01-01T00:00:00Zjunk")).toBeUndefined();
    expect(parseIsoUtcMs("2024-01-01T00:00:00+24:00")).toBeUndefined();
  });

  it("fast-path parsers agree with the checked ones and fall back to their errors", () => {
    expect(parseDecimalAt("68960.7", "f", 2, "open")).toBe(68960.7);
    expect(parseDecimalAt(" 1.5 ", "f", 2, "open")).toBe(1.5);
    expect(() => parseDecimalAt("x", "f.csv", 9, "low")).toThrow(
      /^f\.csv, line 9, field low: "x" is not a finite/,
    );
    expect(parseTimestampAt("1717488300000", "f", 2, "timestamp")).toBe(1717488300000);
    expect(parseTimestampAt("2024-06-04 08:05:00+00:00", "f", 2, "timestamp")).toBe(1717488300000);
    expect(() => parseTimestampAt("2024-13-01", "f.csv", 4, "time")).toThrow(/^f\.csv, line 4, field time: /);
  });

  it("reads epoch milliseconds (12+ digits) and seconds with fractions (Bybit trade files)", () => {
    expect(parseEpochMs("1717488300000")).toBe(1717488300000);
    expect(parseEpochMs("1585180700")).toBe(1585180700000);
    expect(parseEpochMs("1585180700.0647")).toBe(1585180700064); // sub-ms digits truncated
    expect(parseEpochMs("1585180700.5")).toBe(1585180700500);
    expect(parseEpochMs("1717488300000.5")).toBeUndefined();
    expect(parseTimestampMs("1717488300000", ref)).toBe(1717488300000);
    expect(parseTimestampMs("2024-06-04T08:05:00Z", ref)).toBe(1717488300000);
    expect(() => parseTimestampMs("yesterday", { file: "t.csv", line: 5, field: "timestamp" })).toThrow(
      /t\.csv, line 5, field timestamp: "yesterday" is not a timestamp/,
    );
  });
});
