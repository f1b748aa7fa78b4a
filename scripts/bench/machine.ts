/** The machine a result came from, and the peers' versions: figures mean little without them. */
import { statSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import type { Bench } from "./context.ts";

export interface MachineInfo {
  cpu: string;
  cores: number;
  memory_gib: number;
  kernel: string;
  bun: string;
  date: string;
  /** Which code was measured: the checkout and the binary's build time. */
  git: string;
  sockit_built: string;
  peers: Record<string, string>;
}

/** First line of a version command, or "missing". Bounded: a hung tool must not hang us. */
function versionOf(cmd: string[]): string {
  if (!Bun.which(cmd[0] ?? "")) return "missing";
  const run = Bun.spawnSync(cmd, { timeout: 5000 });
  const text = `${run.stdout.toString()}\n${run.stderr.toString()}`;
  return (
    text
      .split("\n")
      .find((line) => /\d+\.\d+/.test(line))
      ?.trim() ?? "unknown"
  );
}

export function machineInfo(bench: Bench): MachineInfo {
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    bun: Bun.version,
    date: new Date().toISOString(),
    git: gitDescription(bench.root),
    sockit_built: binaryBuilt(bench.sockit),
    peers: {
      "nc.openbsd": Bun.which("nc.openbsd") ? "present" : "missing",
      socat: versionOf(["socat", "-V"]),
      ncat: versionOf(["ncat", "--version"]),
      iperf3: versionOf(["iperf3", "--version"]),
      hyperfine: versionOf(["hyperfine", "--version"]),
      python: bench.python ? versionOf([bench.python, "--version"]) : "missing",
    },
  };
}

/** HEAD's short hash, "+dirty" when the work tree has changes: figures belong to code. */
function gitDescription(root: string): string {
  const head = Bun.spawnSync(["git", "-C", root, "rev-parse", "--short", "HEAD"], {
    timeout: 5000,
  });
  if (head.exitCode !== 0) return "unknown";
  const status = Bun.spawnSync(["git", "-C", root, "status", "--porcelain"], { timeout: 5000 });
  return `${head.stdout.toString().trim()}${status.stdout.length ? "+dirty" : ""}`;
}

/** The binary's mtime: a rebuild during a run would mix two versions in one table. */
export function binaryBuilt(path: string): string {
  try {
    return statSync(path).mtime.toISOString();
  } catch {
    return "missing";
  }
}
