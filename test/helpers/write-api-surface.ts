/** `npm run api:update`: rewrite api/public-api.json from the sources (review the diff before committing). */
import { writeFileSync } from "node:fs";
import { apiSurface, SNAPSHOT } from "./api-surface.js";

writeFileSync(SNAPSHOT, `${JSON.stringify(apiSurface(), null, 2)}\n`);
process.stdout.write(`wrote ${SNAPSHOT}\n`);
