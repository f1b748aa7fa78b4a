/** `sockit listen [HOST] PORT`: server mode, like `nc -l`. */
import { defineCommand } from "citty";
import { type Address, AF_UNIX, OSError, SOCK_DGRAM, type Socket } from "../../socket/index.ts";
import { type CommonFlags, dataArgs, execArgs, reportArgs, transportArgs } from "../_args.ts";
import { explained, UsageError } from "../_errors.ts";
import { bindServer, chooseTarget } from "../_listen-target.ts";
import { closeListener } from "../_listener.ts";
import { runSession } from "../_session.ts";
import { onStopSignal } from "../_signals.ts";
import { listenTlsArgs, type TlsFlags } from "../_tls-args.ts";
import { checkTlsFlags, serverTls } from "../_tls-load.ts";
import { type AccessFlags, acceptAdmitted, accessArgs, accessGate, type Gate } from "../access.ts";
import { type BrokerFlags, brokerArgs, brokerOptions, wantsBroker } from "../broker/options.ts";
import { parseSeconds, type Target } from "../endpoints/address.ts";
import { echoEndpoint } from "../endpoints/echo.ts";
import type { Endpoint } from "../endpoints/endpoint.ts";
import { execArgv, execEndpoint, execSpecOf } from "../endpoints/exec.ts";
import { socketEndpoint } from "../endpoints/socket.ts";
import { stdinChunks, stdioEndpoint, stdoutSink } from "../endpoints/stdio.ts";
import { udpServer } from "../endpoints/udp.ts";
import {
  type ProxyServerFlags,
  proxyServerArgs,
  wantsProxyServer,
} from "../proxy-server/options.ts";
import { type PumpOptions, pump } from "../pump.ts";
import { type Reporter, showAddress } from "../report/reporter.ts";
import { serveMany } from "../serve-many.ts";
import { serveUdpSessions } from "../serve-udp-sessions.ts";

const listenArgs = {
  first: {
    type: "positional",
    required: false,
    valueHint: "HOST",
    description: "address to listen on",
  },
  second: {
    type: "positional",
    required: false,
    valueHint: "PORT",
    description: "port (0: any free port)",
  },
  port: { type: "string", alias: "p", valueHint: "PORT", description: "port, as in nc -l -p PORT" },
  ...transportArgs,
  "keep-open": {
    type: "boolean",
    alias: "k",
    description: "serve many clients, one after another or at once",
  },
  "max-conns": {
    type: "string",
    alias: "m",
    valueHint: "N",
    description: "with -k, at most N clients at once",
  },
  backlog: {
    type: "string",
    valueHint: "N",
    description: "connections that may wait to be accepted",
  },
  echo: { type: "boolean", description: "echo what each client sends back to it" },
  ...listenTlsArgs,
  ...execArgs,
  unlink: { type: "boolean", description: "replace a leftover Unix socket file at -U PATH" },
  ...brokerArgs,
  ...proxyServerArgs,
  ...accessArgs,
  ...dataArgs,
  ...reportArgs,
} as const;

interface ListenFlags extends CommonFlags, BrokerFlags, AccessFlags, TlsFlags, ProxyServerFlags {
  first?: string;
  second?: string;
  port?: string;
  "keep-open"?: boolean;
  "max-conns"?: string;
  backlog?: string;
  echo?: boolean;
  unlink?: boolean;
}

export default defineCommand({
  meta: { name: "listen", description: "Listen for connections and join them to stdin/stdout" },
  args: listenArgs,
  // _argv.ts's parsedArgs builds a fresh object for each run, so the command may keep it.
  run: ({ args, data }) => runListen(args as ListenFlags, data as { ncat?: boolean } | undefined),
});

