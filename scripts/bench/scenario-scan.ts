/**
 * Scenario 8: a full-range port scan of loopback, `sockit connect -z 127.0.0.1 1-65535`
 * against `nc.openbsd -z` and `ncat -z` over the same range (nothing listens on almost all of
 * it, so each port is one refused connect). Wall time per run; lower is better.
 */
import { type Bench, missing } from "./context.ts";
import { ChildGroup } from "./proc.ts";
import { alternate, type Contender, type Series } from "./stats.ts";

/** Wall time in ms of one scan; its exit code is 0 or 1 (no port open), both fine here. */
async function timedScan(cmd: string[]): Promise<number> {
  const group = new ChildGroup();
  try {
    const started = performance.now();
    const code = await group.start("scan", cmd).finish(120_000);
    if (code !== 0 && code !== 1) throw new Error(`${cmd[0]} exited ${code}`);
    return performance.now() - started;
  } finally {
    await group.stopAll();
  }
}

export async function scan(bench: Bench): Promise<Series[]> {
  const range = bench.quick ? "1-8192" : "1-65535";
  const commands: [string, string[], string | undefined][] = [
    ["sockit connect -z", [bench.sockit, "connect", "-z", "127.0.0.1", range], undefined],
    ["nc.openbsd -z", ["nc.openbsd", "-z", "127.0.0.1", range], missing(bench, "nc.openbsd")],
  ];
  const contenders: Contender[] = commands.map(([tool, cmd, absent], i) => ({
    tool,
    subject: i === 0,
    missing: absent,
    run: () => timedScan(cmd),
  }));
  return alternate({
    scenario: "8 port scan",
    group: `-z 127.0.0.1 ${range}`,
    unit: "ms",
    better: "lower",
    rounds: bench.rounds,
    contenders,
  });
}
