/**
 * Scenario 6: start-up. `sockit --version` against a compiled Bun hello-world (the floor
 * for any `bun build --compile` binary) and the peers' own version/help commands.
 * hyperfine when present (one short hyperfine per run, so tools still alternate), else a
 * loop of 30 spawns.
 */
import { join } from "node:path";
import { type Bench, missing } from "./context.ts";
import { ChildGroup } from "./proc.ts";
import { alternate, type Contender, type Series, summarize } from "./stats.ts";

const OWN_LOOP_RUNS = 30;

/** A hello-world compiled exactly as scripts/build.ts compiles sockit. */
async function buildHello(bench: Bench): Promise<string> {
  const source = join(bench.scratch, "hello.ts");
  const binary = join(bench.scratch, "hello");
  await Bun.write(source, 'console.log("0.1.0");\n');
  const group = new ChildGroup();
  try {
    const build = group.start("bun build hello", [
      bench.bun,
      "build",
      "--compile",
      "--minify",
      source,
      "--outfile",
      binary,
    ]);
    const code = await build.finish(120_000);
    if (code !== 0)
      throw new Error(`bun build --compile failed: ${build.text("stderr").slice(-300)}`);
    return binary;
  } finally {
    await group.stopAll();
  }
}

/** Median wall time in ms of `cmd`, by hyperfine. Exit codes are ignored (`nc -h` is 1). */
async function hyperfineMs(
  bench: Bench,
  cmd: string[],
  runs: number,
  tag: string,
): Promise<number> {
  const out = join(bench.scratch, `hyperfine-${tag}.json`);
  const args = [
    "hyperfine",
    "-N",
    "-i",
    "--warmup",
    "3",
    "--runs",
    String(runs),
    "--export-json",
    out,
  ];
  const group = new ChildGroup();
  try {
    const code = await group.start("hyperfine", [...args, cmd.join(" ")]).finish(120_000);
    if (code !== 0) throw new Error(`hyperfine exited ${code}`);
    const report = (await Bun.file(out).json()) as { results: { median: number }[] };
    return (report.results[0]?.median ?? Number.NaN) * 1000;
  } finally {
    await group.stopAll();
  }
}

/** Without hyperfine: median of our own timed spawns, each awaited with a bound. */
async function ownLoopMs(cmd: string[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < OWN_LOOP_RUNS; i++) {
    const group = new ChildGroup();
    try {
      const started = performance.now();
      await group.start("start-up", cmd).finish(10_000);
      times.push(performance.now() - started);
    } finally {
      await group.stopAll();
    }
  }
  return summarize(times)?.median ?? Number.NaN;
}

export async function startup(bench: Bench): Promise<Series[]> {
  const hello = await buildHello(bench);
  const runs = bench.quick ? 10 : 30;
  const hyperfine = bench.tool("hyperfine");
  const commands: [string, string[], string | undefined][] = [
    ["sockit --version", [bench.sockit, "--version"], undefined],
    ["Bun hello (compiled)", [hello], undefined],
    ["nc.openbsd -h", ["nc.openbsd", "-h"], missing(bench, "nc.openbsd")],
    ["socat -V", ["socat", "-V"], missing(bench, "socat")],
    ["ncat --version", ["ncat", "--version"], missing(bench, "ncat")],
  ];
  const contenders: Contender[] = commands.map(([tool, cmd, absent], i) => ({
    tool,
    subject: i === 0,
    missing: absent,
    run: async () => (hyperfine ? hyperfineMs(bench, cmd, runs, String(i)) : ownLoopMs(cmd)),
  }));
  return alternate({
    scenario: "6 start-up",
    group: `start-up (${hyperfine ? `hyperfine, ${runs} runs` : `own loop, ${OWN_LOOP_RUNS} runs`})`,
    unit: "ms",
    better: "lower",
    rounds: bench.rounds,
    contenders,
  });
}
