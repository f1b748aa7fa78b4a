/**
 * Python's name-resolution functions: getaddrinfo, getnameinfo, gethostbyname(_ex),
 * gethostbyaddr, getfqdn, gethostname, getservbyname and getservbyport. Those that may ask the
 * system resolver return Promises; results, errors and messages are Python's on Linux (glibc).
 */

import { hostname } from "node:os";
import { addrinfoHost, addrinfoService, requireText, toCInt } from "../_c-args.ts";
import { pyTypeName } from "../address.ts";
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  AI_NUMERICHOST,
  EAI_BADFLAGS,
  SOCK_DGRAM,
} from "../constants.ts";
import { gaierror, herror, OSError, OverflowError } from "../errors.ts";
import { type AddrInfo, literalTarget, resolveAddrInfo } from "./_addrinfo.ts";
import { lookupAll } from "./_dns.ts";
import { formatIPv4, parseInetAton } from "./_ip-text.ts";
import { checkNameinfoSockaddr, nameinfoHost, nameinfoService, reverseName } from "./_nameinfo.ts";
import { serviceByName, serviceByPort } from "./_services.ts";

export type { AddrInfo } from "./_addrinfo.ts";

/** A `(name, aliases, addresses)` answer of gethostbyname_ex and gethostbyaddr. */
export type HostEntry = [name: string, aliases: string[], addresses: string[]];

/**
 * Resolves a host and port into the arguments for creating and connecting a socket:
 * `[family, type, proto, canonname, sockaddr]` per address and socket type. `host` null means
 * loopback (the wildcard with AI_PASSIVE); `port` may be a number or a service name.
 *
 * @example
 * await getaddrinfo("localhost", "http"); // [[2, 1, 6, "", ["127.0.0.1", 80]]]
 */
export async function getaddrinfo(
  host: string | Uint8Array | null,
  port: number | string | Uint8Array | null,
  family = 0,
  type = 0,
  proto = 0,
  flags = 0,
): Promise<AddrInfo[]> {
  // CPython converts the integer arguments first, then the host, then the port.
  const numbers = {
    family: toCInt(family),
    type: toCInt(type),
    proto: toCInt(proto),
    flags: toCInt(flags),
  };
  return resolveAddrInfo({ ...numbers, host: addrinfoHost(host), service: addrinfoService(port) });
}

const decoder = new TextDecoder();

/** A host argument of the gethostby* functions: str, or bytes taken as UTF-8. */
function hostArgument(func: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return decoder.decode(value);
  throw new TypeError(
    `${func}() argument 1 must be str, bytes or bytearray, not ${pyTypeName(value)}`,
  );
}

/**
 * CPython's setipaddr(): the one address a host stands for. '' is the wildcard, `<broadcast>`
 * the IPv4 broadcast address, and the rest is the first answer of getaddrinfo().
 */
async function oneAddress(host: string, family: number): Promise<string> {
  if (host === "") {
    if (family === AF_UNSPEC) throw new OSError("wildcard resolved to multiple address");
    return family === AF_INET6 ? "::" : "0.0.0.0";
  }
  if (host === "<broadcast>") return "255.255.255.255";
  const [first] = await resolveAddrInfo({
    host,
    service: null,
    family,
    type: 0,
    proto: 0,
    flags: 0,
  });
  return (first as AddrInfo)[4][0];
}

/**
 * Resolves a host name to one IPv4 address; an IPv4 address passes through unchanged.
 *
 * @example
 * await gethostbyname("localhost"); // "127.0.0.1"
 */
export async function gethostbyname(hostname: string): Promise<string> {
  return oneAddress(hostArgument("gethostbyname", hostname), AF_INET);
}

const unknownHost = (cause?: unknown) => new herror(1, "Unknown host", { cause });

/**
 * The IPv4 addresses C's gethostbyname() gives a name that already resolved once: it reads only
 * dotted decimal as an address (`127.1` yes; `0x7f.1`, IPv6 and `<broadcast>` no) and '' fails.
 */
async function hostAddresses(name: string): Promise<string[]> {
  if (name === "") throw new herror(3, "Unknown server error");
  if (/^[0-9][0-9.]*$/.test(name) && !name.endsWith(".")) {
    const packed = parseInetAton(name, true);
    if (packed) return [formatIPv4(packed)];
    throw unknownHost();
  }
  if (name === "<broadcast>" || literalTarget(name, AF_UNSPEC, 0)) throw unknownHost();
  try {
    const found = await lookupAll(name, { all: true, family: 4 });
    return [...new Set(found.map(({ address }) => address))];
  } catch (err) {
    throw unknownHost(err);
  }
}

