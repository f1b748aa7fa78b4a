/**
 * Starting the listeners the scenarios compare, each with its own readiness signal: port 0
 * where the tool can report the port, otherwise a just-freed port and the tool's verbose
 * "listening" line. Never a probe connection: it would use up a single-shot listener.
 */
import type { Bench } from "./context.ts";
import { type Child, type ChildGroup, freePort } from "./proc.ts";

/** sockit's readiness line, printed on stderr whenever the port is 0. */
export const SOCKIT_READY = /Listening on \S+:(\d+)/;
/** The first line of the helper programs in scripts/bench/. */
export const PROGRAM_READY = /"port":\s*(\d+)/;

export interface Listening {
  child: Child;
  port: number;
}

export interface ServerSpec {
  tool: string;
  missing?: string;
  start(group: ChildGroup): Promise<Listening>;
}

/** A helper program that prints {"port":N} first. */
export async function startProgram(group: ChildGroup, name: string, cmd: string[]) {
  const child = group.start(name, cmd, { stdout: "pipe" });
  return { child, port: await child.port(PROGRAM_READY, "stdout") };
}

/** Echo servers for many clients: sockit --echo and the peers that can play the same part. */
export function echoServers(bench: Bench): ServerSpec[] {
  const socat = bench.tool("socat");
  const ncat = bench.tool("ncat");
  return [
    {
      tool: "sockit listen -k --echo",
      start: async (group) => {
        const cmd = [bench.sockit, "listen", "-k", "--echo", "127.0.0.1", "0"];
        const child = group.start("sockit echo", cmd);
        return { child, port: await child.port(SOCKIT_READY) };
      },
    },
    {
      tool: "raw Bun echo",
      start: (group) =>
        startProgram(group, "raw echo", [bench.bun, bench.program("raw-pingpong.ts"), "serve"]),
    },
    {
      tool: "socat fork EXEC:cat",
      missing: socat ? undefined : "not installed: socat",
      start: async (group) => {
        const port = freePort();
        const address = `TCP-LISTEN:${port},bind=127.0.0.1,fork,reuseaddr`;
        const child = group.start("socat echo", [
          socat ?? "socat",
          "-d",
          "-d",
          address,
          "EXEC:cat",
        ]);
        await child.waitFor(/listening on/);
        return { child, port };
      },
    },
    {
      tool: "ncat -lk -e cat",
      missing: ncat ? undefined : "not installed: ncat",
      start: async (group) => {
        const port = freePort();
        const cmd = [ncat ?? "ncat", "-lkv", "127.0.0.1", String(port), "-e", "/bin/cat"];
        const child = group.start("ncat echo", cmd);
        await child.waitFor(/Listening on/);
        return { child, port };
      },
    },
  ];
}
