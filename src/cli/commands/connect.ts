/** `sockit connect HOST PORT`: client mode, like `nc HOST PORT`. */
import { defineCommand } from "citty";
import { AF_UNIX, SOCK_DGRAM, type Socket } from "../../socket/index.ts";
import {
  type CommonFlags,
  dataArgs,
  execArgs,
  proxyArgs,
  reportArgs,
  transportArgs,
} from "../_args.ts";
import { openHost, openOne, proxySource } from "../_connect-open.ts";
import { explained, UsageError } from "../_errors.ts";
import { runSession } from "../_session.ts";
import { onStopSignal } from "../_signals.ts";
import { connectTlsArgs, type TlsFlags } from "../_tls-args.ts";
import { clientUpgrade } from "../_tls-load.ts";
import {
  labelFor,
  parsePort,
  parsePortList,
  parseSeconds,
  unixTarget,
} from "../endpoints/address.ts";
import type { Endpoint } from "../endpoints/endpoint.ts";
import { execArgv, execEndpoint, execSpecOf } from "../endpoints/exec.ts";
import { type HostPort, NCAT_DEFAULT_PORT, splitHostPort } from "../endpoints/host-port.ts";
import { connectViaProxy, type ProxyFlags, proxyFromFlags } from "../endpoints/proxy.ts";
import { socketEndpoint } from "../endpoints/socket.ts";
import { stdinChunks, stdioEndpoint, stdoutSink } from "../endpoints/stdio.ts";
import { udpClient } from "../endpoints/udp.ts";
import { udpEndpoint } from "../endpoints/udp-stream.ts";
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
  wait: {
    type: "string",
    alias: "w",
    valueHint: "TIME",
    description: "connect timeout, for all the addresses of HOST together",
  },
  zero: { type: "boolean", alias: "z", description: "only report whether ports are open" },
  ...connectTlsArgs,
  ...execArgs,
  ...proxyArgs,
  ...dataArgs,
  ...reportArgs,
} as const;

export interface ConnectFlags extends CommonFlags, TlsFlags, ProxyFlags {
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
  // _argv.ts's parsedArgs builds a fresh object for each run, so the command may keep it.
  run: ({ args, data }) => runConnect(args as ConnectFlags, data as SpellingData | undefined),
});

/** Set by the driver when the command line used nc/ncat's spelling (`sockit HOST PORT`). */
export interface SpellingData {
  ncat?: boolean;
}

export function runConnect(flags: ConnectFlags, spelling: SpellingData = {}): Promise<number> {
  return runSession(flags, async (reporter) => {
    // Ctrl-C: the progress line, if shown, gets its newline before the process goes.
    onStopSignal((signal) => {
      reporter.interrupted();
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
    const wait = parseSeconds(flags.wait, "-w");
    // -i and -q are read once connected; a typo in them must fail before the connection costs
    // a single-shot listener its one client.
    parseSeconds(flags["idle-timeout"], "-i");
    parseSeconds(flags.quit, "-q");
    parseSeconds(flags.delay, "--delay");
    const spec = execSpecOf(flags);
    if (spec) execArgv(spec);
    const where = destination(flags, spelling);
    if (flags.zero)
      return scanPorts(
        requireHost(where),
        parsePortList(requirePort(where)),
        flags,
        wait,
        reporter,
      );
    const upgrade = await clientUpgrade(flags, flags.unix ? "localhost" : requireHost(where));
    const proxy = proxyFromFlags(flags);
    let sock = flags.unix
      ? await openOne(unixTarget(flags.unix, flags), wait)
      : proxy
        ? await connectViaProxy(
            proxy,
            requireHost(where),
            parsePort(requirePort(where)),
            flags,
            wait,
            proxySource(flags),
          )
        : await openHost(requireHost(where), parsePort(requirePort(where)), flags, wait, reporter);
    const label = flags.unix ?? labelFor(requireHost(where), parsePort(requirePort(where)));
    const peer = sock.getpeername();
    try {
      reporter.connected(peer, sock.getsockname(), sock.type === SOCK_DGRAM);
      if (upgrade) sock = await upgrade(sock, label, reporter);
      await converse(sock, label, flags, reporter);
    } finally {
      sock.close();
      reporter.closed(peer);
    }
    return 0;
  });
}

/** HOST and PORT from the words given: `[::1]:80` and `host:80` too, and no mix with -U. */
function destination(flags: ConnectFlags, spelling: SpellingData): HostPort {
  if (flags.unix !== undefined) {
    const extra = flags.host ?? flags.port;
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}' with -U`);
    return { host: undefined, port: undefined };
  }
  const where = splitHostPort(flags.host, flags.port);
  if (spelling.ncat && where.host !== undefined && where.port === undefined)
    return { ...where, port: NCAT_DEFAULT_PORT };
  return where;
}

async function converse(sock: Socket, label: string, flags: ConnectFlags, reporter: Reporter) {
  const spec = execSpecOf(flags);
  const quitAfterEof = parseSeconds(flags.quit, "-q");
  const options: PumpOptions = {
    crlf: flags.crlf,
    idleSeconds: parseSeconds(flags["idle-timeout"], "-i"),
    // With a program, -q counts from the server's EOF, which the program's endpoint sees.
    quitAfterEof: spec ? undefined : quitAfterEof,
    endWhenSent: flags["send-only"],
    noShutdown: flags.shutdown === false,
    delay: parseSeconds(flags.delay, "--delay"),
  };
  const readsStdin = !flags["recv-only"];
  const udp = sock.type === SOCK_DGRAM;
  if (udp && !spec) {
    const input = readsStdin ? stdinChunks() : null;
    const datagrams = { ...options, input, output: stdoutSink(), sendOnly: flags["send-only"] };
    return udpClient(sock, label, datagrams, reporter);
  }
  // A program over UDP goes through the pump too: each write of its is one datagram.
  const left = udp ? udpEndpoint(sock, label) : socketEndpoint(sock, label);
  let right: Endpoint | undefined;
  try {
    if (spec) {
      const proto = udp ? "UDP" : sock.family === AF_UNIX ? "UNIX" : "TCP";
      const info = { peer: left.peer, local: left.local, proto };
      right = execEndpoint(execArgv(spec), `exec:${spec.command}`, info, quitAfterEof);
    } else right = stdioEndpoint({ read: readsStdin, discard: flags["send-only"] });
    await pump(left, right, options, reporter);
  } catch (err) {
    throw explained(label, err);
  } finally {
    right?.close();
  }
}

function requireHost(where: HostPort): string {
  if (!where.host) throw new UsageError("missing HOST (try: sockit connect HOST PORT)");
  return where.host;
}

function requirePort(where: HostPort): string {
  if (!where.port) throw new UsageError("missing PORT (try: sockit connect HOST PORT)");
  return where.port;
}
