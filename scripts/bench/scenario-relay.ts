/**
 * Scenario 9: relay throughput TCP to TCP. A file goes from a socat client through the relay
 * under test to a socat sink that writes it to /dev/null; MiB/s = bytes / wall time from client
 * start until the sink has exited. The same client and sink serve every contender, so only the
 * relay in the middle differs: `sockit relay tcp-listen: tcp:` against socat's
 * `TCP-LISTEN:..,fork TCP:..` (its 8 KiB default buffer, and -b131072).
 */
import { rmSync } from "node:fs";
import { type Bench, missing, payloadFile } from "./context.ts";
import { ChildGroup, freePort } from "./proc.ts";
import { SOCKIT_READY } from "./servers.ts";
import { alternate, type Contender, GiB, MiB, type Sample, type Series } from "./stats.ts";

interface RelayTool {
  tool: string;
  missing?: string;
  /** The relay's argv for a listening port (0 when the tool reports its own) and the sink. */
  argv(port: number, sinkPort: number): string[];
  fixedPort: boolean;
  ready: RegExp;
}

function relayTools(bench: Bench): RelayTool[] {
  const socat = (tool: string, extra: string[]): RelayTool => ({
    tool,
    missing: missing(bench, "socat"),
    fixedPort: true,
    ready: /listening on/,
    argv: (port, sink) => [
      "socat",
      "-d",
      "-d",
      ...extra,
      `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`,
      `TCP:127.0.0.1:${sink}`,
    ],
  });
  return [
    {
      tool: "sockit relay",
      fixedPort: false,
      ready: SOCKIT_READY,
      argv: (_port, sink) => [
        bench.sockit,
        "relay",
        "tcp-listen:127.0.0.1:0",
        `tcp:127.0.0.1:${sink}`,
      ],
    },
    socat("socat fork (8 KiB default)", []),
    socat("socat -b131072 fork", ["-b131072"]),
  ];
}

/** One transfer through the relay; every process is stopped and reaped before returning. */
async function transfer(tool: RelayTool, file: string, bytes: number): Promise<Sample> {
  const group = new ChildGroup();
  const timeoutMs = 30_000 + (bytes / (16 * MiB)) * 1000;
  try {
    const sinkPort = freePort();
    const sinkArgv = ["socat", "-d", "-d", "-u", "-b131072"];
    const sink = group.start("sink", [
      ...sinkArgv,
      `TCP-LISTEN:${sinkPort},bind=127.0.0.1,reuseaddr`,
      "OPEN:/dev/null",
    ]);
    await sink.waitFor(/listening on/);
    const fixed = tool.fixedPort ? freePort() : 0;
    const relay = group.start(tool.tool, tool.argv(fixed, sinkPort));
    const match = await relay.waitFor(tool.ready);
    const port = fixed || Number(match[1]);
    const started = performance.now();
    const client = group.start(
      "client",
      ["socat", "-u", "-b131072", "STDIN", `TCP:127.0.0.1:${port}`],
      { stdin: Bun.file(file) },
    );
    const codes = await Promise.all([client.finish(timeoutMs), sink.finish(timeoutMs)]);
    const seconds = (performance.now() - started) / 1000;
    if (codes.some((code) => code !== 0)) throw new Error(`exit codes ${codes.join(", ")}`);
    return { value: bytes / MiB / seconds, detail: { seconds, bytes } };
  } finally {
    // The relays serve many connections; stopping them is the end of the run.
    await group.stopAll();
  }
}

export async function relayThroughput(bench: Bench): Promise<Series[]> {
  const bytes = bench.quick ? 64 * MiB : GiB;
  const file = await payloadFile(bench, "relay.bin", bytes);
  try {
    const contenders: Contender[] = relayTools(bench).map((tool) => ({
      tool: tool.tool,
      subject: tool.tool === "sockit relay",
      missing: missing(bench, "socat") ?? tool.missing,
      run: () => transfer(tool, file, bytes),
    }));
    return await alternate({
      scenario: "9 relay",
      group: `relay TCP → TCP ${bytes / MiB} MiB`,
      unit: "MiB/s",
      better: "higher",
      rounds: bench.rounds,
      contenders,
    });
  } finally {
    rmSync(file, { force: true });
  }
}
