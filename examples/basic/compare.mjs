// Runs a comparison through execsim's library layer from a plain Node script: TWAP, VWAP and this
// folder's strategy file on the built-in data, stored in ./example.db (or the path given).
import { compareStrategies, comparisonTable, openDatabase } from "execsim";

const db = openDatabase(process.argv[2] ?? "example.db");
try {
  const result = await compareStrategies(db, {
    strategies: ["twap", "vwap", "./front-loaded.ts:first=0.5"],
    horizonMs: 60 * 60_000,
    seed: "7",
  });
  console.log(`${result.parents} parent orders, candles ${result.candlesHash.slice(0, 12)}`);
  console.log(comparisonTable(result.summary));
  console.log(JSON.stringify({ runs: result.runs.map((r) => ({ strategy: r.strategy, status: r.status })) }));
} finally {
  db.close();
}
