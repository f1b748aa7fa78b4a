/**
 * Turning a relay address into an endpoint (connecting kinds, exec, stdio) or into an acceptor
 * that hands out one endpoint per incoming connection (the `*-listen` kinds).
 */
import { type Address, socket } from "../../socket/index.ts";
import type { CommonFlags } from "../_args.ts";
import { connectTarget } from "../_connect.ts";
import { NetworkError, UsageError } from "../_errors.ts";
import { bindListener, closeListener } from "../_listener.ts";
import {
  listenTarget,
  parsePort,
  parseSeconds,
  resolveTarget,
  type Target,
  unixTarget,
} from "../endpoints/address.ts";
import type { Endpoint } from "../endpoints/endpoint.ts";
import { execArgv, execEndpoint } from "../endpoints/exec.ts";
import { connectViaProxy, type ProxySpec, proxySpecOf } from "../endpoints/proxy.ts";
import { socketEndpoint } from "../endpoints/socket.ts";
import { stdioEndpoint } from "../endpoints/stdio.ts";
import { udpEndpoint, udpSessions } from "../endpoints/udp-stream.ts";
import { showAddress } from "../report/reporter.ts";
import { flagOption, type RelayAddress } from "./address.ts";
import { checkTls, tlsClient, tlsServer } from "./tls.ts";

/** Hands out a connection (or a UDP client) at a time until closed. */
export interface Acceptor {
  readonly local: Address;
  readonly proto: "tcp" | "udp";
  accept(): Promise<Incoming>;
  close(): void;
}

/**
 * An accepted connection before its session: `ready()` finishes it (a TLS handshake, which runs
 * in the session so one slow client does not hold up the next accept), `refuse()` drops it.
 */
export interface Incoming {
  readonly peer: Address;
  ready(): Promise<Endpoint>;
  refuse(): void;
}

function incoming(endpoint: Endpoint, peer: Address): Incoming {
  return { peer, ready: () => Promise.resolve(endpoint), refuse: () => endpoint.close() };
}

export function isListening(address: RelayAddress): boolean {
  return address.kind.endsWith("-listen");
}

/** The flags `resolveTarget` reads, from `tcp4:`/`tcp6:` and UDP kinds. */
function familyFlags(address: RelayAddress): CommonFlags {
  return {
    ipv4: address.ipVersion === 4,
    ipv6: address.ipVersion === 6,
    udp: address.kind.startsWith("udp"),
  };
}

/** Checks what can be checked before anything is bound or connected (programs, numbers). */
export function checkAddress(address: RelayAddress): void {
  if (address.kind === "exec") execArgv({ command: address.command as string, shell: false });
  parseSeconds(address.options.get("connect-timeout"), `connect-timeout in '${address.text}'`);
  backlogOf(address);
  flagOption(address, "reuseaddr");
  if (address.kind === "ssl" || address.kind === "ssl-listen") checkTls(address);
  if (address.kind === "tcp" || address.kind === "ssl") proxyOfAddress(address);
}

/** Binds a listening address. */
export async function listenOn(address: RelayAddress): Promise<Acceptor> {
  const target =
    address.kind === "unix-listen"
      ? unixTarget(address.path as string, {})
      : await listenTarget(
          address.host ?? address.options.get("bind"),
          address.port as number,
          familyFlags(address),
        );
  const server = await bindListener(target, {
    backlog: backlogOf(address),
    unlink: address.options.has("unlink") || address.options.has("unlink-early"),
    reuseaddr: flagOption(address, "reuseaddr"),
  });
  const close = () => closeListener(server, target);
  const local = server.getsockname();
  if (address.kind === "udp-listen") {
    const sessions = udpSessions(server, target.label);
    const accept = async () => {
      const session = await sessions.accept();
      return incoming(session, session.peer as Address);
    };
    return { local, proto: "udp", accept, close };
  }
  const secure = address.kind === "ssl-listen" ? tlsServer(address) : undefined;
  return {
    local,
    proto: "tcp",
    async accept() {
      const [conn, peer] = await server.accept();
      const label = showAddress(peer);
      if (!secure) return incoming(socketEndpoint(conn, label), peer);
      return {
        peer,
        ready: async () => socketEndpoint(await secure(conn, label), label),
        refuse: () => conn.close(),
      };
    },
    close,
  };
}

