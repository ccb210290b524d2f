import { describe, expect, it } from "vitest";
import { csvField, parseCsvLine, readCsvRecords } from "../../src/market/csv.js";

describe("strict CSV reader", () => {
  it("splits plain and quoted fields, with doubled quotes and commas inside quotes", () => {
    expect(parseCsvLine("a,b,,c", "f.csv", 1)).toEqual(["a", "b", "", "c"]);
    expect(parseCsvLine('"a,1","say ""hi""",x', "f.csv", 1)).toEqual(["a,1", 'say "hi"', "x"]);
    expect(parseCsvLine('x,""', "f.csv", 1)).toEqual(["x", ""]);
  });

  it("names file and line for an unterminated quote, a stray quote and text after a closing quote", () => {
    expect(() => parseCsvLine('a,"b', "f.csv", 7)).toThrow(
      /f\.csv line 7: unterminated quoted field \(field 2\)/,
    );
    expect(() => parseCsvLine('a,b"c', "f.csv", 3)).toThrow(/f\.csv line 3: stray double quote in field 2/);
    expect(() => parseCsvLine('"a"b,c', "f.csv", 2)).toThrow(
      /f\.csv line 2: unexpected text after the closing quote/,
    );
  });

  it("keeps 1-based line numbers across CRLF, a BOM and blank lines", () => {
    const recs = readCsvRecords("\uFEFFh1,h2\r\n1,2\r\n\r\n3,4\n", "f.csv");
    expect(recs).toEqual([
      { line: 1, fields: ["h1", "h2"] },
      { line: 2, fields: ["1", "2"] },
      { line: 4, fields: ["3", "4"] },
    ]);
  });

  it("quotes output fields only when needed and reads them back", () => {
    const values = ["plain", "a,b", 'q"x', ""];
    const line = values.map(csvField).join(",");
    expect(line).toBe('plain,"a,b","q""x",');
    expect(parseCsvLine(line, "f.csv", 1)).toEqual(values);
  });
});
