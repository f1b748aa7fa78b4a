/**
 * Python's convenience constructors: create_connection, create_server, socketpair and
 * has_dualstack_ipv6, written on the public Socket API exactly as CPython writes them in Python.
 */
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { toCInt } from "./_c-args.ts";
import { adoption, TRANSPORT } from "./_transport.ts";
import { type AddressInput, formatAddress } from "./address.ts";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  SO_REUSEADDR,
  SO_REUSEPORT,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
} from "./constants.ts";
import { unixDatagramPair } from "./datagram/_unix-pair.ts";
import { getdefaulttimeout } from "./defaults.ts";
import { errorFor, fromErrno, OSError, ValueError } from "./errors.ts";
import { ConnectFirstError, connectFirst } from "./happy-eyeballs.ts";
import { getaddrinfo } from "./names/resolve.ts";
import { Socket } from "./socket.ts";

export interface CreateConnectionOptions {
  /** Reject with an AggregateError of every attempt's error instead of the first one. */
  all_errors?: boolean;
}

/**
 * Connects to `[host, port]`, trying every address getaddrinfo gives, in its order, with Happy
 * Eyeballs (connectFirst): the next address is tried 250 ms after the previous one if that has
 * not answered yet. As in Python, failure raises the last address's error, or with
 * `all_errors` an AggregateError of every attempt's error. `timeout` undefined means the
 * default timeout; null means blocking.
 *
 * @example
 * await using conn = await create_connection(["localhost", 8080], 5);
 */
export async function create_connection(
  address: readonly [host: string, port: number],
  timeout?: number | null,
  source_address?: AddressInput | null,
  { all_errors = false }: CreateConnectionOptions = {},
): Promise<Socket> {
  const [host, port] = address;
  const candidates = await getaddrinfo(host, port, 0, SOCK_STREAM);
  try {
    return await connectFirst(candidates, {
      timeout: timeout === undefined ? getdefaulttimeout() : timeout,
      source: source_address ?? null,
    });
  } catch (err) {
    if (!(err instanceof ConnectFirstError)) throw err;
    if (all_errors) throw new AggregateError(err.errors, "create_connection failed");
    throw err.last;
  }
}

export interface CreateServerOptions {
  family?: number;
  backlog?: number | null;
  reuse_port?: boolean;
  dualstack_ipv6?: boolean;
}

/**
 * A listening TCP socket with SO_REUSEADDR set, as Python's create_server builds it.
 *
 * @example
 * await using srv = await create_server(["127.0.0.1", 0]);
 */
export async function create_server(
  address: AddressInput,
  {
    family = AF_INET,
    backlog = null,
    reuse_port = false,
    dualstack_ipv6 = false,
  }: CreateServerOptions = {},
): Promise<Socket> {
  if (dualstack_ipv6 && family !== AF_INET6) {
    throw new ValueError("dualstack_ipv6 requires AF_INET6 family");
  }
  const sock = new Socket(family, SOCK_STREAM);
  try {
    if (family !== AF_UNIX) sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
    if (reuse_port) sock.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1);
    if (family === AF_INET6) sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, dualstack_ipv6 ? 0 : 1);
    await bindExplained(sock, address);
    if (backlog === null) sock.listen();
    else sock.listen(backlog);
    return sock;
  } catch (err) {
    sock.close();
    throw err;
  }
}

/** Binds, re-raising an errno error with the address in its message, as Python does. */
async function bindExplained(sock: Socket, address: AddressInput): Promise<void> {
  try {
    await sock.bind(address);
  } catch (err) {
    if (!(err instanceof OSError) || err.errno === null) throw err;
    const shown = typeof address === "string" || Array.isArray(address) ? address : String(address);
    const text = `${err.strerror} (while attempting to bind on address ${formatAddress(shown as never)})`;
    throw fromErrno(err.errno, { cause: err }, text);
  }
}

/** True when an AF_INET6 socket can also serve IPv4 clients (IPV6_V6ONLY off). */
export function has_dualstack_ipv6(): boolean {
  return Object.values(networkInterfaces()).some((list) =>
    (list ?? []).some((entry) => entry.family === "IPv6"),
  );
}

let pairCount = 0;

/**
 * Two connected AF_UNIX stream sockets. Bun has no socketpair(2), so this listens on a
 * private name (abstract on Linux, a temp file elsewhere), connects, accepts and stops.
 *
 * @example
 * const [a, b] = await socketpair();
 */
export async function socketpair(
  family = AF_UNIX,
  type = SOCK_STREAM,
  proto = 0,
): Promise<[Socket, Socket]> {
  // CPython parses all three as C ints ("|iii") before looking at any of them.
  for (const value of [family, type, proto]) toCInt(value);
  if (family !== AF_UNIX) throw errorFor("EOPNOTSUPP");
  if (type === SOCK_DGRAM) return datagramPair(proto);
  const name = `sockit-pair-${process.pid}-${++pairCount}-${Math.random().toString(36).slice(2)}`;
  const path = process.platform === "linux" ? `\0${name}` : join(tmpdir(), name);
  const server = new Socket(AF_UNIX, type, proto);
  try {
    await server.bind(path);
    server.listen(1);
    const left = new Socket(AF_UNIX, type, proto);
    try {
      const [[right]] = await Promise.all([server.accept(), left.connect(path)]);
      left[TRANSPORT]().forgetNames?.();
      right[TRANSPORT]().forgetNames?.();
      return [left, right];
    } catch (err) {
      left.close();
      throw err;
    }
  } finally {
    server.close();
  }
}

/** socketpair(AF_UNIX, SOCK_DGRAM): a kernel-made pair that Bun drives (see _unix-pair.ts). */
async function datagramPair(proto: number): Promise<[Socket, Socket]> {
  const [left, right] = await unixDatagramPair();
  adoption.transport = left;
  const a = new Socket(AF_UNIX, SOCK_DGRAM, proto);
  adoption.transport = right;
  return [a, new Socket(AF_UNIX, SOCK_DGRAM, proto)];
}
