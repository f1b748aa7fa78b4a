/**
 * Scenario 4: many connections against `sockit listen -k --echo`.
 * (a) churn: 50 concurrent raw Bun clients connect, send 32 bytes, await the echo, close,
 *     for a fixed time;
 * (b) weight: 1,000 connections held open at once, and the listener's peak RSS (VmHWM).
 */
import type { Bench } from "./context.ts";
import { ChildGroup } from "./proc.ts";
import { peakRss } from "./rss.ts";
import { echoServers, type ServerSpec } from "./servers.ts";
import { alternate, type Contender, MiB, type Sample, type Series } from "./stats.ts";

const WORKERS = 50;
const HELD = 1000;
const TIMEOUT_MS = 60_000;

async function churn(bench: Bench, server: ServerSpec, seconds: number): Promise<Sample> {
  const group = new ChildGroup();
  try {
    const { port } = await server.start(group);
    const cmd = [
      bench.bun,
      bench.program("conn-churn.ts"),
      String(port),
      String(seconds),
      String(WORKERS),
    ];
    const result = await group
      .start("churn client", cmd, { stdout: "pipe" })
      .result<{ per_s: number; seconds: number; conns: number }>(TIMEOUT_MS);
    return { value: result.per_s, detail: { seconds: result.seconds, conns: result.conns } };
  } finally {
    await group.stopAll();
  }
}

async function hold(bench: Bench, server: ServerSpec): Promise<Sample> {
  const group = new ChildGroup();
  try {
    const { child, port } = await server.start(group);
    const idle = await peakRss(child.pid);
    const cmd = [bench.bun, bench.program("conn-hold.ts"), String(port), String(HELD)];
    const client = group.start("hold client", cmd, { stdout: "pipe" });
    // The client prints its line only once every connection has had its echo back.
    await client.waitFor(/"held":\s*\d+/, "stdout", 60_000);
    const peak = await peakRss(child.pid);
    if (peak === 0) throw new Error("listener gone before its RSS could be read");
    return { value: peak / MiB, detail: { idle_mib: idle / MiB, connections: HELD } };
  } finally {
    await group.stopAll();
  }
}

export async function connections(bench: Bench): Promise<Series[]> {
  const seconds = bench.quick ? 1 : 4;
  const servers = echoServers(bench);
  const churners: Contender[] = servers.map((server, i) => ({
    tool: server.tool,
    subject: i === 0,
    missing: server.missing,
    run: () => churn(bench, server, seconds),
  }));
  // Only single-process servers: socat and ncat fork one process per client, so their
  // listener's RSS says nothing about the cost of a connection.
  const holders: Contender[] = servers.slice(0, 2).map((server, i) => ({
    tool: server.tool,
    subject: i === 0,
    run: () => hold(bench, server),
  }));
  const scenario = "4 connections";
  return [
    ...(await alternate({
      scenario,
      group: `churn ${seconds} s, ${WORKERS} clients at once`,
      unit: "conn/s",
      better: "higher",
      rounds: bench.rounds,
      contenders: churners,
    })),
    ...(await alternate({
      scenario,
      group: `${HELD} held conns: listener peak RSS`,
      unit: "MiB",
      better: "lower",
      rounds: bench.rounds,
      contenders: holders,
    })),
  ];
}
