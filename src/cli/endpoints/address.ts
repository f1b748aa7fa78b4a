/**
 * Turning HOST, PORT, -4/-6/-n and -U into something the library can bind or connect, with
 * usage errors (exit 2) for malformed input and network errors (exit 1) for failed lookups.
 */

import { ipVersion } from "../../socket/extensions.ts";
import {
  type AddressInput,
  AF_INET,
  AF_INET6,
  AF_UNIX,
  getaddrinfo,
  getservbyname,
  OSError,
  SOCK_DGRAM,
  SOCK_STREAM,
  type Socket,
  socket,
} from "../../socket/index.ts";
import type { CommonFlags } from "../_args.ts";
import { NetworkError, UsageError } from "../_errors.ts";

export interface Target {
  family: number;
  type: number;
  address: AddressInput;
  /** The protocol getaddrinfo gave (0 for Unix sockets and wildcards). */
  proto?: number;
  /**
   * A wildcard listener: true serves IPv4 too on `::` (IPV6_V6ONLY off), false is -6's `::`
   * alone; undefined (a host given) leaves the system's default.
   */
  dualStack?: boolean;
  /** How to name it in messages: `127.0.0.1:80`, `[::1]:80`, `/tmp/sock`. */
  label: string;
}

/** A port number or service name; anything else is a usage error. */
export function parsePort(text: string | undefined, what = "port"): number {
  if (text === undefined || text === "") throw new UsageError(`missing ${what.toUpperCase()}`);
  if (/^\d+$/.test(text)) {
    const port = Number(text);
    if (port <= 65535) return port;
    throw new UsageError(`invalid ${what} '${text}': must be 0-65535`);
  }
  try {
    return getservbyname(text);
  } catch {
    throw new UsageError(`invalid ${what} '${text}'`);
  }
}

/** `-z` port specs: `80`, `20-30`, `22,80,443`, or a mix. */
export function parsePortList(text: string): number[] {
  const ports: number[] = [];
  for (const part of text.split(",")) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (!range) {
      ports.push(parsePort(part));
      continue;
    }
    const low = parsePort(range[1]);
    const high = parsePort(range[2]);
    if (low > high) throw new UsageError(`invalid port range '${part}'`);
    for (let port = low; port <= high; port++) ports.push(port);
  }
  return ports;
}

/** The library's (and Python's) longest timeout: 2^63 ns, about 292 years. */
const MAX_SECONDS = 9223372036;

const TIME_UNITS: Readonly<Record<string, number>> = { "": 1, ms: 0.001, s: 1, m: 60, h: 3600 };

/**
 * A time for -w, -i, -q, --delay in seconds, written as ncat writes it: `5` or `1.5` (seconds),
 * `500ms`, `3s`, `2m`, `1h`.
 */
export function parseSeconds(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d*)?|\.\d+)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) {
    throw new UsageError(
      `invalid ${flag} value '${text}': expected a time such as 5, 1.5, 500ms, 3s, 2m or 1h`,
    );
  }
  const seconds = Number(match[1]) * (TIME_UNITS[match[2] ?? ""] as number);
  if (seconds > MAX_SECONDS) {
    throw new UsageError(`invalid ${flag} value '${text}': at most ${MAX_SECONDS} seconds`);
  }
  return seconds;
}

export function socketType(flags: CommonFlags): number {
  return flags.udp ? SOCK_DGRAM : SOCK_STREAM;
}

/** The family -4/-6 ask for, or 0 to let the address decide. */
function wantedFamily(flags: CommonFlags): number {
  if (flags.ipv4 && flags.ipv6) throw new UsageError("-4 and -6 cannot be used together");
  if (flags.ipv4) return AF_INET;
  if (flags.ipv6) return AF_INET6;
  return 0;
}

export function unixTarget(path: string, flags: CommonFlags): Target {
  if (path === "") throw new UsageError("-U needs a socket path");
  return { family: AF_UNIX, type: socketType(flags), address: path, label: path };
}

/** Resolves HOST (a name or literal) for PORT, honouring -4, -6 and -n: the first address. */
export async function resolveTarget(
  host: string,
  port: number,
  flags: CommonFlags,
): Promise<Target> {
  return (await resolveTargets(host, port, flags))[0] as Target;
}

/** Every address HOST stands for, in getaddrinfo's order (never empty). */
export async function resolveTargets(
  host: string,
  port: number,
  flags: CommonFlags,
): Promise<Target[]> {
  const family = wantedFamily(flags);
  const literal = ipVersion(host);
  if (flags.numeric && literal === 0) {
    throw new UsageError(`'${host}' is not a numeric address (-n turns DNS off)`);
  }
  if ((literal === 4 && family === AF_INET6) || (literal === 6 && family === AF_INET)) {
    throw new UsageError(`'${host}' does not match -${family === AF_INET ? 4 : 6}`);
  }
  const type = socketType(flags);
  let found: Awaited<ReturnType<typeof getaddrinfo>>;
  try {
    found = await getaddrinfo(host, port, family, type);
  } catch (err) {
    throw new NetworkError(`resolve ${host}`, err);
  }
  if (found.length === 0)
    throw new NetworkError(`resolve ${host}`, new OSError(`no address for ${host}`));
  return found.map(([resolvedFamily, , proto, , sockaddr]) => ({
    family: resolvedFamily,
    type,
    proto,
    address: sockaddr,
    label: labelFor(host, port),
  }));
}

/** `127.0.0.1:80` for a literal, `localhost:80 (127.0.0.1)` for a name and the address used. */
export function attemptLabel(target: Target): string {
  const [address] = target.address as [string, number];
  const { label } = target;
  const named = label.startsWith("[")
    ? label.slice(1, label.lastIndexOf("]"))
    : label.slice(0, label.lastIndexOf(":"));
  return named === address ? label : `${label} (${address})`;
}

/**
 * Where a listener binds: HOST, or with no host both stacks (`::` with IPV6_V6ONLY off, as
 * ncat does), or the wildcard of the family -4/-6 asks for.
 */
export function listenTarget(host: string | undefined, port: number, flags: CommonFlags) {
  const family = wantedFamily(flags);
  if (host !== undefined) return resolveTarget(host, port, flags);
  const wildcard = family === AF_INET ? "0.0.0.0" : "::";
  const target: Target = {
    family: family || AF_INET6,
    type: socketType(flags),
    address: [wildcard, port],
    label: labelFor(wildcard, port),
    dualStack: family === 0,
  };
  return Promise.resolve(target);
}

/** The socket for a target; one Bun cannot make (AF_UNIX datagrams) is named in the error. */
export function newSocket(target: Target, action: string): Socket {
  try {
    return socket(target.family, target.type);
  } catch (err) {
    throw new NetworkError(`${action} ${target.label}`, err);
  }
}

export function labelFor(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
