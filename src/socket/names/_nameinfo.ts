/**
 * Reverse lookups: the host-name half of getnameinfo() and gethostbyaddr(), and the
 * sockaddr checks CPython's getnameinfo() makes before it calls the C function.
 */

import { toCInt, toCUnsigned } from "../_c-args.ts";
import { EAI_NONAME, NI_DGRAM, NI_NAMEREQD, NI_NUMERICHOST, NI_NUMERICSERV } from "../constants.ts";
import { gaierror, OverflowError } from "../errors.ts";
import { gaierrorFrom, lookupService } from "./_dns.ts";
import { formatScopeId } from "./_interfaces.ts";
import { isV4Mapped, parseIPv6 } from "./_ip-text.ts";
import { serviceByPort } from "./_services.ts";

/** A getnameinfo() sockaddr after CPython's "si|II" parse. */
export interface NameinfoSockaddr {
  host: string;
  port: number;
  flowinfo: number;
  scopeId: number;
}

/** CPython's checks on getnameinfo()'s first argument: a 2- to 4-tuple `(host, port, ...)`. */
export function checkNameinfoSockaddr(sockaddr: unknown): NameinfoSockaddr {
  if (!Array.isArray(sockaddr)) {
    throw new TypeError("getnameinfo() argument 1 must be a tuple");
  }
  const [host, port, flowinfo = 0, scopeId = 0] = sockaddr as unknown[];
  if (sockaddr.length < 2 || sockaddr.length > 4 || typeof host !== "string") {
    throw new TypeError("getnameinfo(): illegal sockaddr argument");
  }
  const checked = {
    host,
    port: toCInt(port),
    flowinfo: toCUnsigned(flowinfo),
    scopeId: toCUnsigned(scopeId),
  };
  if (checked.flowinfo > 0xfffff) {
    throw new OverflowError("getnameinfo(): flowinfo must be 0-1048575.");
  }
  return checked;
}

/**
 * The name the system resolver gives an address (hosts file, then PTR records), or null when
 * it has none. A resolver that fails for another reason rejects with its own error.
 */
export async function reverseName(address: string): Promise<string | null> {
  // glibc looks `::ffff:a.b.c.d` up as IPv6, which hosts files do not list; Node's resolver
  // would look up the IPv4 address instead and find a name Python does not.
  const ipv6 = parseIPv6(address);
  if (ipv6 && isV4Mapped(ipv6)) return null;
  try {
    return (await lookupService(address, 0)).hostname;
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === "ENOTFOUND" || code === "EAI_NONAME") return null;
    throw err;
  }
}

/**
 * getnameinfo()'s host: the numeric address with NI_NUMERICHOST, else the resolver's name, else
 * (unless NI_NAMEREQD) the numeric address. IPv6 scopes print as `%lo` or `%3`, as glibc does.
 */
export async function nameinfoHost(
  address: string,
  scopeId: number,
  flags: number,
): Promise<string> {
  const ipv6 = parseIPv6(address);
  const numeric = ipv6 && scopeId !== 0 ? `${address}%${formatScopeId(ipv6, scopeId)}` : address;
  if (flags & NI_NUMERICHOST) return numeric;
  let name: string | null;
  try {
    name = await reverseName(address);
  } catch (err) {
    throw gaierrorFrom(err);
  }
  if (name !== null) return name;
  if (flags & NI_NAMEREQD) throw new gaierror(EAI_NONAME);
  return numeric;
}

/** getnameinfo()'s service: the port's tcp (udp with NI_DGRAM) name, or the number. */
export function nameinfoService(port: number, flags: number): string {
  if (flags & NI_NUMERICSERV) return String(port);
  return serviceByPort(port, flags & NI_DGRAM ? "udp" : "tcp")?.name ?? String(port);
}
