/**
 * Scenario 5: memory under pressure. A file goes client → listener, but the listener's
 * stdout is a pipe drained slowly (64 KiB, then a nap), so a well-behaved receiver stops
 * reading its socket and the sender waits. Measured: both sides' peak RSS (VmHWM).
 */
import { rmSync } from "node:fs";
import { type Bench, missing, payloadFile } from "./context.ts";
import { adopt, type Child, ChildGroup, freePort, killAdopted, release } from "./proc.ts";
import { RssWatch } from "./rss.ts";
import { SOCKIT_READY } from "./servers.ts";
import { alternate, type Contender, fromDetails, MiB, type Sample, type Series } from "./stats.ts";

/** ~100-200 MiB/s through the reader: far below loopback speed, yet a bounded run time. */
const NAP_SECONDS = 0.0002;
/** The reader gives up (and the run fails) after this long. */
const LIMIT_QUICK_S = 20;
const LIMIT_FULL_S = 60;

interface PressureTool {
  tool: string;
  missing?: string;
  fixedPort: boolean;
  ready: RegExp;
  listen(port: number): string[];
  connect(port: number): string[];
}

function pressureTools(bench: Bench): PressureTool[] {
  return [
    {
      tool: "sockit",
      fixedPort: false,
      ready: SOCKIT_READY,
      listen: () => [bench.sockit, "listen", "127.0.0.1", "0"],
      connect: (port) => [bench.sockit, "connect", "127.0.0.1", String(port)],
    },
    {
      tool: "nc.openbsd",
      missing: missing(bench, "nc.openbsd"),
      fixedPort: true,
      ready: /Listening on/,
      listen: (port) => ["nc.openbsd", "-lv", "127.0.0.1", String(port)],
      connect: (port) => ["nc.openbsd", "-N", "127.0.0.1", String(port)],
    },
    {
      tool: "socat -u",
      missing: missing(bench, "socat"),
      fixedPort: true,
      ready: /listening on/,
      listen: (port) => [
        "socat",
        "-d",
        "-d",
        "-u",
        `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr`,
        "STDOUT",
      ],
      connect: (port) => ["socat", "-u", "STDIN", `TCP:127.0.0.1:${port}`],
    },
  ];
}

interface ReaderResult {
  bytes: number;
  seconds: number;
  mibps: number;
  child_status: number;
}

/** The reader runs the receiver itself, so the two share a real OS pipe. */
function startReader(group: ChildGroup, bench: Bench, tool: PressureTool, port: number): Child {
  const limit = String(bench.quick ? LIMIT_QUICK_S : LIMIT_FULL_S);
  const cmd = [bench.python ?? "python3", bench.program("slow-reader.py"), String(NAP_SECONDS)];
  return group.start(`${tool.tool} slow reader`, [...cmd, limit, "--", ...tool.listen(port)], {
    stdout: "pipe",
  });
}

async function pressure(
  bench: Bench,
  tool: PressureTool,
  file: string,
  bytes: number,
): Promise<Sample> {
  const group = new ChildGroup();
  const watches: RssWatch[] = [];
  let receiverPid = 0;
  let reaped = false;
  try {
    const fixed = tool.fixedPort ? freePort() : 0;
    const reader = startReader(group, bench, tool, fixed);
    receiverPid = Number((await reader.waitFor(/"pid":\s*(\d+)/, "stdout"))[1]);
    adopt(receiverPid);
    const receiverRss = new RssWatch(receiverPid);
    watches.push(receiverRss);
    // Await readiness for every tool, including those whose port we already know.
    const ready = await reader.waitFor(tool.ready);
    const sender = group.start(`${tool.tool} sender`, tool.connect(fixed || Number(ready[1])), {
      stdin: Bun.file(file),
    });
    const senderRss = new RssWatch(sender.pid);
    watches.push(senderRss);
    const limitMs = ((bench.quick ? LIMIT_QUICK_S : LIMIT_FULL_S) + 30) * 1000;
    const result = await Promise.race([
      reader.result<ReaderResult>(limitMs),
      failedSender(sender, reader),
    ]);
    // The reader has reaped the receiver: stop watching a pid the system may reuse.
    reaped = true;
    const receiverPeak = receiverRss.stop();
    await sender.finish(10_000);
    if (result.bytes !== bytes || result.child_status !== 0) {
      throw new Error(
        `reader got ${result.bytes} of ${bytes} B, receiver exit ${result.child_status}`,
      );
    }
    const detail = {
      sender_mib: senderRss.stop() / MiB,
      reader_mibps: result.mibps,
      seconds: result.seconds,
    };
    return { value: receiverPeak / MiB, detail };
  } finally {
    for (const watch of watches) watch.stop();
    await group.stopAll();
    // The receiver is the reader's child: unless the reader reaped it, it goes down here.
    if (receiverPid && reaped) release(receiverPid);
    else if (receiverPid) killAdopted(receiverPid);
  }
}

/** Rejects if the sender fails: the reader would otherwise wait for data that never comes. */
async function failedSender(sender: Child, reader: Child): Promise<never> {
  const code = await sender.proc.exited;
  if (code === 0) return new Promise<never>(() => {});
  const said = (child: Child) => child.text("stderr").trim().slice(-400);
  throw new Error(`sender exited ${code}: ${said(sender)} / receiver: ${said(reader)}`);
}

export async function slowReader(bench: Bench): Promise<Series[]> {
  const bytes = bench.quick ? 128 * MiB : 1024 * MiB;
  const file = await payloadFile(bench, "pressure.bin", bytes);
  const contenders: Contender[] = pressureTools(bench).map((tool) => ({
    tool: tool.tool,
    subject: tool.tool === "sockit",
    missing: bench.python ? tool.missing : "not installed: python3 (runs the slow reader)",
    run: () => pressure(bench, tool, file, bytes),
  }));
  let receivers: Series[];
  try {
    receivers = await alternate({
      scenario: "5 slow reader",
      group: `slow reader ${bytes / MiB} MiB: receiver peak RSS`,
      unit: "MiB",
      better: "lower",
      rounds: bench.rounds,
      contenders,
    });
  } finally {
    rmSync(file, { force: true });
  }
  const senderGroup = `slow reader ${bytes / MiB} MiB: sender peak RSS`;
  const senders = receivers.map((s) => fromDetails(s, senderGroup, "sender_mib", "MiB", "lower"));
  return [...receivers, ...senders];
}
