/**
 * What every scenario needs to know: sizes for this mode, where the binaries are, which
 * peers this machine has, and a scratch directory in RAM for the payload files.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { MiB } from "./stats.ts";

export interface Bench {
  quick: boolean;
  rounds: number;
  root: string;
  /** The compiled CLI under test. */
  sockit: string;
  /** The Bun running this script, for the Bun programs in scripts/bench/. */
  bun: string;
  /** The real CPython binary (not a pyenv shim), or undefined. */
  python?: string;
  /** Scratch files on tmpfs, so disk speed never enters the figures. */
  scratch: string;
  /** Absolute path of a helper program in scripts/bench/. */
  program(name: string): string;
  /** Absolute path of a peer tool, or undefined when it is not installed. */
  tool(name: string): string | undefined;
}

export function createBench(quick: boolean, rounds: number | undefined): Bench {
  const root = resolve(import.meta.dir, "../..");
  const scratchBase = existsSync("/dev/shm") ? "/dev/shm" : "/tmp";
  return {
    quick,
    rounds: rounds ?? (quick ? 2 : 5),
    root,
    sockit: join(root, "dist/sockit"),
    bun: process.execPath,
    python: realPython(),
    scratch: mkdtempSync(join(scratchBase, "sockit-bench-")),
    program: (name) => join(root, "scripts/bench", name),
    tool: (name) => Bun.which(name) ?? undefined,
  };
}

export function removeScratch(bench: Bench): void {
  rmSync(bench.scratch, { recursive: true, force: true });
}

/** The reason a peer is skipped, or undefined when it is there. */
export function missing(bench: Bench, ...names: string[]): string | undefined {
  const absent = names.filter((name) => !bench.tool(name));
  return absent.length ? `not installed: ${absent.join(", ")}` : undefined;
}

/**
 * A payload file of `bytes` on tmpfs, made of one random MiB repeated: incompressible
 * enough for any tool, and written in MiB steps so a 2 GiB file needs no 2 GiB buffer.
 */
export async function payloadFile(bench: Bench, name: string, bytes: number): Promise<string> {
  const path = join(bench.scratch, name);
  const block = crypto.getRandomValues(new Uint8Array(MiB));
  const writer = Bun.file(path).writer({ highWaterMark: 4 * MiB });
  for (let written = 0; written < bytes; written += MiB) {
    writer.write(block.subarray(0, Math.min(MiB, bytes - written)));
    await writer.flush();
  }
  await writer.end();
  return path;
}

/** pyenv's python3 is a shell script; the interpreter behind it starts ~10x faster. */
function realPython(): string | undefined {
  const shim = Bun.which("python3");
  if (!shim) return undefined;
  const probe = Bun.spawnSync([shim, "-c", "import sys; print(sys.executable)"]);
  const path = probe.stdout.toString().trim();
  return probe.exitCode === 0 && path ? path : shim;
}
