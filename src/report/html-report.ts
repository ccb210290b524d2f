/**
 * The report's HTML page: one self-contained file (styles, SVG charts and, with --interactive, the Vega
 * runtime all inlined). A Content-Security-Policy meta tag forbids every network fetch, so the page
 * opens offline and cannot leak a request even by mistake. No timestamps or random ids: the same
 * sections give the same bytes.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { TableCells } from "./tca-tables.js";

/** One section of the report, in page order. */
export interface ReportSection {
  readonly id: string;
  readonly title: string;
  /** HTML (already escaped where it holds data). */
  readonly body: string;
}

/** A chart handed to the Vega runtime in the interactive page. */
export interface LiveChart {
  /** id of the element holding the chart's static SVG (replaced by the live view). */
  readonly elementId: string;
  readonly vegaSpec: object;
}

export interface HtmlReportInput {
  readonly title: string;
  /** One line under the title (HTML). */
  readonly subtitle: string;
  readonly sections: readonly ReportSection[];
  /** With --interactive: the charts to bring to life with the inlined Vega runtime. */
  readonly live?: readonly LiveChart[];
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A table from header and cell texts (escaped); numeric-looking cells right-aligned. */
export function htmlTable(t: TableCells): string {
  const num = /^[-+−]?[\d.,]+(e[-+]?\d+)?( ± [-\d.]+)?( \([-\d.]+\))?$|^-$/;
  const head = t.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = t.rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td${num.test(c) ? ' class="n"' : ""}>${escapeHtml(c)}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A chart: its SVG in a figure with an id, a caption under it. */
export function chartFigure(elementId: string, svg: string, caption: string): string {
  return `<figure><div class="chart" id="${elementId}">${svg}</div><figcaption>${caption}</figcaption></figure>`;
}

const STYLE = `
body{font:14px/1.45 Helvetica,Arial,sans-serif;color:#222;margin:0 auto;max-width:1100px;padding:0 24px 48px}
header{border-bottom:2px solid #4c78a8;margin-bottom:8px}
h1{font-size:24px;margin:24px 0 4px}
h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
nav a{margin-right:14px;font-size:13px}
figure{margin:8px 0}
figcaption,.note{color:#555;font-size:13px;max-width:820px}
.note{background:#fff8e5;border-left:3px solid #eeca3b;padding:6px 10px}
.chart svg{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:12.5px;margin:6px 0}
th,td{border-bottom:1px solid #e5e5e5;padding:3px 8px;text-align:left;white-space:nowrap}
th{background:#f4f6f9}
td.n{text-align:right;font-variant-numeric:tabular-nums}
pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px;max-height:360px}
details{margin:6px 0}
`;

function csp(interactive: boolean): string {
  const script = interactive ? "; script-src 'unsafe-inline' 'unsafe-eval'" : "";
  return `default-src 'none'; style-src 'unsafe-inline'; img-src data:${script}`;
}

/** JSON that is safe inside a <script> element. */
function scriptJson(x: unknown): string {
  return JSON.stringify(x).replace(/</g, "\\u003c");
}

let vegaRuntime: string | undefined;

/** The Vega runtime (vega.min.js from the installed package), read once. */
function vegaRuntimeSource(): string {
  if (vegaRuntime === undefined) {
    const main = createRequire(import.meta.url).resolve("vega");
    vegaRuntime = readFileSync(path.join(path.dirname(main), "vega.min.js"), "utf8").replace(
      /<\/script/gi,
      "<\\/script",
    );
  }
  return vegaRuntime;
}

function liveScripts(live: readonly LiveChart[]): string {
  const specs = live.map((c) => ({ id: c.elementId, spec: c.vegaSpec }));
  return `<script>${vegaRuntimeSource()}</script>
<script type="application/json" id="execsim-specs">${scriptJson(specs)}</script>
<script>
(function(){
  var specs = JSON.parse(document.getElementById("execsim-specs").textContent);
  specs.forEach(function(c){
    var el = document.getElementById(c.id);
    el.innerHTML = "";
    new vega.View(vega.parse(c.spec), {renderer: "svg", container: el, hover: true}).runAsync();
  });
})();
</script>`;
}

/** The whole page. */
export function renderHtmlReport(r: HtmlReportInput): string {
  const interactive = (r.live?.length ?? 0) > 0;
  const nav = r.sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join("\n");
  const body = r.sections
    .map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.body}\n</section>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp(interactive)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="execsim">
<title>${escapeHtml(r.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(r.title)}</h1>
<p>${r.subtitle}</p>
<nav>${nav}</nav>
</header>
${body}
${interactive ? liveScripts(r.live!) : ""}
</body>
</html>
`;
}
