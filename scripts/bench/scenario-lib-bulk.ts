/**
 * Scenario 2: bulk transfer through the library (sendall 64 KiB / recv 262144) against the
 * same loop on Bun's raw callbacks and in CPython, and a file sent with socket.sendfile()
 * against CPython's. Sender and receiver are two processes of the same implementation; the
 * receiver times accept → EOF, keeping start-up out.
 */
import { type Bench, payloadFile } from "./context.ts";
import { ChildGroup } from "./proc.ts";
import { startProgram } from "./servers.ts";
import { alternate, type Contender, GiB, MiB, type Sample, type Series } from "./stats.ts";

interface BulkResult {
  mibps: number;
  seconds: number;
  bytes: number;
}

/** `file`: the sender calls sendfile on it instead of looping over sendall. */
async function runBulk(command: string[], bytes: number, file?: string): Promise<Sample> {
  const group = new ChildGroup();
  const timeoutMs = 30_000 + (bytes / (16 * MiB)) * 1000;
  try {
    const receiver = await startProgram(group, "bulk receiver", [...command, "recv"]);
    const sender = group.start(
      "bulk sender",
      file
        ? [...command, "sendfile", String(receiver.port), String(bytes), file]
        : [...command, "send", String(receiver.port), String(bytes)],
      {
        stdout: "pipe",
      },
    );
    await sender.result(timeoutMs);
    const result = await receiver.child.result<BulkResult>(timeoutMs);
    if (result.bytes !== bytes) throw new Error(`received ${result.bytes} of ${bytes} bytes`);
    return { value: result.mibps, detail: { seconds: result.seconds } };
  } finally {
    await group.stopAll();
  }
}

export async function libBulk(bench: Bench): Promise<Series[]> {
  const bytes = bench.quick ? 64 * MiB : 1 * GiB;
  const program = (name: string) => [bench.bun, bench.program(name)];
  const contenders: Contender[] = [
    { tool: "library", subject: true, run: () => runBulk(program("lib-bulk.ts"), bytes) },
    { tool: "raw Bun", run: () => runBulk(program("raw-bulk.ts"), bytes) },
    {
      tool: "CPython",
      missing: bench.python ? undefined : "not installed: python3",
      run: () => runBulk([bench.python ?? "python3", bench.program("py-bulk.py")], bytes),
    },
  ];
  const common = { scenario: "2 bulk (library)", unit: "MiB/s", better: "higher" as const };
  const loops = await alternate({
    ...common,
    group: `library bulk ${bytes / MiB} MiB`,
    rounds: bench.rounds,
    contenders,
  });
  const file = await payloadFile(bench, "sendfile.bin", bytes);
  const sendfile: Contender[] = [
    { tool: "library", subject: true, run: () => runBulk(program("lib-bulk.ts"), bytes, file) },
    {
      tool: "CPython",
      missing: bench.python ? undefined : "not installed: python3",
      run: () => runBulk([bench.python ?? "python3", bench.program("py-bulk.py")], bytes, file),
    },
  ];
  const files = await alternate({
    ...common,
    group: `library sendfile ${bytes / MiB} MiB`,
    rounds: bench.rounds,
    contenders: sendfile,
  });
  return [...loops, ...files];
}
