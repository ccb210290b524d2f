/**
 * The public API surface of every entry point in ENTRY_POINTS: each exported name with what it is
 * (function, class, object, number, string, boolean, or "type" for a type-only export), read from
 * the TypeScript sources with the compiler's own export resolution. api/public-api.json holds the
 * committed copy; test/package/public-api.test.ts fails when they differ, so a change to the public
 * API is always deliberate (`npm run api:update` rewrites the file after such a change).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { ENTRY_POINTS } from "../../src/core/entry-points.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SNAPSHOT = path.join(ROOT, "api", "public-api.json");

export type ApiSurface = Record<string, Record<string, string>>;

function kindOf(checker: ts.TypeChecker, symbol: ts.Symbol): string {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const f = target.flags;
  if (f & ts.SymbolFlags.Class) return "class";
  if (f & ts.SymbolFlags.Function) return "function";
  if (f & ts.SymbolFlags.Enum) return "enum";
  if (f & ts.SymbolFlags.Variable) {
    const decl = target.valueDeclaration;
    const t = decl ? checker.getTypeOfSymbolAtLocation(target, decl) : undefined;
    if (t && t.getCallSignatures().length > 0) return "function";
    if (t && t.flags & ts.TypeFlags.NumberLike) return "number";
    if (t && t.flags & ts.TypeFlags.StringLike) return "string";
    if (t && t.flags & ts.TypeFlags.BooleanLike) return "boolean";
    return "object";
  }
  return "type";
}

/** Names and kinds exported by each entry point, sorted, keyed by package specifier. */
export function apiSurface(): ApiSurface {
  const files = Object.values(ENTRY_POINTS).map((f) => path.join(ROOT, "src", `${f}.ts`));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const out: ApiSurface = {};
  for (const [spec, file] of Object.entries(ENTRY_POINTS)) {
    const sf = program.getSourceFile(path.join(ROOT, "src", `${file}.ts`));
    const mod = sf ? checker.getSymbolAtLocation(sf) : undefined;
    if (!mod) throw new Error(`entry point ${spec}: src/${file}.ts is missing or has no exports`);
    const entries = checker
      .getExportsOfModule(mod)
      .map((s) => [s.getName(), kindOf(checker, s)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out[spec] = Object.fromEntries(entries);
  }
  return out;
}
