/**
 * The structured fields of --json events: an address as text (`127.0.0.1:8080`, `[::1]:8080`,
 * a Unix path) with its `host` and numeric `port` beside it, and an error's `errno` and `code`.
 */
import { constants } from "node:os";
import { type Address, OSError } from "../../socket/index.ts";

/** errno number → name (`111` → `ECONNREFUSED`); the first name of an alias pair wins. */
const ERRNO_NAMES: Record<number, string> = {};
for (const [name, value] of Object.entries(constants.errno as Record<string, number>))
  ERRNO_NAMES[value] ??= name;

/** `127.0.0.1:8080`, `[::1]:8080` or the Unix path. */
export function showAddress(address: Address | null | undefined, unmap = false): string {
  if (address === null || address === undefined) return "";
  if (typeof address === "string") return address || "(unnamed)";
  const [host, port] = address;
  const shown = unmap ? unmapped(host) : host;
  return shown.includes(":") ? `[${shown}]:${port}` : `${shown}:${port}`;
}

/**
 * An IPv4 peer of sockit's default dual-stack listener arrives as `::ffff:127.0.0.1`; people
 * know it as 127.0.0.1, as ncat (which listens on two sockets) shows it. On a `::` the user
 * asked for, the mapped form is what the socket says, and it stays.
 */
function unmapped(host: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(host) ? host.slice(7) : host;
}

/** `{ [key]: "127.0.0.1:80", host: "127.0.0.1", port: 80 }`, or `{ [key]: path }` for Unix. */
export function addressFields(key: string, address: Address | null | undefined, unmap = false) {
  const fields: Record<string, unknown> = { [key]: showAddress(address, unmap) };
  if (Array.isArray(address)) {
    const prefix = key === "address" || key === "peer" ? "" : `${key}_`;
    fields[`${prefix}host`] = unmap ? unmapped(address[0]) : address[0];
    fields[`${prefix}port`] = address[1];
  }
  return fields;
}

/** errno and its name for an OSError somewhere in the cause chain; nothing otherwise. */
export function errorFields(err: unknown): Record<string, unknown> {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof OSError && typeof e.errno === "number") {
      const code = ERRNO_NAMES[e.errno];
      return code ? { errno: e.errno, code } : { errno: e.errno };
    }
  }
  return {};
}
