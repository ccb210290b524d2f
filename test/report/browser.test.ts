/**
 * The report in a real browser: Debian's chromium (`.ci/run` installs it when missing), driven over the
 * DevTools protocol by puppeteer-core (no browser download), for a compare batch and a sweep, static
 * and interactive. Checks that every chart is rendered SVG,
 * that the page made no request beyond its own file and logged no console error, and saves full-page
 * screenshots under test-artifacts/ (not committed). Skips, saying why, only where no chromium exists.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareStrategies } from "../../src/experiment/batch.js";
import { runSweep } from "../../src/experiment/sweep/run-sweep.js";
import { buildReport } from "../../src/report/build-report.js";
import { openDatabase } from "../../src/store/database.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ARTIFACTS = process.env.EXECSIM_TEST_ARTIFACTS ?? path.join(ROOT, "test-artifacts");
const CHROMIUM = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p): p is string => !!p && existsSync(p),
);
if (!CHROMIUM)
  console.warn(
    "report browser test skipped: no chromium found (install Debian's `chromium`, as .ci/run does, or set CHROMIUM_PATH)",
  );

/** The pages under test: a compare batch and a λ sweep of IS, each static and interactive. */
const PAGES = {
  static: ["shortfall", "cost-parts", "trajectories", "price-path", "impact"],
  interactive: ["shortfall", "cost-parts", "trajectories", "price-path", "impact"],
  "sweep-static": ["frontier", "shortfall", "cost-parts", "impact"],
  "sweep-interactive": ["frontier", "shortfall", "cost-parts", "impact"],
} as const;
type PageName = keyof typeof PAGES;

let dir: string;
let browser: Browser;
const pages: Record<PageName, string> = {
  static: "",
  interactive: "",
  "sweep-static": "",
  "sweep-interactive": "",
};

beforeAll(async () => {
  if (!CHROMIUM) return;
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-browser-"));
  const store = openDatabase(":memory:");
  try {
    const r = await compareStrategies(store, { fromMs: Date.UTC(2024, 0, 2), toMs: Date.UTC(2024, 0, 16) });
    const sweep = await runSweep(store, {
      strategy: "is",
      params: ["lambda=1e-6:1e-2:5"],
      run: { fromMs: Date.UTC(2024, 0, 2), toMs: Date.UTC(2024, 0, 16) },
    });
    for (const mode of Object.keys(PAGES) as PageName[]) {
      pages[mode] = path.join(dir, `${mode}.html`);
      const built = await buildReport(
        store,
        mode.startsWith("sweep") ? { sweepId: String(sweep.sweepId) } : { batchId: r.batchId! },
        { interactive: mode.endsWith("interactive") },
      );
      writeFileSync(pages[mode], built.html);
    }
  } finally {
    store.close();
  }
  const { default: puppeteer } = await import("puppeteer-core");
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${path.join(dir, "profile")}`,
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!CHROMIUM)("the HTML report in headless Chromium", () => {
  for (const mode of Object.keys(PAGES) as PageName[]) {
    const CHARTS = PAGES[mode];
    it(`${mode}: renders every chart as SVG, fetches nothing, logs no error`, async () => {
      const page = await browser.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warn") errors.push(`${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.setViewport({ width: 1200, height: 900 });
      const url = pathToFileURL(pages[mode]).href;
      await page.goto(url, { waitUntil: "load" });
      // the interactive page renders with Vega after load: wait until every chart holds its live SVG
      await page.waitForFunction(
        `[...document.querySelectorAll(".chart")].filter((c) => c.querySelector("svg g.mark-group")).length === ${CHARTS.length}`,
        { timeout: 20_000 },
      );
      // in the page (a string: this project compiles without the DOM types)
      const charts = (await page.evaluate(`[...document.querySelectorAll(".chart")].map((el) => {
        const svg = el.querySelector("svg");
        const box = svg.getBoundingClientRect();
        return { id: el.id, width: box.width, height: box.height, marks: svg.querySelectorAll("path, line, rect, text").length };
      })`)) as { id: string; width: number; height: number; marks: number }[];
      expect(charts.map((c) => c.id)).toEqual(CHARTS.map((c) => `chart-${c}`));
      for (const c of charts) {
        expect(c.width, c.id).toBeGreaterThan(200);
        expect(c.height, c.id).toBeGreaterThan(150);
        expect(c.marks, c.id).toBeGreaterThan(20);
      }
      expect(requests).toEqual([url]);
      expect(errors).toEqual([]);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, `report-${mode}.png`), fullPage: true });
      await page.close();
    });
  }
});
