/**
 * `npm run release`: cross-compiles sockit for every platform we ship into dist/release/, writes
 * SHA256SUMS, and reports each file's size (and, for the one this machine can run, its
 * `--version` start-up time). Bun fetches each target's runtime from the npm registry.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const OUT = "dist/release";

/** Our file names and Bun's target names. */
export const TARGETS: readonly [file: string, target: string][] = [
  ["sockit-linux-x64", "bun-linux-x64"],
  ["sockit-linux-x64-musl", "bun-linux-x64-musl"],
  ["sockit-linux-arm64", "bun-linux-arm64"],
  ["sockit-darwin-x64", "bun-darwin-x64"],
  ["sockit-darwin-arm64", "bun-darwin-arm64"],
  ["sockit-windows-x64.exe", "bun-windows-x64"],
];

function compile(file: string, target: string): void {
  const result = Bun.spawnSync(
    [
      process.execPath,
      "build",
      "--compile",
      "--minify",
      "--splitting",
      // As in build.ts: bytecode instead of source, so start-up skips parsing.
      "--format=esm",
      "--bytecode",
      `--target=${target}`,
      "src/bin.ts",
      "--outfile",
      join(OUT, file),
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  if (result.exitCode !== 0) {
    process.stderr.write(result.stderr);
    throw new Error(`bun build --target=${target} failed`);
  }
}

/** Median wall time of `file --version` over a few runs, in milliseconds. */
function startupMs(file: string): number {
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const started = performance.now();
    const run = Bun.spawnSync([file, "--version"], { stdout: "pipe" });
    if (run.exitCode !== 0) throw new Error(`${file} --version failed`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[4] as number;
}

const native = `sockit-${process.platform}-${process.arch}`;
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const sums: string[] = [];
for (const [file, target] of TARGETS) {
  compile(file, target);
  const path = join(OUT, file);
  sums.push(`${createHash("sha256").update(readFileSync(path)).digest("hex")}  ${file}`);
  const size = `${(statSync(path).size / 1e6).toFixed(1)} MB`;
  const startup = file === native ? `, --version in ${startupMs(path).toFixed(0)} ms` : "";
  console.log(`${file}: ${size}${startup}`);
}
writeFileSync(join(OUT, "SHA256SUMS"), `${sums.join("\n")}\n`);
console.log(`${join(OUT, "SHA256SUMS")}: ${sums.length} files`);
