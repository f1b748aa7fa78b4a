/**
 * A program as an endpoint (--exec, --sh-exec, relay's exec:): what arrives is its stdin,
 * its stdout is what we send, its stderr stays ours. Its exit ends the session once its
 * output has been sent; the far side's EOF closes its stdin, and with -q it is ended that many
 * seconds later if it is still running. Closing the endpoint ends and reaps the program, so no
 * zombie or pipe outlives the connection.
 */
import { existsSync } from "node:fs";
import { type LongTimer, longTimeout } from "../../socket/extensions.ts";
import type { Address } from "../../socket/index.ts";
import type { CommonFlags } from "../_args.ts";
import { UsageError } from "../_errors.ts";
import { shellWords } from "../_shell-words.ts";
import { type Endpoint, PeerGone } from "./endpoint.ts";

export interface ExecSpec {
  /** The command line as the user typed it (for --lua-exec, the script's path). */
  command: string;
  /** true: run through `/bin/sh -c` (--sh-exec); false: split into argv, no shell (--exec). */
  shell: boolean;
  /** --lua-exec: `command` is a Lua script, run by an interpreter found on PATH. */
  lua?: boolean;
}

/** What the program learns about its connection, through its environment. */
export interface ConnectionInfo {
  peer?: Address;
  local?: Address;
  /** `TCP`, `UDP` or `UNIX`. */
  proto: string;
}

/** How long a program that was sent SIGTERM gets before SIGKILL. */
const KILL_GRACE_MS = 2000;

/** -e or -c from the flags, checked against the flags they cannot go with. */
export function execSpecOf(flags: CommonFlags & { echo?: boolean }): ExecSpec | undefined {
  const { exec, "sh-exec": sh, "lua-exec": lua } = flags;
  const given = (
    [
      ["--exec", exec],
      ["--sh-exec", sh],
      ["--lua-exec", lua],
    ] as const
  ).filter(([, value]) => value !== undefined);
  if (given.length === 0) return undefined;
  if (given.length > 1)
    throw new UsageError(`${given[0]?.[0]} and ${given[1]?.[0]} cannot be used together`);
  if (flags.echo) throw new UsageError("--echo and --exec cannot be used together");
  if (lua !== undefined) return { command: lua, shell: false, lua: true };
  return sh !== undefined
    ? { command: sh, shell: true }
    : { command: exec as string, shell: false };
}

/** Interpreters tried for --lua-exec, in order: Debian installs versioned names only. */
const LUA_INTERPRETERS = ["lua", "lua5.4", "lua5.3", "lua5.2", "lua5.1", "luajit"];

/**
 * ncat runs --lua-exec scripts in the Lua it embeds; sockit embeds none, so the script runs
 * in the interpreter on PATH, a program like any other -e one, with the same environment.
 */
function luaArgv(script: string): string[] {
  if (!existsSync(script)) throw new UsageError(`--lua-exec: ${script}: no such file`);
  const lua = LUA_INTERPRETERS.find((name) => Bun.which(name) !== null);
  if (lua === undefined)
    throw new UsageError(
      `--lua-exec needs a Lua interpreter on PATH (${LUA_INTERPRETERS.join(", ")}); sockit embeds none`,
    );
  return [lua, script];
}

/**
 * The argv to run, checked before anything listens or connects, so a typo is a usage error and
 * not a failure on every connection.
 */
export function execArgv(spec: ExecSpec): string[] {
  if (spec.lua) return luaArgv(spec.command);
  if (spec.shell) return ["/bin/sh", "-c", spec.command];
  const argv = shellWords(spec.command);
  const program = argv[0];
  if (program === undefined) throw new UsageError("--exec needs a command");
  const found = program.includes("/") ? existsSync(program) : Bun.which(program) !== null;
  if (!found) throw new UsageError(`--exec: ${program}: command not found`);
  return argv;
}

/**
 * Starts the program for one connection.
 *
 * @example
 * const right = execEndpoint(["cat"], "exec:cat", { proto: "TCP", peer }, 1);
 */
export function execEndpoint(
  argv: string[],
  label: string,
  info: ConnectionInfo,
  quitAfterEof?: number,
): Endpoint {
  // A parent that ignores SIGCHLD (ncat's test suite does) passes that on to us, and then the
  // kernel reaps our children itself: Bun's waitpid fails with ECHILD. A handler restores it.
  if (process.listenerCount("SIGCHLD") === 0) process.on("SIGCHLD", () => {});
  const child = Bun.spawn(argv, {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
    env: { ...process.env, ...connectionEnv(info) },
  });
  const output = child.stdout.getReader();
  const exited = child.exited.then(() => {});
  let stdinOpen = true;
  let killTimer: LongTimer | undefined;
  const end = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const force = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
    void exited.then(() => clearTimeout(force));
  };
  const closeStdin = () => {
    if (!stdinOpen) return;
    stdinOpen = false;
    void Promise.resolve(child.stdin.end()).catch(() => {});
  };
  return {
    label,
    finished: exited,
    async read() {
      const { done, value } = await output.read();
      return done ? null : value;
    },
    async write(data) {
      // A program that has exited drops what it is sent; its exit ends the session anyway.
      if (!stdinOpen) return;
      try {
        const written = child.stdin.write(data);
        if (written instanceof Promise) await written;
        const flushed = child.stdin.flush();
        if (flushed instanceof Promise) await flushed;
      } catch (err) {
        // It closed its stdin (`read line; echo $line` and done): what it still writes must
        // reach the peer, so this direction ends quietly instead of failing the session.
        if ((err as { code?: string }).code !== "EPIPE") throw err;
        stdinOpen = false;
        throw new PeerGone(label, { cause: err });
      }
    },
    shutdownWrite() {
      closeStdin();
      if (quitAfterEof !== undefined) killTimer = longTimeout(end, quitAfterEof * 1000);
    },
    close() {
      killTimer?.clear();
      closeStdin();
      void output.cancel().catch(() => {});
      end();
    },
  };
}

/** SOCKIT_* names, and ncat's NCAT_* for scripts written for ncat. */
export function connectionEnv(info: ConnectionInfo): Record<string, string> {
  const [remoteAddr, remotePort] = split(info.peer);
  const [localAddr, localPort] = split(info.local);
  const env: Record<string, string> = {};
  for (const prefix of ["SOCKIT", "NCAT"]) {
    env[`${prefix}_REMOTE_ADDR`] = remoteAddr;
    env[`${prefix}_REMOTE_PORT`] = remotePort;
    env[`${prefix}_LOCAL_ADDR`] = localAddr;
    env[`${prefix}_LOCAL_PORT`] = localPort;
    env[`${prefix}_PROTO`] = info.proto;
  }
  return env;
}

function split(address: Address | undefined): [string, string] {
  if (address === undefined) return ["", ""];
  if (typeof address === "string") return [address, ""];
  // A dual-stack listener sees IPv4 clients as `::ffff:a.b.c.d`; ncat, with a socket per
  // family, tells its programs `a.b.c.d`, and scripts written for it compare against that.
  const host = String(address[0]).replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return [host, String(address[1])];
}
