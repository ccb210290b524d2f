/** Plain-text tables for terminals: aligned columns, numbers right-aligned and printed readably. */
/** Render rows as an aligned text table; numbers right-aligned. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : c)));
  // a loop, not Math.max(...cells): spreading a million rows into arguments overflows the stack
  const widths = headers.map((h) => h.length);
  for (const r of cells)
    for (let j = 0; j < widths.length; j++) widths[j] = Math.max(widths[j]!, (r[j] ?? "").length);
  const right = headers.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === "number"));
  const line = (r: readonly string[]) =>
    r
      .map((c, j) => (right[j] ? c.padStart(widths[j]!) : c.padEnd(widths[j]!)))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

/** A table of header and cell texts (TableCells) as an aligned text table. */
export function formatCells(t: {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}): string {
  return formatTable(t.headers, t.rows);
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return x.toExponential(4);
  return x.toFixed(a >= 100 ? 2 : a >= 1 ? 4 : 6);
}