/**
 * Opens a connecting address. `other` is the endpoint it will be joined to: a program learns
 * its peer's addresses from it.
 */
export async function openAddress(
  address: RelayAddress,
  other?: Endpoint,
  proto = "TCP",
): Promise<Endpoint> {
  switch (address.kind) {
    case "stdio":
      return stdioEndpoint({ read: true });
    case "exec":
    case "system": {
      const shell = address.kind === "system";
      const argv = execArgv({ command: address.command as string, shell });
      const info = { peer: other?.peer, local: other?.local, proto };
      return execEndpoint(argv, address.text, info);
    }
    case "unix":
      return connectUnix(address);
    case "tcp":
    case "ssl":
      return connectStream(address);
    case "udp":
      return connectDatagram(await targetOf(address));
    default:
      throw new UsageError(`'${address.text}' cannot be opened here`);
  }
}

async function connectUnix(address: RelayAddress): Promise<Endpoint> {
  const target = unixTarget(address.path as string, {});
  const wait = parseSeconds(address.options.get("connect-timeout"), "connect-timeout");
  return socketEndpoint(await connectTarget(target, { wait }), target.label);
}

function targetOf(address: RelayAddress): Promise<Target> {
  return resolveTarget(address.host as string, address.port as number, familyFlags(address));
}

function proxyOfAddress(address: RelayAddress): ProxySpec | undefined {
  const { options } = address;
  const words = {
    proxy: options.get("proxy"),
    type: options.get("proxy-type"),
    auth: options.get("proxy-auth"),
    dns: options.get("proxy-dns"),
  };
  return proxySpecOf(words);
}

/** tcp: and ssl:, straight to the target or through proxy=. */
async function connectStream(address: RelayAddress): Promise<Endpoint> {
  const [source, sourcePort] = splitBind(address);
  const wait = parseSeconds(address.options.get("connect-timeout"), "connect-timeout");
  const proxy = proxyOfAddress(address);
  if (proxy) {
    const sock = await connectViaProxy(
      proxy,
      address.host as string,
      address.port as number,
      familyFlags(address),
      wait,
      { source, sourcePort },
    );
    const label = `${address.host}:${address.port}`;
    if (address.kind !== "ssl") return socketEndpoint(sock, label);
    return socketEndpoint(await tlsClient(sock, address, label), label);
  }
  const via = await targetOf(address);
  const sock = await connectTarget(via, { source, sourcePort, wait });
  if (address.kind !== "ssl") return socketEndpoint(sock, via.label);
  return socketEndpoint(await tlsClient(sock, address, via.label), via.label);
}

async function connectDatagram(target: Target): Promise<Endpoint> {
  const sock = socket(target.family, target.type);
  try {
    await sock.connect(target.address);
  } catch (err) {
    sock.close();
    throw new NetworkError(`connect ${target.label}`, err);
  }
  return udpEndpoint(sock, target.label);
}

/** `bind=HOST`, `bind=HOST:PORT` or `bind=[V6]:PORT` on a connecting address. */
function splitBind(address: RelayAddress): [string | undefined, number | undefined] {
  const bind = address.options.get("bind");
  if (bind === undefined) return [undefined, undefined];
  const match = /^\[([^\]]+)\](?::(.*))?$|^([^:]*):(\d+)$/.exec(bind);
  if (!match) return [bind, undefined];
  const host = match[1] ?? match[3];
  const port = match[2] ?? match[4];
  return [host || undefined, port === undefined ? undefined : parsePort(port, "bind port")];
}

function backlogOf(address: RelayAddress): number | undefined {
  const text = address.options.get("backlog");
  if (text === undefined) return undefined;
  const backlog = Number(text);
  if (!Number.isInteger(backlog) || backlog < 0)
    throw new UsageError(`invalid backlog '${text}' in '${address.text}'`);
  return backlog;
}
