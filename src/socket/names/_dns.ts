/**
 * The system resolver (getaddrinfo / getnameinfo through node:dns), loaded on first use:
 * importing node:dns costs start-up time that commands working with IP literals never need.
 */
import type { LookupAddress, LookupAllOptions } from "node:dns";
import { EAI_AGAIN, EAI_NODATA, EAI_NONAME } from "../constants.ts";
import { gaierror } from "../errors.ts";

type Dns = typeof import("node:dns/promises");
let dns: Promise<Dns> | undefined;

function load(): Promise<Dns> {
  dns ??= import("node:dns/promises");
  return dns;
}

export async function lookupAll(host: string, options: LookupAllOptions): Promise<LookupAddress[]> {
  return (await load()).lookup(host, options);
}

export async function lookupService(address: string, port: number) {
  return (await load()).lookupService(address, port);
}

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
