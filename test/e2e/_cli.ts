/**
 * The compiled binary as a test subject. Importing this file builds dist/sockit once if it is
 * missing or older than its sources. `sockit(args)` runs it with NO_COLOR=1 and `peer(argv)` runs
 * a program we did not write (python3, socat, nc); both collect stdout and stderr and let a test
 * wait for a line on stderr (a listener's own "listening" event), for text on stdout, or for the
 * exit, each within a deadline that kills the process and reports its stderr.
 *
 * Every test file registers `afterEach(cleanup)` itself: bun runs a hook registered by a shared
 * module only for the first test file that imports it.
 */
import { mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AF_INET, SOCK_STREAM, type Socket, socket } from "../../src/index.ts";
import { Child, ENV, type Finished, killAll, type SpawnOptions } from "./_child.ts";

export type { Child, Finished, SpawnOptions };

const ROOT = join(import.meta.dir, "../..");
export const SOCKIT = join(ROOT, "dist/sockit");

/** Newest modification time among the files the binary is built from. */
function newestSource(dir = join(ROOT, "src")): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  let built: number;
  try {
    built = statSync(SOCKIT).mtimeMs;
  } catch {
    return true;
  }
  const inputs = [
    newestSource(),
    ...["package.json", "scripts/build.ts"].map((f) => statSync(join(ROOT, f)).mtimeMs),
  ];
  return inputs.some((mtime) => mtime > built);
}

/** Builds into a temporary name and renames, so a concurrent test run never sees half a binary. */
function ensureBuilt(): void {
  if (!isStale()) return;
  const temp = `${SOCKIT}.${process.pid}.tmp`;
  const build = Bun.spawnSync([process.execPath, "scripts/build.ts", temp], {
    cwd: ROOT,
    env: ENV,
    stderr: "pipe",
  });
  if (build.exitCode !== 0)
    throw new Error(`building ${SOCKIT} failed:\n${build.stderr.toString()}`);
  renameSync(temp, SOCKIT);
}

ensureBuilt();

/** Starts `sockit ...args`; killed and awaited after the test if it is still running. */
export function sockit(args: readonly string[], options: SpawnOptions = {}): Child {
  return new Child([SOCKIT, ...args], options, ["sockit", ...args].join(" "));
}

/** Runs `sockit ...args` to its exit (within the deadline). */
export function run(args: readonly string[], options: SpawnOptions = {}): Promise<Finished> {
  return sockit(args, options).finish();
}

/** Starts a program we did not write (python3, socat, nc), with the same helpers. */
export function peer(argv: readonly string[], options: SpawnOptions = {}): Child {
  const [program = ""] = argv;
  if (!Bun.which(program)) {
    throw new Error(
      `${program} is not installed; the interop tests need it (.ci/run installs it in CI)`,
    );
  }
  return new Child(argv, options);
}

/** The `--json` events on stderr, parsed (every line must be JSON). */
export function jsonEvents(stderr: string): Record<string, unknown>[] {
  return stderr
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const tempDirs: string[] = [];

/** A fresh directory for socket paths and dump files, removed by `cleanup`. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sockit-e2e-"));
  tempDirs.push(dir);
  return dir;
}

/** Kills every child still running and removes the test's directories: `afterEach(cleanup)`. */
export async function cleanup(): Promise<void> {
  await killAll();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A library socket on 127.0.0.1 with an OS-chosen port, listening if it is TCP: something open
 * for `-z` and a busy port for `listen`. Hold it with `await using`.
 */
export async function boundSocket(type = SOCK_STREAM): Promise<Socket> {
  const sock = socket(AF_INET, type);
  try {
    await sock.bind(["127.0.0.1", 0]);
    if (type === SOCK_STREAM) sock.listen();
    return sock;
  } catch (err) {
    sock.close();
    throw err;
  }
}
