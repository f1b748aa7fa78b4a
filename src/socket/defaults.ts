/** The module-wide default timeout, as Python's socket.setdefaulttimeout keeps it. */
import { toTimeout } from "./_args.ts";

let defaultTimeout: number | null = null;

/**
 * The timeout new sockets start with (accepted ones included); null means blocking.
 *
 * @example
 * setdefaulttimeout(5);
 * getdefaulttimeout(); // 5
 */
export function getdefaulttimeout(): number | null {
  return defaultTimeout;
}

/** Sets the timeout for sockets created from now on; null for blocking. */
export function setdefaulttimeout(timeout: number | null): void {
  defaultTimeout = toTimeout(timeout);
}
