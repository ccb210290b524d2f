/**
 * The AMM routing venue in the venue registry: `--impact routed --impact-param pools=pools.json
 * --impact-param routing=optimal` (or `createVenue("routed", {pools, routing, book})`) builds a RoutedVenue
 * around a registered book venue (default "book", with its default parameters) and the pools of a pools
 * file (path) or document. `compare --pools --routing` builds the same venue per routing mode.
 */
import { ExecsimError } from "../../core/errors.js";
import { loadPoolsFile, parsePoolsConfig, ROUTING_MODES, type RoutingMode } from "../amm/pools-file.js";
import { defineVenue, findVenue, registerVenue } from "../venue-registry.js";
import { RoutedVenue } from "./routed-venue.js";
import { DEFAULT_ROUTE_STEP } from "./router.js";

const DEFAULTS = Object.freeze({
  pools: null as unknown,
  routing: "optimal",
  book: "book",
  takerFeeRate: 0.00055,
  step: DEFAULT_ROUTE_STEP,
  arbitrage: null as boolean | null,
});

export function registerRoutedVenue(): void {
  registerVenue(
    defineVenue<typeof DEFAULTS>({
      name: "routed",
      description: "a book venue and AMM pools on one clock, each child split by a routing mode",
      defaults: DEFAULTS,
      validate: (p) => {
        if (p.pools === undefined || p.pools === null) {
          throw new ExecsimError("INVALID_ARGUMENT", 'impact model "routed" needs pools=FILE (a pools file)');
        }
        if (!(ROUTING_MODES as readonly string[]).includes(String(p.routing ?? "optimal"))) {
          throw new ExecsimError("INVALID_ARGUMENT", `routing=${p.routing}: use ${ROUTING_MODES.join(", ")}`);
        }
      },
      create: (p) => {
        const pools = typeof p.pools === "string" ? loadPoolsFile(p.pools) : parsePoolsConfig(p.pools);
        const bookName = String(p.book ?? "book");
        const book = findVenue(bookName);
        if (book === undefined || book.name === "routed") {
          throw new ExecsimError(
            "INVALID_ARGUMENT",
            `book=${bookName}: name a registered venue such as book or sqrt`,
          );
        }
        return new RoutedVenue(book.create({}), {
          mode: String(p.routing ?? "optimal") as RoutingMode,
          pools: typeof p.arbitrage === "boolean" ? { ...pools, arbitrage: p.arbitrage } : pools,
          takerFeeRate: Number(p.takerFeeRate ?? DEFAULTS.takerFeeRate),
          step: Number(p.step ?? DEFAULT_ROUTE_STEP),
        });
      },
    }),
  );
}
