/**
 * Vega-Lite spec → static SVG, in Node, without a browser: vega-lite compiles the spec to a Vega spec,
 * a headless Vega view (renderer "none") renders it to an SVG string. Text is measured by Vega's
 * built-in width estimate (no canvas package, no system fonts), so the output depends only on the spec
 * and the library versions: the same spec gives the same bytes on every run and machine.
 *
 * Compiler and runtime warnings are collected and returned instead of printed, so a caller (or a test)
 * can decide; errors throw.
 */
import type { TopLevelSpec } from "vega-lite";

type VegaLibs = [typeof import("vega"), typeof import("vega-lite")];
let libs: Promise<VegaLibs> | undefined;

/**
 * vega and vega-lite, imported on first use: they are ES modules with top-level await, and strategy
 * files that import the public API are compiled to CommonJS by the strategy loader, where a static
 * import of them would not load.
 */
function vegaLibs(): Promise<VegaLibs> {
  libs ??= Promise.all([import("vega"), import("vega-lite")]);
  return libs;
}

export interface RenderedChart {
  readonly svg: string;
  /** The compiled Vega spec (what the interactive report hands to the Vega runtime). */
  readonly vegaSpec: object;
  readonly warnings: string[];
}

/** A logger with the interface vega-lite's compile() and vega's View expect, keeping warnings. */
function collectingLogger(warnings: string[], initialLevel: number) {
  let level = initialLevel;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]): never {
      throw new Error(args.map(String).join(" "));
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(" "));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/** Compile a Vega-Lite spec to a Vega spec (warnings pushed to `warnings`). */
export async function compileSpec(spec: TopLevelSpec, warnings: string[] = []): Promise<object> {
  const [vega, vl] = await vegaLibs();
  // biome-ignore lint/suspicious/noExplicitAny: the two libraries type their logger interfaces separately
  return vl.compile(spec, { logger: collectingLogger(warnings, vega.Warn) as any }).spec;
}

/** Compile and render one chart to SVG. */
export async function renderSvg(spec: TopLevelSpec): Promise<RenderedChart> {
  const warnings: string[] = [];
  const vegaSpec = await compileSpec(spec, warnings);
  const [vega] = await vegaLibs();
  const logger = collectingLogger(warnings, vega.Warn);
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const view = new vega.View(vega.parse(vegaSpec), { renderer: "none", logger: logger as any });
  try {
    const svg = await view.toSVG();
    return { svg, vegaSpec, warnings };
  } finally {
    view.finalize();
  }
}
