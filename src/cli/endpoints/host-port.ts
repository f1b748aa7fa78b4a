/**
 * HOST and PORT as people copy them from output: `[::1]:8080` or `host:8080` as one word,
 * `[::1]` as a host, and with ncat's spelling no port at all (ncat's 31337).
 */
import { UsageError } from "../_errors.ts";

/** The port ncat uses when none is given (only for nc/ncat's spelling, not `sockit connect`). */
export const NCAT_DEFAULT_PORT = "31337";

export interface HostPort {
  host: string | undefined;
  port: string | undefined;
}

/**
 * Splits `[v6]:port`, `[v6]` and `name:port` (one colon: an IPv6 literal has several).
 * A port given both inside the word and as its own argument is a usage error.
 */
export function splitHostPort(host: string | undefined, port: string | undefined): HostPort {
  if (host === undefined) return { host, port };
  const bracketed = /^\[([^\]]+)\](?::([^:]+))?$/.exec(host);
  const [inner, embedded] = bracketed
    ? [bracketed[1], bracketed[2]]
    : /^[^:]+:[^:]+$/.test(host)
      ? host.split(":")
      : [host, undefined];
  if (embedded !== undefined && port !== undefined) {
    throw new UsageError(`two ports given: '${host}' and '${port}'`);
  }
  return { host: inner, port: embedded ?? port };
}
