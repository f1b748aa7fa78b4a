/**
 * Scenario 1: bulk data through the binaries, both directions: a file on tmpfs goes through
 * a client and a listener to /dev/null. MiB/s = bytes / wall time from client start until
 * both processes have exited. iperf3 (memory to memory) marks the loopback ceiling.
 */
import { rmSync } from "node:fs";
import { type Bench, missing, payloadFile } from "./context.ts";
import { ChildGroup, freePort } from "./proc.ts";
import { SOCKIT_READY } from "./servers.ts";
import { alternate, type Contender, GiB, MiB, type Sample, type Series } from "./stats.ts";

type Direction = "forward" | "reverse";

/** How one tool runs as listener and client; `port` is 0 for tools that report their own. */
interface BulkTool {
  tool: string;
  missing?: string;
  fixedPort: boolean;
  ready: RegExp;
  readyOn: "stdout" | "stderr";
  /** iperf3 generates its own data; the others move the file. */
  usesFile: boolean;
  listen(port: number, dir: Direction): string[];
  connect(port: number, dir: Direction): string[];
}

function socatTool(bench: Bench, tool: string, extra: string[]): BulkTool {
  const listenAddress = (port: number) => `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr`;
  return {
    tool,
    missing: missing(bench, "socat"),
    fixedPort: true,
    ready: /listening on/,
    readyOn: "stderr",
    usesFile: true,
    listen: (port, dir) =>
      dir === "forward"
        ? ["socat", "-d", "-d", ...extra, "-u", listenAddress(port), "STDOUT"]
        : ["socat", "-d", "-d", ...extra, "-u", "STDIN", listenAddress(port)],
    connect: (port, dir) =>
      dir === "forward"
        ? ["socat", ...extra, "-u", "STDIN", `TCP:127.0.0.1:${port}`]
        : ["socat", ...extra, "-u", `TCP:127.0.0.1:${port}`, "STDOUT"],
  };
}

function bulkTools(bench: Bench, bytes: number): BulkTool[] {
  return [
    {
      tool: "sockit",
      fixedPort: false,
      ready: SOCKIT_READY,
      readyOn: "stderr",
      usesFile: true,
      listen: () => [bench.sockit, "listen", "127.0.0.1", "0"],
      // A client with stdin at EOF half-closes at once and keeps reading, as wanted in reverse.
      connect: (port) => [bench.sockit, "connect", "127.0.0.1", String(port)],
    },
    {
      tool: "nc.openbsd",
      missing: missing(bench, "nc.openbsd"),
      fixedPort: true,
      ready: /Listening on/,
      readyOn: "stderr",
      usesFile: true,
      listen: (port, dir) => [
        "nc.openbsd",
        ...(dir === "reverse" ? ["-N"] : []),
        "-lv",
        "127.0.0.1",
        String(port),
      ],
      // -d: in reverse the client must not read its empty stdin and hang up early.
      connect: (port, dir) => [
        "nc.openbsd",
        dir === "forward" ? "-N" : "-d",
        "127.0.0.1",
        String(port),
      ],
    },
    socatTool(bench, "socat -b131072 -u", ["-b131072"]),
    socatTool(bench, "socat -u (8 KiB default)", []),
    {
      tool: "ncat",
      missing: missing(bench, "ncat"),
      fixedPort: true,
      ready: /Listening on/,
      readyOn: "stderr",
      usesFile: true,
      listen: (port, dir) => [
        "ncat",
        "-lv",
        dir === "forward" ? "--recv-only" : "--send-only",
        "127.0.0.1",
        String(port),
      ],
      connect: (port, dir) => [
        "ncat",
        dir === "forward" ? "--send-only" : "--recv-only",
        "127.0.0.1",
        String(port),
      ],
    },
    {
      tool: "iperf3 -l 1M (ceiling)",
      missing: missing(bench, "iperf3"),
      fixedPort: true,
      // iperf3 buffers stdout on a pipe unless told to flush.
      ready: /Server listening/,
      readyOn: "stdout",
      usesFile: false,
      listen: (port) => [
        "iperf3",
        "-s",
        "-1",
        "--forceflush",
        "-B",
        "127.0.0.1",
        "-p",
        String(port),
      ],
      connect: (port, dir) => [
        "iperf3",
        "-c",
        "127.0.0.1",
        "-p",
        String(port),
        "-l",
        "1M",
        "-n",
        String(bytes),
        ...(dir === "reverse" ? ["-R"] : []),
      ],
    },
  ];
}

/** One transfer; every process is stopped and reaped before returning. */
async function transfer(
  tool: BulkTool,
  dir: Direction,
  file: string,
  bytes: number,
): Promise<Sample> {
  const group = new ChildGroup();
  // Generous: a stall shows up as a failed run, never as a hung benchmark.
  const timeoutMs = 30_000 + (bytes / (16 * MiB)) * 1000;
  const fileFor = (side: Direction) => (tool.usesFile && dir === side ? Bun.file(file) : "ignore");
  try {
    const fixed = tool.fixedPort ? freePort() : 0;
    const listener = group.start(`${tool.tool} listen`, tool.listen(fixed, dir), {
      stdin: fileFor("reverse"),
      stdout: tool.readyOn === "stdout" ? "pipe" : "ignore",
    });
    const match = await listener.waitFor(tool.ready, tool.readyOn);
    const port = fixed || Number(match[1]);
    const started = performance.now();
    const client = group.start(`${tool.tool} connect`, tool.connect(port, dir), {
      stdin: fileFor("forward"),
    });
    const codes = await Promise.all([client.finish(timeoutMs), listener.finish(timeoutMs)]);
    const seconds = (performance.now() - started) / 1000;
    if (codes.some((code) => code !== 0)) {
      // The tools' own last words say why, which a bare exit code does not.
      const why = [client, listener].map((c) => c.text("stderr").trim().split("\n").at(-1));
      throw new Error(`exit codes ${codes.join(", ")}: ${why.join(" | ")}`);
    }
    return { value: bytes / MiB / seconds, detail: { seconds, bytes } };
  } finally {
    await group.stopAll();
  }
}

const ARROWS: Record<Direction, string> = {
  forward: "→ client sends",
  reverse: "← listener sends",
};

function bulkDirection(bench: Bench, dir: Direction, file: string, bytes: number) {
  const contenders: Contender[] = bulkTools(bench, bytes).map((tool) => ({
    tool: tool.tool,
    subject: tool.tool === "sockit",
    missing: tool.missing,
    run: () => transfer(tool, dir, file, bytes),
  }));
  return alternate({
    scenario: "1 bulk (CLI)",
    group: `bulk ${ARROWS[dir]} ${bytes / MiB} MiB`,
    unit: "MiB/s",
    better: "higher",
    rounds: bench.rounds,
    contenders,
  });
}

export async function cliBulk(bench: Bench): Promise<Series[]> {
  const bytes = bench.quick ? 64 * MiB : 2 * GiB;
  const file = await payloadFile(bench, "bulk.bin", bytes);
  try {
    return [
      ...(await bulkDirection(bench, "forward", file, bytes)),
      ...(await bulkDirection(bench, "reverse", file, bytes)),
    ];
  } finally {
    // 2 GiB of tmpfs is RAM: give it back before the memory scenarios.
    rmSync(file, { force: true });
  }
}
