/**
 * The work behind getaddrinfo(), after glibc: its argument checks in its order, the socket kinds
 * (_socket-kinds.ts), and hosts as IP literals, the loopback/wildcard pair, or names for the
 * system resolver.
 */
import type { LookupAddress } from "node:dns";
import { kindsFor, readService } from "../_socket-kinds.ts";
import type { InetAddress } from "../address.ts";
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  AI_ALL,
  AI_CANONNAME,
  AI_NUMERICHOST,
  AI_PASSIVE,
  AI_V4MAPPED,
  EAI_ADDRFAMILY,
  EAI_BADFLAGS,
  EAI_FAMILY,
  EAI_NONAME,
} from "../constants.ts";
import { gaierror } from "../errors.ts";
import { gaierrorFrom, lookupAll } from "./_dns.ts";
import { parseScopeId } from "./_interfaces.ts";
import {
  formatIPv4,
  formatIPv6,
  isV4Mapped,
  mapToIPv6,
  parseInetAton,
  parseIPv6,
} from "./_ip-text.ts";

/** One getaddrinfo() result: `[family, type, proto, canonname, sockaddr]`. */
export type AddrInfo = [
  family: number,
  type: number,
  proto: number,
  canonname: string,
  sockaddr: InetAddress,
];

/** getaddrinfo()'s arguments after Python's own conversions. */
export interface AddrInfoRequest {
  host: string | null;
  service: string | null;
  family: number;
  type: number;
  proto: number;
  flags: number;
}

/** Every AI_* bit glibc accepts, its IDN ones included; any other bit is EAI_BADFLAGS. */
const AI_KNOWN = 0x7ff;

interface Target {
  family: number;
  address: string;
  scopeId: number;
}

/**
 * No host: loopback, or the wildcard with AI_PASSIVE. glibc lists IPv6 then IPv4 and then sorts
 * by RFC 6724; python3 on Linux reports ::1 before 127.0.0.1 but 0.0.0.0 before ::, as here.
 */
function unnamedTargets(family: number, flags: number): Target[] {
  const passive = (flags & AI_PASSIVE) !== 0;
  const ipv6 = { family: AF_INET6, address: passive ? "::" : "::1", scopeId: 0 };
  const ipv4 = { family: AF_INET, address: passive ? "0.0.0.0" : "127.0.0.1", scopeId: 0 };
  if (family === AF_INET6) return [ipv6];
  if (family === AF_INET) return [ipv4];
  return passive ? [ipv4, ipv6] : [ipv6, ipv4];
}

/**
 * An IP literal as glibc's getaddrinfo() spots one (inet_aton forms such as `127.1` included,
 * IPv6 with an optional `%scope`), or undefined for a name. A literal of the other family is
 * EAI_ADDRFAMILY, except the conversions glibc makes through `::ffff:a.b.c.d`.
 */
export function literalTarget(host: string, family: number, flags: number): Target | undefined {
  const ipv4 = parseInetAton(host, true);
  if (ipv4) {
    if (family !== AF_INET6) return { family: AF_INET, address: formatIPv4(ipv4), scopeId: 0 };
    if (!(flags & AI_V4MAPPED)) throw new gaierror(EAI_ADDRFAMILY);
    return { family: AF_INET6, address: formatIPv6(mapToIPv6(ipv4)), scopeId: 0 };
  }
  const cut = host.indexOf("%");
  const ipv6 = parseIPv6(cut === -1 ? host : host.slice(0, cut));
  if (!ipv6) return undefined;
  if (family === AF_INET) {
    if (!isV4Mapped(ipv6)) throw new gaierror(EAI_ADDRFAMILY);
    return { family: AF_INET, address: formatIPv4(ipv6.subarray(12)), scopeId: 0 };
  }
  const scopeId = cut === -1 ? 0 : parseScopeId(ipv6, host.slice(cut + 1));
  if (scopeId === undefined) throw new gaierror(EAI_NONAME);
  return { family: AF_INET6, address: formatIPv6(ipv6), scopeId };
}

/** AI_V4MAPPED: IPv4 answers become `::ffff:a.b.c.d` if there is no IPv6 one, or with AI_ALL. */
function mapIPv4(targets: Target[], flags: number): Target[] {
  const ipv6 = targets.filter((target) => target.family === AF_INET6);
  if (ipv6.length > 0 && !(flags & AI_ALL)) return ipv6;
  const mapped = targets
    .filter((target) => target.family === AF_INET)
    .map((target) => literalTarget(target.address, AF_INET6, AI_V4MAPPED) as Target);
  return [...ipv6, ...mapped];
}

/** A name through the system resolver (hosts file, then DNS, as nsswitch.conf says). */
async function lookupTargets(host: string, family: number, flags: number): Promise<Target[]> {
  // glibc finds nothing for ''; Node would look it up and warn that it is deprecated.
  if (host === "") throw new gaierror(EAI_NONAME);
  const mapped = family === AF_INET6 && (flags & AI_V4MAPPED) !== 0;
  const wanted = mapped || family === AF_UNSPEC ? 0 : family === AF_INET ? 4 : 6;
  let found: LookupAddress[];
  try {
    found = await lookupAll(host, { all: true, family: wanted });
  } catch (err) {
    throw gaierrorFrom(err);
  }
  const targets = found.flatMap(({ address }) => literalTarget(address, AF_UNSPEC, 0) ?? []);
  const chosen = mapped ? mapIPv4(targets, flags) : targets;
  if (chosen.length === 0) throw new gaierror(EAI_NONAME);
  return chosen;
}

/** The addresses a host stands for: none given, a literal, or a name (unless AI_NUMERICHOST). */
async function hostTargets(host: string | null, family: number, flags: number): Promise<Target[]> {
  if (host === null) return unnamedTargets(family, flags);
  const literal = literalTarget(host, family, flags);
  if (literal) return [literal];
  if (flags & AI_NUMERICHOST) throw new gaierror(EAI_NONAME);
  return lookupTargets(host, family, flags);
}

function sockaddrOf(target: Target, port: number): InetAddress {
  if (target.family === AF_INET) return [target.address, port];
  return [target.address, port, 0, target.scopeId];
}

/** getaddrinfo() on converted arguments: glibc's checks in glibc's order, then the lookups. */
export async function resolveAddrInfo(request: AddrInfoRequest): Promise<AddrInfo[]> {
  const { family, type, proto, flags } = request;
  // glibc reads a lone '*' as "not given", for the host and for the service.
  const host = request.host === "*" ? null : request.host;
  const service = request.service === "*" ? null : request.service;
  if (host === null && service === null) throw new gaierror(EAI_NONAME);
  if (flags & ~AI_KNOWN || (flags & AI_CANONNAME && host === null)) {
    throw new gaierror(EAI_BADFLAGS);
  }
  if (family !== AF_UNSPEC && family !== AF_INET && family !== AF_INET6) {
    throw new gaierror(EAI_FAMILY);
  }
  const kinds = kindsFor(type, proto, service === null ? null : readService(service, flags));
  const targets = await hostTargets(host, family, flags);
  const results = targets.flatMap((target) =>
    kinds.map(([kindType, kindProto, port]): AddrInfo => {
      return [target.family, kindType, kindProto, "", sockaddrOf(target, port)];
    }),
  );
  // Only the first result carries the canonical name; the resolver gives us none, so it is the host.
  const first = results[0];
  if (first && flags & AI_CANONNAME) first[3] = host ?? "";
  return results;
}