/**
 * Resolves a host name to `[name, aliases, addresses]`, IPv4 only.
 *
 * @example
 * await gethostbyname_ex("localhost"); // ["localhost", [], ["127.0.0.1"]]
 */
export async function gethostbyname_ex(hostname: string): Promise<HostEntry> {
  const name = hostArgument("gethostbyname_ex", hostname);
  await oneAddress(name, AF_INET);
  return [name, [], await hostAddresses(name)];
}

/**
 * The host name of an address (or of the address a name resolves to), as
 * `[hostname, aliases, addresses]`; an address with no name is herror `[Errno 1] Unknown host`.
 *
 * @example
 * await gethostbyaddr("127.0.0.1"); // ["localhost", [], ["127.0.0.1"]]
 */
export async function gethostbyaddr(ip_address: string): Promise<HostEntry> {
  const address = await oneAddress(hostArgument("gethostbyaddr", ip_address), AF_UNSPEC);
  let name: string | null;
  try {
    name = await reverseName(address);
  } catch (err) {
    throw new herror(2, "Host name lookup failure", { cause: err });
  }
  if (name === null) throw unknownHost();
  return [name, [], [address]];
}

/** Every NI_* bit glibc accepts, its IDN ones included; any other is EAI_BADFLAGS. */
const NI_KNOWN = 0xff;

/**
 * The `[host, service]` names of a socket address. NI_NUMERICHOST / NI_NUMERICSERV keep them
 * numeric, NI_NAMEREQD makes a missing host name an error, NI_DGRAM names udp services.
 *
 * @example
 * await getnameinfo(["127.0.0.1", 80], 0); // ["localhost", "http"]
 */
export async function getnameinfo(
  sockaddr: readonly [host: string, port: number, flowinfo?: number, scope_id?: number],
  flags: number,
): Promise<[host: string, service: string]> {
  const flagBits = toCInt(flags);
  const { host, port, scopeId } = checkNameinfoSockaddr(sockaddr);
  // As CPython does: a numeric-only getaddrinfo() turns the tuple into one socket address.
  const [first] = await resolveAddrInfo({
    host,
    service: String(port),
    family: AF_UNSPEC,
    type: SOCK_DGRAM,
    proto: 0,
    flags: AI_NUMERICHOST,
  });
  const [family, , , , [address, numericPort]] = first as AddrInfo;
  if (family === AF_INET && sockaddr.length !== 2) {
    throw new OSError("IPv4 sockaddr must be 2 tuple");
  }
  if (flagBits & ~NI_KNOWN) throw new gaierror(EAI_BADFLAGS);
  const hostName = await nameinfoHost(address, family === AF_INET6 ? scopeId : 0, flagBits);
  return [hostName, nameinfoService(numericPort, flagBits)];
}

/**
 * This machine's host name.
 *
 * @example
 * gethostname(); // "build-box"
 */
export function gethostname(): string {
  return hostname();
}

/**
 * A fully qualified name for `name` (this host if empty): the first of the reverse-lookup name
 * and its aliases that contains a dot, else that name; `name` itself when the lookup fails.
 *
 * @example
 * await getfqdn("127.0.0.1"); // "localhost"
 */
export async function getfqdn(name = ""): Promise<string> {
  let target = name.trim();
  if (target === "" || target === "0.0.0.0" || target === "::") target = gethostname();
  try {
    const [host, aliases] = await gethostbyaddr(target);
    return [host, ...aliases].find((candidate) => candidate.includes(".")) ?? host;
  } catch (err) {
    if (err instanceof OSError) return target;
    throw err;
  }
}

/**
 * The port of a service in the services database, for a protocol or for any.
 *
 * @example
 * getservbyname("domain", "udp"); // 53
 */
export function getservbyname(servicename: string, protocolname?: string): number {
  const name = requireText("getservbyname", 1, servicename);
  const proto =
    protocolname === undefined ? undefined : requireText("getservbyname", 2, protocolname);
  const entry = serviceByName(name, proto);
  if (!entry) throw new OSError("service/proto not found");
  return entry.port;
}

/**
 * The name of the service on a port, for a protocol or for any.
 *
 * @example
 * getservbyport(22); // "ssh"
 */
export function getservbyport(port: number, protocolname?: string): string {
  const number = toCInt(port);
  const proto =
    protocolname === undefined ? undefined : requireText("getservbyport", 2, protocolname);
  if (number < 0 || number > 0xffff) {
    throw new OverflowError("getservbyport: port must be 0-65535.");
  }
  const entry = serviceByPort(number, proto);
  if (!entry) throw new OSError("port/proto not found");
  return entry.name;
}
