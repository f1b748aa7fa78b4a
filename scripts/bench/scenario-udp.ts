/**
 * Scenario 7: UDP. A Bun sender blasts N datagrams; the receiver writes each payload to
 * stdout, a file on tmpfs whose size says how many arrived. Rate = datagrams received /
 * time from the file's first growth to its last, so the sender's start-up stays out; loss
 * is reported beside it.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { type Bench, missing } from "./context.ts";
import { type Child, ChildGroup, freePort, sleep } from "./proc.ts";
import { SOCKIT_READY } from "./servers.ts";
import { alternate, type Contender, fromDetails, type Sample, type Series } from "./stats.ts";

/** The receiver is done once its output has not grown for this long after the sender ended. */
const QUIET_MS = 300;
const POLL_MS = 5;

interface UdpReceiver {
  tool: string;
  missing?: string;
  start(group: ChildGroup, out: string): Promise<{ child: Child; port: number }>;
}

function receivers(bench: Bench): UdpReceiver[] {
  return [
    {
      tool: "sockit listen -u",
      start: async (group, out) => {
        const cmd = [bench.sockit, "listen", "-u", "127.0.0.1", "0"];
        const child = group.start("sockit udp", cmd, { stdout: Bun.file(out) });
        return { child, port: await child.port(SOCKIT_READY) };
      },
    },
    {
      tool: "socat -u UDP-RECV",
      missing: missing(bench, "socat"),
      start: async (group, out) => {
        const port = freePort();
        const cmd = ["socat", "-d", "-d", "-u", `UDP-RECV:${port},bind=127.0.0.1`, "-"];
        const child = group.start("socat udp", cmd, { stdout: Bun.file(out) });
        // UDP-RECV has no "listening" line; the transfer loop starts once the port is bound.
        await child.waitFor(/starting data transfer loop/);
        return { child, port };
      },
    },
  ];
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Polls the output file until it stops growing; returns bytes and when it first/last grew. */
async function settle(out: string, sender: Child, limitMs: number) {
  let size = sizeOf(out);
  let grewAt = performance.now();
  let firstAt = 0;
  const deadline = performance.now() + limitMs;
  while (performance.now() < deadline) {
    await sleep(POLL_MS);
    const now = sizeOf(out);
    if (now !== size) {
      size = now;
      grewAt = performance.now();
      firstAt ||= grewAt;
    } else if (sender.proc.exitCode !== null && performance.now() - grewAt > QUIET_MS) break;
  }
  return { size, firstAt, grewAt };
}

async function blast(
  bench: Bench,
  receiver: UdpReceiver,
  size: number,
  count: number,
): Promise<Sample> {
  const group = new ChildGroup();
  const out = join(bench.scratch, "udp.out");
  try {
    await Bun.write(out, "");
    const { port } = await receiver.start(group, out);
    const cmd = [
      bench.bun,
      bench.program("udp-send.ts"),
      String(port),
      String(size),
      String(count),
    ];
    const sender = group.start("udp sender", cmd, { stdout: "pipe" });
    const { size: bytes, firstAt, grewAt } = await settle(out, sender, 60_000);
    const sent = await sender.result<{ sent: number; per_s: number }>(10_000);
    const received = Math.floor(bytes / size);
    if (received === 0) throw new Error("no datagram arrived");
    // One poll interval is added so that a burst landing within a single poll is not 0 s.
    const seconds = (grewAt - firstAt + POLL_MS) / 1000;
    const loss = 1 - received / sent.sent;
    return {
      value: received / seconds,
      detail: { received, sent: sent.sent, loss, sender_per_s: sent.per_s },
    };
  } finally {
    await group.stopAll();
  }
}

export async function udp(bench: Bench): Promise<Series[]> {
  const count = bench.quick ? 20000 : 200000;
  const series: Series[] = [];
  for (const size of [64, 1400]) {
    const contenders: Contender[] = receivers(bench).map((receiver, i) => ({
      tool: receiver.tool,
      subject: i === 0,
      missing: receiver.missing,
      run: () => blast(bench, receiver, size, count),
    }));
    const rates = await alternate({
      scenario: "7 UDP",
      group: `UDP ${size} B ×${count}: received`,
      unit: "dgram/s",
      better: "higher",
      rounds: bench.rounds,
      contenders,
    });
    const lossGroup = `UDP ${size} B ×${count}: lost`;
    const losses = rates.map((s) => fromDetails(s, lossGroup, "loss", "% lost", "lower", 100));
    series.push(...rates, ...losses);
  }
  return series;
}
