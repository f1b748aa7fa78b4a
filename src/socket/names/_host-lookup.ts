/**
 * Turns the host of an address tuple into an IP literal, as CPython's setipaddr() does before
 * every bind/connect/sendto: '' is the wildcard, '<broadcast>' the IPv4 broadcast address, and
 * anything else goes through getaddrinfo() for the socket's family (literals of the other family
 * are EAI_ADDRFAMILY there, names go to the system resolver).
 */

import type { Endpoint } from "../_transport.ts";
import { checkInetAddress, checkUnixAddress } from "../address.ts";
import { AF_INET, AF_INET6, AF_UNIX } from "../constants.ts";
import { resolveAddrInfo } from "./_addrinfo.ts";

/** The IP literal a host stands for in `family`, or a gaierror. */
export async function resolveInetHost(family: number, host: string): Promise<string> {
  if (host === "") return family === AF_INET6 ? "::" : "0.0.0.0";
  if (host === "<broadcast>" && family === AF_INET) return "255.255.255.255";
  const request = { host, service: null, family, type: 0, proto: 0, flags: 0 };
  const [first] = await resolveAddrInfo(request);
  return first?.[4][0] ?? host;
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
