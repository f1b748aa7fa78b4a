/**
 * Start-up cost of the compiled binary: how much CPU a listener spends before it is listening.
 * Scripts (ncat's own test suite among them) start a listener and its client at the same
 * moment, so a listener that is slower to start than the client it serves is refused.
 * CPU time, not wall time, and the least of several runs, so a busy machine does not decide;
 * measured against `sockit --version` (Bun's own start-up) so a slower machine does not either.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, SOCKIT, sockit } from "./_cli.ts";

afterEach(cleanup);

const RUNS = 7;

/** CPU milliseconds (user + system) a finished process used. */
function cpuMs(usage: { cpuTime: { total: number | bigint } } | undefined): number {
  if (!usage) throw new Error("no resource usage for the child");
  return Number(usage.cpuTime.total) / 1000;
}

/** The least CPU `sockit --version` takes: the floor of any compiled Bun program. */
function versionCpuMs(): number {
  const costs = Array.from({ length: RUNS }, () =>
    cpuMs(Bun.spawnSync([SOCKIT, "--version"]).resourceUsage),
  );
  return Math.min(...costs);
}

/** The least CPU a listener uses up to its "listening" event (and its exit on SIGTERM). */
async function listenCpuMs(args: string[]): Promise<number> {
  const costs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const server = sockit(["listen", "--json", ...args, "127.0.0.1", "0"], { open: true });
    await server.listening();
    server.proc.kill("SIGTERM");
    await server.proc.exited;
    costs.push(cpuMs(server.proc.resourceUsage()));
    await server.finish();
  }
  return Math.min(...costs);
}

describe("start-up", () => {
  // 2-core AMD EPYC, busy: --version 4 ms; a listener 13-16 ms, 31-37 ms before the binary
  // carried bytecode and the HTTP proxy server (with node:crypto) loaded once listening.
  test.each([[[]], [["--proxy-type", "http"]]])(
    "listen %p is listening within 6x the CPU of --version",
    async (args) => {
      const floor = versionCpuMs();
      const listen = await listenCpuMs(args);
      // The figures are in the object so that a failure shows them.
      expect({ floor, listen, within: listen < 6 * floor }).toEqual({
        floor,
        listen,
        within: true,
      });
    },
  );
});
