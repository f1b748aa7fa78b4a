/**
 * Turns the host of an address tuple into an IP literal, as CPython's setipaddr() does before
 * every bind/connect/sendto: '' is the wildcard, '<broadcast>' the IPv4 broadcast address,
 * literals pass through when they match the family, names go to the system resolver.
 */
import { lookupOne } from "./_dns.ts";
import { parseIPv4, parseIPv6 } from "./_ip-text.ts";
import type { Endpoint } from "./_transport.ts";
import { checkInetAddress, checkUnixAddress } from "./address.ts";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  EAI_ADDRFAMILY,
  EAI_AGAIN,
  EAI_NODATA,
  EAI_NONAME,
} from "./constants.ts";
import { gaierror } from "./errors.ts";

const RESOLVER_CODES: Readonly<Record<string, number>> = {
  ENOTFOUND: EAI_NONAME,
  EAI_NONAME: EAI_NONAME,
  EAI_AGAIN: EAI_AGAIN,
  ETIMEOUT: EAI_AGAIN,
  ENODATA: EAI_NODATA,
};

/** A resolver failure as Python's gaierror with the matching EAI code. */
export function gaierrorFrom(err: unknown): gaierror {
  const code = (err as { code?: string } | null)?.code ?? "";
  return new gaierror(RESOLVER_CODES[code] ?? EAI_NONAME, { cause: err });
}

/** The IP literal a host stands for in `family`, or a gaierror. */
export async function resolveInetHost(family: number, host: string): Promise<string> {
  const wildcard = family === AF_INET6 ? "::" : "0.0.0.0";
  if (host === "") return wildcard;
  if (host === "<broadcast>" && family === AF_INET) return "255.255.255.255";
  const literal = literalFor(family, host);
  if (literal !== undefined) return literal;
  try {
    const found = await lookupOne(host, { family: family === AF_INET6 ? 6 : 4 });
    return found.address;
  } catch (err) {
    throw gaierrorFrom(err);
  }
}

/** An IP literal that fits the family; one of the other family is EAI_ADDRFAMILY, as in Python. */
function literalFor(family: number, host: string): string | undefined {
  const bare = host.includes("%") ? host.slice(0, host.indexOf("%")) : host;
  if (parseIPv4(host)) {
    if (family !== AF_INET) throw new gaierror(EAI_ADDRFAMILY);
    return host;
  }
  if (parseIPv6(bare)) {
    if (family !== AF_INET6) throw new gaierror(EAI_ADDRFAMILY);
    return host;
  }
  return undefined;
}

/** Validates and resolves an address for `method` ("bind", "connect", ...) on a family. */
export async function endpointFor(
  method: string,
  family: number,
  address: unknown,
): Promise<Endpoint> {
  if (family === AF_UNIX) return { path: checkUnixAddress(address) };
  const target = checkInetAddress(method, family, address);
  return { host: await resolveInetHost(family, target.host), port: target.port };
}
