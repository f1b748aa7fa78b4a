/** `sockit listen [HOST] PORT`: server mode, like `nc -l`. */
import { existsSync, lstatSync, rmSync, unlinkSync } from "node:fs";
import { defineCommand } from "citty";
import {
  AF_UNIX,
  OSError,
  SO_REUSEADDR,
  SOCK_DGRAM,
  SOL_SOCKET,
  type Socket,
} from "../../socket/index.ts";
import { type CommonFlags, dataArgs, reportArgs, transportArgs } from "../_args.ts";
import { NetworkError, UsageError } from "../_errors.ts";
import { runSession } from "../_session.ts";
import {
  listenTarget,
  newSocket,
  parsePort,
  parseSeconds,
  type Target,
  unixTarget,
} from "../endpoints/address.ts";
import { echoEndpoint } from "../endpoints/echo.ts";
import type { Endpoint } from "../endpoints/endpoint.ts";
import { socketEndpoint } from "../endpoints/socket.ts";
import { stdinChunks, stdioEndpoint, stdoutSink } from "../endpoints/stdio.ts";
import { udpServer } from "../endpoints/udp.ts";
import { type PumpOptions, pump } from "../pump.ts";
import { type Reporter, showAddress } from "../report/reporter.ts";
import { serveMany } from "../serve-many.ts";

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
  unlink: { type: "boolean", description: "replace a leftover Unix socket file at -U PATH" },
  ...dataArgs,
  ...reportArgs,
} as const;

interface ListenFlags extends CommonFlags {
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
  run: ({ args }) => runListen(args as ListenFlags),
});

function runListen(flags: ListenFlags): Promise<number> {
  return runSession(flags, async (reporter) => {
    checkValues(flags);
    const target = await chooseTarget(flags);
    const server = await bindServer(target, flags);
    // Ctrl-C or kill: close the listener (which removes a Unix socket file) and exit as killed.
    const stop = (code: number) => () => {
      closeServer(server, target);
      process.exit(code);
    };
    process.once("SIGINT", stop(130)).once("SIGTERM", stop(143));
    try {
      const port = typeof target.address === "string" ? -1 : (target.address[1] ?? -1);
      reporter.listening(
        server.getsockname(),
        target.type === SOCK_DGRAM ? "udp" : "tcp",
        port === 0,
      );
      await serve(server, target, flags, reporter);
    } finally {
      closeServer(server, target);
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
  parseSeconds(flags.quit, "-q");
  maxConnsOf(flags);
  backlogOf(flags);
}

async function chooseTarget(flags: ListenFlags): Promise<Target> {
  if (flags.unix !== undefined) return unixTarget(flags.unix, flags);
  const [host, portText] =
    flags.second === undefined ? [undefined, flags.first] : [flags.first, flags.second];
  if (flags.port !== undefined && portText !== undefined && flags.port !== portText) {
    throw new UsageError(`two ports given: '${portText}' and -p '${flags.port}'`);
  }
  return listenTarget(host, parsePort(flags.port ?? portText), flags);
}

async function bindServer(target: Target, flags: ListenFlags): Promise<Socket> {
  const server = newSocket(target, "listen");
  try {
    if (target.family !== AF_UNIX) server.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
    if (target.family === AF_UNIX && flags.unlink) removeStaleSocket(target.label);
    try {
      await server.bind(target.address);
    } catch (err) {
      // Only a socket file is something --unlink would replace: for a regular file the hint
      // would mislead.
      const hint =
        target.family === AF_UNIX && isSocketFile(target.label) ? " (--unlink replaces it)" : "";
      throw new NetworkError(`listen ${target.label}${hint}`, err);
    }
    if (target.type !== SOCK_DGRAM) server.listen(backlogOf(flags));
    return server;
  } catch (err) {
    server.close();
    throw err;
  }
}

/**
 * Closes the listener. Like Python's close(), the library leaves a Unix socket file behind;
 * the CLI created it, so it removes it, and the next run needs no --unlink.
 */
function closeServer(server: Socket, target: Target): void {
  const ownsFile = target.family === AF_UNIX && !target.label.startsWith("\0");
  server.close();
  if (ownsFile) rmSync(target.label, { force: true });
}

/** Removes a leftover socket file; a regular file is never removed. */
function removeStaleSocket(path: string): void {
  if (!existsSync(path)) return;
  if (!isSocketFile(path)) {
    // Same exit code as without --unlink: the path is taken, which is the machine's state.
    throw new NetworkError(
      `listen ${path}`,
      new Error("exists and is not a socket; not removing it"),
    );
  }
  unlinkSync(path);
}

function isSocketFile(path: string): boolean {
  return existsSync(path) && lstatSync(path).isSocket();
}

function backlogOf(flags: ListenFlags): number {
  if (flags.backlog === undefined) return 128;
  const backlog = Number(flags.backlog);
  if (!Number.isInteger(backlog) || backlog < 0)
    throw new UsageError(`invalid --backlog '${flags.backlog}'`);
  return backlog;
}

async function serve(server: Socket, target: Target, flags: ListenFlags, reporter: Reporter) {
  const readsStdin = !flags.echo && !flags["recv-only"];
  const sendOnly = flags["send-only"];
  const options: PumpOptions = {
    crlf: flags.crlf,
    idleSeconds: parseSeconds(flags["idle-timeout"], "-i"),
    quitAfterEof: parseSeconds(flags.quit, "-q"),
    endWhenSent: sendOnly,
  };
  // What each client is joined to; with -k stdin is shared, so the hub reads it, not the client.
  const join = (shared: boolean): Endpoint =>
    flags.echo ? echoEndpoint() : stdioEndpoint({ read: readsStdin && !shared, discard: sendOnly });
  try {
    if (target.type === SOCK_DGRAM) {
      const input = readsStdin ? stdinChunks() : null;
      await udpServer(
        server,
        { ...options, input, output: stdoutSink(), echo: flags.echo, sendOnly },
        reporter,
      );
    } else if (flags["keep-open"]) {
      const input = readsStdin ? stdinChunks() : null;
      await serveMany(
        server,
        { ...options, input, maxConns: maxConnsOf(flags), join: () => join(true) },
        reporter,
      );
    } else await serveOne(server, join(false), options, reporter);
  } catch (err) {
    // Closing the listener on SIGINT/SIGTERM ends accept() with EBADF: a normal stop.
    if (err instanceof OSError && server.fileno() === -1) return;
    throw err;
  }
}

/** Without -k: the first client, then done (the listener closes, as nc's does). */
async function serveOne(server: Socket, right: Endpoint, options: PumpOptions, reporter: Reporter) {
  const [conn, peer] = await server.accept();
  server.close();
  reporter.accepted(peer, 1);
  const left = socketEndpoint(conn, showAddress(peer));
  try {
    await pump(left, right, { ...options, id: 1 }, reporter);
  } catch (err) {
    throw new NetworkError(`connection from ${showAddress(peer)}`, err);
  } finally {
    left.close();
    right.close();
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