function runListen(flags: ListenFlags, spelling: { ncat?: boolean } = {}): Promise<number> {
  return runSession(flags, async (reporter) => {
    checkValues(flags);
    // Host names in --allow/--deny are resolved once, before anything is bound.
    const admit = await accessGate(flags, reporter);
    const wanted = await chooseTarget(flags, spelling.ncat === true);
    const bound = await bindServer(wanted, flags, {
      backlog: backlogOf(flags),
      unlink: flags.unlink,
    });
    const { target } = bound;
    const server = await serverTls(bound.server, flags, reporter).catch((err) => {
      closeListener(bound.server, target);
      throw err;
    });
    // Ctrl-C or kill: close the listener (which removes a Unix socket file) and exit as killed.
    onStopSignal((signal) => {
      closeListener(server, target);
      reporter.interrupted();
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
    reporter.unmapPeers = target.dualStack === true;
    try {
      const port = typeof target.address === "string" ? -1 : (target.address[1] ?? -1);
      reporter.listening(
        server.getsockname(),
        target.type === SOCK_DGRAM ? "udp" : "tcp",
        port === 0,
        target.dualStack ? "IPv4 and IPv6" : "",
      );
      // ncat's own test suite waits for this line, as ncat prints it, before it connects.
      if (flags.test) process.stderr.write("NCAT TEST: LISTEN\n");
      await serve(server, target, flags, reporter, admit);
    } finally {
      closeListener(server, target);
    }
    return 0;
  });
}

/**
 * Parses up front the values used only once a client arrives, so that a typo in -i, -q, -m or
 * --backlog is a usage error before anything is bound, not after "Listening on".
 */
function checkValues(flags: ListenFlags): void {
  parseSeconds(flags["idle-timeout"], "-i");
  parseSeconds(flags.delay, "--delay");
  parseSeconds(flags.quit, "-q");
  maxConnsOf(flags);
  backlogOf(flags);
  const spec = execSpecOf(flags);
  if (spec) execArgv(spec);
  wantsBroker(flags);
  wantsProxyServer(flags);
  checkTlsFlags(flags);
}

function backlogOf(flags: ListenFlags): number {
  if (flags.backlog === undefined) return 128;
  const backlog = Number(flags.backlog);
  if (!Number.isInteger(backlog) || backlog < 0)
    throw new UsageError(`invalid --backlog '${flags.backlog}'`);
  return backlog;
}

async function serve(
  server: Socket,
  target: Target,
  flags: ListenFlags,
  reporter: Reporter,
  admit: Gate | null,
) {
  const spec = execSpecOf(flags);
  const readsStdin = !flags.echo && !flags["recv-only"] && !spec;
  const sendOnly = flags["send-only"];
  const quitAfterEof = parseSeconds(flags.quit, "-q");
  const options: PumpOptions = {
    crlf: flags.crlf,
    idleSeconds: parseSeconds(flags["idle-timeout"], "-i"),
    // With a program, -q counts from the client's EOF, which the program's endpoint sees.
    quitAfterEof: spec ? undefined : quitAfterEof,
    endWhenSent: sendOnly,
    noShutdown: flags.shutdown === false,
    delay: parseSeconds(flags.delay, "--delay"),
  };
  const argv = spec && execArgv(spec);
  const udp = target.type === SOCK_DGRAM;
  const proto = udp ? "UDP" : target.family === AF_UNIX ? "UNIX" : "TCP";
  const program = (peer?: Address, local?: Address) =>
    execEndpoint(argv as string[], `exec:${spec?.command}`, { peer, local, proto }, quitAfterEof);
  // What each client is joined to; with -k stdin is shared, so the hub reads it, not the client.
  const join = (left: Endpoint, shared: boolean): Endpoint => {
    if (argv) return program(left.peer, left.local);
    if (flags.echo) return echoEndpoint();
    return stdioEndpoint({ read: readsStdin && !shared, discard: sendOnly });
  };
  const input = readsStdin ? stdinChunks() : null;
  const ipv6Only = target.dualStack === false;
  try {
    if (udp && argv) {
      const keepOpen = Boolean(flags["keep-open"]);
      const sessions = { ...options, keepOpen, maxConns: maxConnsOf(flags), admit, ipv6Only };
      await serveUdpSessions(server, target.label, { ...sessions, start: program }, reporter);
    } else if (udp) {
      const datagrams = { ...options, input, output: stdoutSink(), echo: flags.echo, sendOnly };
      await udpServer(server, { ...datagrams, ipv6Only }, reporter, admit);
    } else if (wantsProxyServer(flags)) {
      // Loaded once listening (it brings node:crypto for Digest): a client that connects
      // right away waits in the accept queue instead of finding no listener.
      const { serveHttpProxy } = await import("../proxy-server/serve.ts");
      const proxy = { ...options, flags, credentials: flags["proxy-auth"], admit };
      await serveHttpProxy(server, proxy, reporter);
    } else if (wantsBroker(flags)) {
      const { serveBroker } = await import("../broker/hub.ts");
      const hub = { ...options, input, maxConns: maxConnsOf(flags), admit };
      await serveBroker(server, brokerOptions(flags, hub), reporter);
    } else if (flags["keep-open"]) {
      const hub = { ...options, input, maxConns: maxConnsOf(flags), admit };
      await serveMany(server, { ...hub, join: (left) => join(left, true) }, reporter);
    } else await serveOne(server, (left) => join(left, false), options, reporter, admit);
  } catch (err) {
    // Closing the listener on SIGINT/SIGTERM ends accept() with EBADF: a normal stop.
    if (err instanceof OSError && server.fileno() === -1) return;
    throw err;
  }
}

/** Without -k: the first client, then done (the listener closes, as nc's does). */
async function serveOne(
  server: Socket,
  join: (left: Endpoint) => Endpoint,
  options: PumpOptions,
  reporter: Reporter,
  admit: Gate | null,
) {
  const [conn, peer] = await acceptAdmitted(server, admit, reporter);
  server.close();
  reporter.accepted(peer, 1);
  const left = socketEndpoint(conn, showAddress(peer));
  let right: Endpoint | undefined;
  try {
    right = join(left);
    await pump(left, right, { ...options, id: 1 }, reporter);
  } catch (err) {
    throw explained(`connection from ${showAddress(peer)}`, err);
  } finally {
    left.close();
    right?.close();
    reporter.closed(peer, 1);
  }
}

function maxConnsOf(flags: ListenFlags): number | undefined {
  if (flags["max-conns"] === undefined) return undefined;
  const max = Number(flags["max-conns"]);
  if (!Number.isInteger(max) || max < 1)
    throw new UsageError(`invalid --max-conns '${flags["max-conns"]}'`);
  return max;
}
