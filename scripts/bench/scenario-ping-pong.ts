/**
 * Scenario 3: 32-byte request/response round trips per second.
 * (a) library vs raw Bun vs the least a Promise API costs vs CPython, each on both ends;
 * (b) echo servers (sockit --echo, raw Bun, socat, ncat) with one raw Bun client, so only
 *     the server differs.
 */
import type { Bench } from "./context.ts";
import { ChildGroup } from "./proc.ts";
import { echoServers, type ServerSpec, startProgram } from "./servers.ts";
import { alternate, type Contender, type Sample, type Series } from "./stats.ts";

interface PingResult {
  per_s: number;
  seconds: number;
}

const TIMEOUT_MS = 120_000;

async function clientResult(group: ChildGroup, bench: Bench, port: number, count: number) {
  const cmd = [bench.bun, bench.program("raw-pingpong.ts"), "client", String(port), String(count)];
  return group.start("ping client", cmd, { stdout: "pipe" }).result<PingResult>(TIMEOUT_MS);
}

/** Same implementation on both ends: serve one connection, run the client against it. */
async function pingPair(command: string[], count: number): Promise<Sample> {
  const group = new ChildGroup();
  try {
    const server = await startProgram(group, "ping server", [...command, "serve"]);
    const client = group.start(
      "ping client",
      [...command, "client", String(server.port), String(count)],
      {
        stdout: "pipe",
      },
    );
    const result = await client.result<PingResult>(TIMEOUT_MS);
    return { value: result.per_s, detail: { seconds: result.seconds } };
  } finally {
    await group.stopAll();
  }
}

async function pingServer(bench: Bench, server: ServerSpec, count: number): Promise<Sample> {
  const group = new ChildGroup();
  try {
    const { port } = await server.start(group);
    const result = await clientResult(group, bench, port, count);
    return { value: result.per_s, detail: { seconds: result.seconds } };
  } finally {
    await group.stopAll();
  }
}

export async function pingPong(bench: Bench): Promise<Series[]> {
  const count = bench.quick ? 2000 : 20000;
  const program = (name: string) => [bench.bun, bench.program(name)];
  const library: Contender[] = [
    { tool: "library", subject: true, run: () => pingPair(program("lib-pingpong.ts"), count) },
    { tool: "raw Bun", run: () => pingPair(program("raw-pingpong.ts"), count) },
    // The floor of any Promise API on Bun (promise-pingpong.ts): how much of the gap to raw
    // Bun is the async model's, and how much the library's.
    {
      tool: "Bun promises (floor)",
      run: () => pingPair(program("promise-pingpong.ts"), count),
    },
    {
      tool: "CPython",
      missing: bench.python ? undefined : "not installed: python3",
      run: () => pingPair([bench.python ?? "python3", bench.program("py-pingpong.py")], count),
    },
  ];
  const servers: Contender[] = echoServers(bench).map((server, i) => ({
    tool: server.tool,
    subject: i === 0,
    missing: server.missing,
    run: () => pingServer(bench, server, count),
  }));
  const common = {
    scenario: "3 ping-pong",
    unit: "rtt/s",
    better: "higher",
    rounds: bench.rounds,
  } as const;
  return [
    ...(await alternate({ ...common, group: `ping-pong library ×${count}`, contenders: library })),
    ...(await alternate({
      ...common,
      group: `ping-pong echo server ×${count}`,
      contenders: servers,
    })),
  ];
}
