import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../src/core/interval.js";
import type { CandleSeries } from "../../src/core/market-types.js";
import { SeriesPrefixSums } from "../../src/engine/pre-start-sums.js";
import { VolumeProfileSums } from "../../src/engine/volume-profile.js";
import { makeSeries } from "../helpers/engine-fixtures.js";

/** The definition, scanned from bar 0 every time (the pre-running-sums implementation). */
function scanProfile(s: CandleSeries, end: number, bucketMs: number): Float64Array {
  const k = DAY_MS / bucketMs;
  const sum = new Float64Array(k);
  const count = new Float64Array(k);
  let total = 0;
  let n = 0;
  for (let i = 0; i < Math.min(end, s.length); i++) {
    const v = s.volume[i]!;
    if (!Number.isFinite(v)) continue;
    const b = Math.floor((((s.openTimeMs[i]! % DAY_MS) + DAY_MS) % DAY_MS) / bucketMs);
    sum[b]! += v;
    count[b]! += 1;
    total += v;
    n++;
  }
  const out = new Float64Array(k);
  if (n === 0 || !(total > 0)) return out.fill(1 / k);
  let norm = 0;
  for (let b = 0; b < k; b++) {
    out[b] = count[b]! > 0 ? sum[b]! / count[b]! : total / n;
    norm += out[b]!;
  }
  for (let b = 0; b < k; b++) out[b]! /= norm;
  return out;
}

describe("VolumeProfileSums: the volume profile from running per-bucket sums", () => {
  it("gives the scanned profile bit for bit for any sequence of cut-offs, bucket and gaps", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(MINUTE_MS, 5 * MINUTE_MS, HOUR_MS, 6 * HOUR_MS, DAY_MS),
        fc.array(fc.integer({ min: -5, max: 3000 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 2999 }), { maxLength: 5 }),
        (seed, bucketMs, cuts, nanAt) => {
          const s = makeSeries({ n: 3000, seed: `p${seed}`, startMs: Date.UTC(2024, 0, 1, 7, 13) });
          for (const i of nanAt) s.volume[i] = Number.NaN;
          const sums = new VolumeProfileSums(s, bucketMs);
          for (const c of cuts) expect(sums.profileBefore(c)).toEqual(scanProfile(s, c, bucketMs));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("visits each bar once while the cut-off moves forward, and again only after moving back", () => {
    const s = makeSeries({ n: 5000 });
    const sums = new VolumeProfileSums(s, HOUR_MS);
    for (let end = 1000; end <= 5000; end += 1000) sums.profileBefore(end);
    expect(sums.barsVisited).toBe(5000);
    sums.profileBefore(4000);
    expect(sums.barsVisited).toBe(9000);
  });

  it("is what SeriesPrefixSums hands the market view, one set of sums per bucket length", () => {
    const s = makeSeries({ n: 4000 });
    const pre = new SeriesPrefixSums(s);
    expect(pre.volumeProfile(2500, HOUR_MS)).toEqual(scanProfile(s, 2500, HOUR_MS));
    expect(pre.volumeProfile(3999, MINUTE_MS)).toEqual(scanProfile(s, 3999, MINUTE_MS));
    expect(pre.volumeProfile(4000, HOUR_MS)).toEqual(scanProfile(s, 4000, HOUR_MS));
    expect(() => pre.volumeProfile(10, 7 * MINUTE_MS)).toThrow(/divides a day/);
  });
});
