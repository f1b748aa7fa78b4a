/**
 * How `sockit connect` opens its socket: from -s/-p if given, to every address HOST stands for
 * with Happy Eyeballs, all within -w; each failed attempt is named under -v.
 */
import {
  type AddrInfo,
  ConnectFirstError,
  connectFirst,
  SOCK_DGRAM,
  type Socket,
} from "../socket/index.ts";
import type { CommonFlags } from "./_args.ts";
import { connectTarget } from "./_connect.ts";
import { NetworkError } from "./_errors.ts";
import {
  attemptLabel,
  labelFor,
  parsePort,
  resolveTargets,
  type Target,
} from "./endpoints/address.ts";
import type { Reporter } from "./report/reporter.ts";

/** The flags that say where a connection goes from, with those that pick the address family. */
export interface SourceFlags extends CommonFlags {
  source?: string;
  "source-port"?: string;
}

/**
 * Every address HOST stands for, tried with Happy Eyeballs within -w (for UDP, which cannot
 * tell a live address from a dead one, the first). -v names each failed attempt.
 */
export async function openHost(
  host: string,
  port: number,
  flags: SourceFlags,
  wait: number | undefined,
  reporter: Reporter,
): Promise<Socket> {
  const targets = await resolveTargets(host, port, flags);
  const source = sourceOf(flags);
  if (targets[0]?.type === SOCK_DGRAM) return openOne(targets[0], wait, source);
  const candidates = targets.map(
    (t): AddrInfo => [t.family, t.type, t.proto ?? 0, "", t.address as AddrInfo[4]],
  );
  const labelOf = (sockaddr: AddrInfo[4]) =>
    attemptLabel({ ...(targets[0] as Target), address: sockaddr });
  try {
    return await connectFirst(candidates, {
      timeout: null,
      totalTimeout: wait,
      source,
      onFailure: (sockaddr, err) => {
        if (candidates.length > 1)
          reporter.note(`connect to ${labelOf(sockaddr)} failed: ${err.message}`);
      },
    });
  } catch (err) {
    if (!(err instanceof ConnectFirstError))
      throw new NetworkError(`connect ${labelFor(host, port)}`, err);
    const last = candidates[candidates.length - 1] as AddrInfo;
    throw new NetworkError(`connect ${labelOf(last[4])}`, err.last);
  }
}

/** -s and -p: where the connection comes from ('' is the wildcard of each family). */
export function sourceOf(flags: SourceFlags): [string, number] | null {
  if (flags.source === undefined && flags["source-port"] === undefined) return null;
  const port =
    flags["source-port"] === undefined ? 0 : parsePort(flags["source-port"], "source port");
  return [flags.source ?? "", port];
}

/** -s and -p for the connection to the proxy. */
export function proxySource(flags: SourceFlags): { source?: string; sourcePort?: number } {
  const source = sourceOf(flags);
  if (!source) return {};
  return { source: source[0] === "" ? undefined : source[0], sourcePort: source[1] };
}

/** One socket to one address (Unix, UDP), bound to `source` first, connected within -w. */
export function openOne(
  target: Target,
  wait: number | undefined,
  source: [string, number] | null = null,
): Promise<Socket> {
  // '' is each family's wildcard, which connectTarget picks when no source host is given.
  return connectTarget(target, { source: source?.[0] || undefined, sourcePort: source?.[1], wait });
}
