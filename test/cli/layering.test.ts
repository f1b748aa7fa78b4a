/**
 * The layout's two rules, checked on the source: the library never imports from the CLI, and
 * the CLI reaches the library only through its entry points (and `socket/extensions.ts`, the
 * part of it made for tools), never through a private `_` module.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SRC = resolve(import.meta.dir, "../../src");
const ENTRY_POINTS = new Set([
  "index.ts",
  "socket/index.ts",
  "socket/extensions.ts",
  "ssl/index.ts",
  "selectors/index.ts",
  "socketserver/index.ts",
]);

/** Every relative module a source file imports (static, dynamic or re-export), as src paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)];
  return specifiers.map((m) => relative(SRC, resolve(dirname(join(SRC, file)), m[1] as string)));
}

const files = [...new Bun.Glob("**/*.ts").scanSync(SRC)];

describe("layering", () => {
  test("the source tree was read (a glob that found nothing would pass every rule)", () => {
    expect(files.filter((f) => f.startsWith("cli/")).length).toBeGreaterThan(50);
    expect(files.filter((f) => f.startsWith("socket/")).length).toBeGreaterThan(50);
  });

  test("no library module imports from the CLI (only the binary's entry point does)", () => {
    const library = files.filter((f) => !f.startsWith("cli/") && f !== "bin.ts");
    const offending = library.flatMap((f) =>
      importsOf(f)
        .filter((target) => target.startsWith("cli/"))
        .map((target) => `${f} -> ${target}`),
    );
    expect(offending).toEqual([]);
  });

  test("the CLI imports the library only through its entry points", () => {
    const cli = files.filter((f) => f.startsWith("cli/"));
    const offending = cli.flatMap((f) =>
      importsOf(f)
        .filter((target) => !target.startsWith("cli/") && !target.startsWith(".."))
        .filter((target) => target !== "../package.json" && !ENTRY_POINTS.has(target))
        .map((target) => `${f} -> ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
