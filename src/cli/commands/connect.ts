/** `sockit connect HOST PORT`: client mode, like `nc HOST PORT`. */
import { defineCommand } from "citty";
import { AF_INET6, AF_UNIX, SOCK_DGRAM, type Socket } from "../../socket/index.ts";
import { type CommonFlags, dataArgs, execArgs, reportArgs, transportArgs } from "../_args.ts";
import { NetworkError, UsageError } from "../_errors.ts";
import { runSession } from "../_session.ts";
import {
  newSocket,
  parsePort,
  parsePortList,
  parseSeconds,
  resolveTarget,
  type Target,
  unixTarget,
} from "../endpoints/address.ts";
import type { Endpoint } from "../endpoints/endpoint.ts";
import { execArgv, execEndpoint, execSpecOf } from "../endpoints/exec.ts";
import { socketEndpoint } from "../endpoints/socket.ts";
import { stdinChunks, stdioEndpoint, stdoutSink } from "../endpoints/stdio.ts";
import { udpClient } from "../endpoints/udp.ts";
import { type PumpOptions, pump } from "../pump.ts";
import type { Reporter } from "../report/reporter.ts";
import { scanPorts } from "../scan.ts";

const connectArgs = {
  host: { type: "positional", required: false, description: "host name or address" },
  port: { type: "positional", required: false, description: "port (with -z: 80, 20-30, 22,80)" },
  ...transportArgs,
  source: { type: "string", alias: "s", valueHint: "ADDR", description: "connect from ADDR" },
  "source-port": {
    type: "string",
    alias: "p",
    valueHint: "PORT",
    description: "connect from PORT",
  },
  wait: { type: "string", alias: "w", valueHint: "SECS", description: "connect timeout" },
  zero: { type: "boolean", alias: "z", description: "only report whether ports are open" },
  ...execArgs,
  ...dataArgs,
  ...reportArgs,
} as const;

export interface ConnectFlags extends CommonFlags {
  host?: string;
  port?: string;
  source?: string;
  "source-port"?: string;
  wait?: string;
  zero?: boolean;
}

export default defineCommand({
  meta: { name: "connect", description: "Connect to HOST PORT and join it to stdin/stdout" },
  args: connectArgs,
  run: ({ args }) => runConnect(args as ConnectFlags),
});

export function runConnect(flags: ConnectFlags): Promise<number> {
  return runSession(flags, async (reporter) => {
    const wait = parseSeconds(flags.wait, "-w");
    // -i and -q are read once connected; a typo in them must fail before the connection costs
    // a single-shot listener its one client.
    parseSeconds(flags["idle-timeout"], "-i");
    parseSeconds(flags.quit, "-q");
    const spec = execSpecOf(flags);
    if (spec) execArgv(spec);
    if (flags.zero)
      return scanPorts(
        requireHost(flags),
        parsePortList(requirePort(flags)),
        flags,
        wait,
        reporter,
      );
    const target = flags.unix
      ? unixTarget(flags.unix, flags)
      : await resolveTarget(requireHost(flags), parsePort(requirePort(flags)), flags);
    const sock = await open(target, flags, wait);
    try {
      reporter.connected(sock.getpeername(), sock.getsockname());
      await converse(sock, target, flags, reporter);
    } finally {
      sock.close();
      reporter.closed(null);
    }
    return 0;
  });
}

/** Creates, optionally binds (-s/-p), and connects the socket within -w. */
async function open(
  target: Target,
  flags: ConnectFlags,
  wait: number | undefined,
): Promise<Socket> {
  const sock = newSocket(target, "connect");
  try {
    if (flags.source !== undefined || flags["source-port"] !== undefined) {
      const sourcePort =
        flags["source-port"] === undefined ? 0 : parsePort(flags["source-port"], "source port");
      const wildcard = target.family === AF_INET6 ? "::" : "0.0.0.0";
      const source = flags.source ?? wildcard;
      await bindSource(sock, [source, sourcePort]);
    }
    sock.settimeout(wait ?? null);
    try {
      await sock.connect(target.address);
    } catch (err) {
      throw new NetworkError(`connect ${target.label}`, err);
    }
    sock.settimeout(null);
    return sock;
  } catch (err) {
    sock.close();
    throw err;
  }
}

async function bindSource(sock: Socket, address: [string, number]): Promise<void> {
  try {
    await sock.bind(address);
  } catch (err) {
    throw new NetworkError(`bind ${address[0]}:${address[1]}`, err);
  }
}

async function converse(sock: Socket, target: Target, flags: ConnectFlags, reporter: Reporter) {
  const spec = execSpecOf(flags);
  const quitAfterEof = parseSeconds(flags.quit, "-q");
  const options: PumpOptions = {
    crlf: flags.crlf,
    idleSeconds: parseSeconds(flags["idle-timeout"], "-i"),
    // With a program, -q counts from the server's EOF, which the program's endpoint sees.
    quitAfterEof: spec ? undefined : quitAfterEof,
    endWhenSent: flags["send-only"],
  };
  const readsStdin = !flags["recv-only"];
  if (target.type === SOCK_DGRAM) {
    const input = readsStdin ? stdinChunks() : null;
    const udp = { ...options, input, output: stdoutSink(), sendOnly: flags["send-only"] };
    return udpClient(sock, target.label, udp, reporter);
  }
  const left = socketEndpoint(sock, target.label);
  let right: Endpoint | undefined;
  try {
    if (spec) {
      const info = {
        peer: left.peer,
        local: left.local,
        proto: target.family === AF_UNIX ? "UNIX" : "TCP",
      };
      right = execEndpoint(execArgv(spec), `exec:${spec.command}`, info, quitAfterEof);
    } else right = stdioEndpoint({ read: readsStdin, discard: flags["send-only"] });
    await pump(left, right, options, reporter);
  } catch (err) {
    throw new NetworkError(target.label, err);
  } finally {
    right?.close();
  }
}

function requireHost(flags: ConnectFlags): string {
  if (!flags.host) throw new UsageError("missing HOST (try: sockit connect HOST PORT)");
  return flags.host;
}

function requirePort(flags: ConnectFlags): string {
  if (!flags.port) throw new UsageError("missing PORT (try: sockit connect HOST PORT)");
  return flags.port;
}
