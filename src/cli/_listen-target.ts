/**
 * Where `listen` binds: HOST and PORT from its words (`8080`, `HOST PORT`, `[::1]:8080`, -p,
 * -U, ncat's 31337 when its spelling gives no port), and the bind itself, where the default
 * dual-stack `::` falls back to 0.0.0.0 on a system without IPv6.
 */
import { OSError, type Socket } from "../socket/index.ts";
import type { CommonFlags } from "./_args.ts";
import { NetworkError, UsageError } from "./_errors.ts";
import { type BindOptions, bindListener } from "./_listener.ts";
import { listenTarget, parsePort, type Target, unixTarget } from "./endpoints/address.ts";
import { NCAT_DEFAULT_PORT, splitHostPort } from "./endpoints/host-port.ts";

/** The words of `listen` that say where: positionals, -p and -U. */
export interface ListenWords extends CommonFlags {
  first?: string;
  second?: string;
  port?: string;
}

export async function chooseTarget(flags: ListenWords, ncat: boolean): Promise<Target> {
  const [first, second] = [flags.first, flags.second];
  if (flags.unix !== undefined) {
    const extra = first ?? second ?? flags.port;
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}' with -U`);
    return unixTarget(flags.unix, flags);
  }
  // One word is a port (`listen 8080`) unless it carries a host (`listen [::1]:8080`, `[::1]`).
  const hostLike = second === undefined && first !== undefined && !/^\w+$/.test(first);
  const given =
    second === undefined && !hostLike
      ? { host: undefined, port: first }
      : splitHostPort(first, second);
  if (flags.port !== undefined && given.port !== undefined && flags.port !== given.port) {
    throw new UsageError(`two ports given: '${given.port}' and -p '${flags.port}'`);
  }
  const portText = flags.port ?? given.port ?? (ncat ? NCAT_DEFAULT_PORT : undefined);
  return listenTarget(given.host, parsePort(portText), flags);
}

/**
 * The bound (and, for TCP, listening) server. A dual-stack target falls back to 0.0.0.0 where
 * the system has no IPv6.
 */
export async function bindServer(
  target: Target,
  flags: CommonFlags,
  options: BindOptions,
): Promise<{ server: Socket; target: Target }> {
  try {
    return { server: await bindListener(target, options), target };
  } catch (err) {
    if (!target.dualStack || !noIPv6(err)) throw err;
    const ipv4 = await listenTarget(undefined, (target.address as [string, number])[1], {
      ...flags,
      ipv4: true,
    });
    return { server: await bindListener(ipv4, options), target: ipv4 };
  }
}

/** The errors of a system without IPv6: no such family, or no such address. */
function noIPv6(err: unknown): boolean {
  const cause = err instanceof NetworkError ? err.original : err;
  return cause instanceof OSError && (cause.errno === 97 || cause.errno === 99);
}
