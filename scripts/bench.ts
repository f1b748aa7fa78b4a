/**
 * Benchmarks sockit against the tools people would otherwise use, on loopback only.
 *
 *   npm run bench               # full run: 5 rounds, 2 GiB bulk, ... (6-11 minutes here)
 *   npm run bench -- --quick    # smoke run: 2 rounds, small sizes (well under a minute)
 *   npm run bench -- --only=1,3 # some scenarios (numbers as below); --rounds=N overrides
 *
 * Peers (a missing one is reported as skipped, never fatal):
 *   apt-get install -y socat netcat-openbsd ncat iperf3   # plus hyperfine, python3 if absent
 *
 * The machine is small, noisy and shared, so no figure stands alone: each scenario runs
 * sockit and its peers in turn (A B A B …) and reports medians and the ratio sockit/peer.
 * Output: a table on stdout, bench/results.json (machine info and every sample),
 * bench/results.svg (the ratios); --quick and --only runs write results-quick.* and
 * results-partial.* instead. Targets are printed next to the results, never enforced.
 * The exit code is 1 only when the harness itself broke: a scenario could not run, or a
 * present tool never completed a run. That keeps the CI smoke run free of timing checks.
 *
 * Scenarios: 1 bulk through the binaries, 2 bulk through the library, 3 ping-pong,
 * 4 connection churn and 1,000 held connections, 5 memory with a slow reader,
 * 6 start-up, 7 UDP, 8 a full-range loopback port scan, 9 relay TCP to TCP against socat.
 * Helpers and each scenario live in
 * scripts/bench/.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { type Bench, createBench, removeScratch } from "./bench/context.ts";
import { binaryBuilt, type MachineInfo, machineInfo } from "./bench/machine.ts";
import { ChildGroup } from "./bench/proc.ts";
import { checkTargets, comparisons, formatTable, formatTargets } from "./bench/report.ts";
import { cliBulk } from "./bench/scenario-cli-bulk.ts";
import { connections } from "./bench/scenario-connections.ts";
import { libBulk } from "./bench/scenario-lib-bulk.ts";
import { pingPong } from "./bench/scenario-ping-pong.ts";
import { relayThroughput } from "./bench/scenario-relay.ts";
import { scan } from "./bench/scenario-scan.ts";
import { slowReader } from "./bench/scenario-slow-reader.ts";
import { startup } from "./bench/scenario-startup.ts";
import { udp } from "./bench/scenario-udp.ts";
import type { Series } from "./bench/stats.ts";
import { renderSvg } from "./bench/svg.ts";

const SCENARIOS: [number, string, (bench: Bench) => Promise<Series[]>][] = [
  [1, "bulk through the binaries", cliBulk],
  [2, "bulk through the library", libBulk],
  [3, "ping-pong", pingPong],
  [4, "connections", connections],
  [5, "memory with a slow reader", slowReader],
  [6, "start-up", startup],
  [7, "UDP", udp],
  [8, "port scan", scan],
  [9, "relay throughput", relayThroughput],
];

interface Options {
  quick: boolean;
  only?: Set<number>;
  rounds?: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { quick: false };
  for (const arg of argv) {
    const [flag, value] = arg.split("=", 2);
    if (flag === "--quick") options.quick = true;
    else if (flag === "--only" && value) options.only = new Set(value.split(",").map(Number));
    else if (flag === "--rounds" && value) options.rounds = Math.max(1, Number(value));
    else {
      console.error(
        `usage: bun scripts/bench.ts [--quick] [--only=1,2,...] [--rounds=N] (got ${arg})`,
      );
      process.exit(2);
    }
  }
  return options;
}

/** The binary under test; built once if absent, so a fresh clone can bench directly. */
async function ensureBinary(bench: Bench): Promise<void> {
  if (existsSync(bench.sockit)) return;
  console.error(`${bench.sockit} missing: building it`);
  const group = new ChildGroup();
  try {
    const build = group.start("build", [bench.bun, join(bench.root, "scripts/build.ts")]);
    if ((await build.finish(300_000)) !== 0)
      throw new Error(`build failed: ${build.text("stderr")}`);
  } finally {
    await group.stopAll();
  }
}

