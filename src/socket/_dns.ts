/**
 * The system resolver (getaddrinfo / getnameinfo through node:dns), loaded on first use:
 * importing node:dns costs start-up time that commands working with IP literals never need.
 */
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from "node:dns";

type Dns = typeof import("node:dns/promises");
let dns: Promise<Dns> | undefined;

function load(): Promise<Dns> {
  dns ??= import("node:dns/promises");
  return dns;
}

export async function lookupOne(host: string, options: LookupOneOptions): Promise<LookupAddress> {
  return (await load()).lookup(host, options);
}

export async function lookupAll(host: string, options: LookupAllOptions): Promise<LookupAddress[]> {
  return (await load()).lookup(host, options);
}

export async function lookupService(address: string, port: number) {
  return (await load()).lookupService(address, port);
}