/** Set when a scenario throws: reported at the end through the exit code. */
let brokenScenarios = 0;

async function runScenarios(bench: Bench, only: Set<number> | undefined): Promise<Series[]> {
  const series: Series[] = [];
  for (const [number, title, scenario] of SCENARIOS) {
    if (only && !only.has(number)) continue;
    const started = performance.now();
    console.error(`\n== ${number}. ${title}`);
    try {
      series.push(...(await scenario(bench)));
    } catch (err) {
      // A scenario that cannot even set up is reported; the others still run.
      brokenScenarios++;
      console.error(`scenario ${number} failed: ${err instanceof Error ? err.message : err}`);
    }
    console.error(`== ${number}. done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return series;
}

/**
 * results.json / results.svg for a full run of everything; a quick or partial run writes
 * results-quick.* / results-partial.*, so a smoke run never replaces measured figures.
 */
function outputBase(bench: Bench, options: Options): string {
  const tags = [bench.quick ? "quick" : "", options.only ? "partial" : ""].filter(Boolean);
  return join(bench.root, "bench", ["results", ...tags].join("-"));
}

async function writeOutputs(base: string, machine: MachineInfo, mode: object, series: Series[]) {
  mkdirSync(dirname(base), { recursive: true });
  const ratios = comparisons(series);
  const targets = checkTargets(series);
  const json = JSON.stringify({ machine, mode, series, ratios, targets }, null, 2);
  await Bun.write(`${base}.json`, `${json}\n`);
  const subtitle = `${machine.date.slice(0, 16)} · ${machine.cpu}, ${machine.cores} cores · Bun ${machine.bun}`;
  await Bun.write(`${base}.svg`, renderSvg(ratios, subtitle));
}

function printReport(bench: Bench, machine: MachineInfo, series: Series[]): void {
  const mode = `${bench.quick ? "quick" : "full"}, ${bench.rounds} rounds`;
  const host = `${machine.cpu}, ${machine.cores} cores, Linux ${machine.kernel}, Bun ${machine.bun}`;
  console.log(`\nsockit benchmark (${mode}) on ${host}\n`);
  console.log(formatTable(series));
  console.log(`\nTargets (informative, not enforced):\n${formatTargets(checkTargets(series))}`);
}

/** Exit code 1 only for a broken harness: timing never fails the run. */
function harnessBroken(series: Series[]): boolean {
  const neverRan = series.filter((s) => !s.skipped && s.samples.length === 0);
  for (const s of neverRan)
    console.error(`no successful run: ${s.group} / ${s.tool}: ${s.errors[0]}`);
  return brokenScenarios > 0 || neverRan.length > 0;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const bench = createBench(options.quick, options.rounds);
  // Ctrl-C ends the run through process.exit, which skips `finally`; "exit" still runs.
  process.on("exit", () => removeScratch(bench));
  try {
    await ensureBinary(bench);
    const machine = machineInfo(bench);
    const started = performance.now();
    const series = await runScenarios(bench, options.only);
    const seconds = (performance.now() - started) / 1000;
    printReport(bench, machine, series);
    if (binaryBuilt(bench.sockit) !== machine.sockit_built) {
      console.log(`\nWARNING: ${bench.sockit} was rebuilt during the run; figures mix two builds.`);
    }
    const base = outputBase(bench, options);
    await writeOutputs(
      base,
      machine,
      { quick: bench.quick, rounds: bench.rounds, seconds },
      series,
    );
    const shown = relative(bench.root, base);
    console.log(`\nWrote ${shown}.json and ${shown}.svg (${seconds.toFixed(0)} s).`);
    if (harnessBroken(series)) process.exitCode = 1;
  } finally {
    removeScratch(bench);
  }
}

await main();
