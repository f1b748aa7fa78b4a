/**
 * Address tuples as Python takes and gives them: `[host, port]` for AF_INET,
 * `[host, port, flowinfo, scope_id]` for AF_INET6 (a pair is accepted on input), a path for AF_UNIX.
 * Validation raises what Python raises, word for word, with the method name as prefix.
 */
import { AF_INET, AF_INET6, AF_UNIX } from "./constants.ts";
import { OSError, OverflowError } from "./errors.ts";

export type Inet4Address = [host: string, port: number];
export type Inet6Address = [host: string, port: number, flowinfo: number, scope_id: number];
export type InetAddress = Inet4Address | Inet6Address;
/** What callers may pass: a 2-tuple also works for AF_INET6; a Unix path may be bytes. */
export type AddressInput =
  | readonly [host: string, port: number]
  | readonly [host: string, port: number, flowinfo?: number, scope_id?: number]
  | string
  | Uint8Array;
/** What sockets report: a tuple for IP families, a path for AF_UNIX. */
export type Address = InetAddress | string;

/** An IP endpoint after validation, before the host is resolved. */
export interface InetTarget {
  host: string;
  port: number;
  flowinfo: number;
  scopeId: number;
}

/** Python's type name for a JS value, for messages like `must be tuple, not str`. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "bigint") return "int";
  if (Array.isArray(value)) return "tuple";
  if (value instanceof Uint8Array) return "bytes";
  if (typeof value === "function") return "function";
  return "dict";
}

/** Python's index conversion: an integer is fine, anything else is a TypeError. */
export function toInteger(value: unknown): number {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  throw new TypeError(`'${pyTypeName(value)}' object cannot be interpreted as an integer`);
}

/**
 * CPython's "I" argument format (flowinfo, scope_id): an integer masked to a C unsigned int,
 * with no overflow check, so -1 becomes 0xffffffff and 2**32 becomes 0.
 */
function toUnsignedInt(value: unknown): number {
  const integer = typeof value === "bigint" ? value : BigInt(toInteger(value));
  return Number(BigInt.asUintN(32, integer));
}

const FAMILY_NAME: Readonly<Record<number, string>> = {
  [AF_INET]: "AF_INET",
  [AF_INET6]: "AF_INET6",
};

/** Checks an AF_INET / AF_INET6 tuple the way CPython's getsockaddrarg does. */
export function checkInetAddress(method: string, family: number, address: unknown): InetTarget {
  const familyName = FAMILY_NAME[family] ?? "AF_INET";
  if (!Array.isArray(address)) {
    throw new TypeError(
      `${method}(): ${familyName} address must be tuple, not ${pyTypeName(address)}`,
    );
  }
  const pairOnly = family === AF_INET;
  if (pairOnly ? address.length !== 2 : address.length < 2 || address.length > 4) {
    throw new TypeError(
      pairOnly
        ? "AF_INET address must be a pair (host, port)"
        : "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])",
    );
  }
  const [host, rawPort, rawFlow = 0, rawScope = 0] = address as unknown[];
  if (typeof host !== "string" && !(host instanceof Uint8Array)) {
    throw new TypeError(`str, bytes or bytearray expected, not ${pyTypeName(host)}`);
  }
  if (typeof host === "string" ? host.includes("\0") : host.includes(0)) {
    throw new TypeError("host name must not contain null character");
  }
  // CPython parses the whole tuple ("O&i|II") before checking ranges; an overflow of the C int
  // port while parsing is reported as the port's range error too.
  const port = toInteger(rawPort);
  const portError = () => new OverflowError(`${method}(): port must be 0-65535.`);
  if (port < -(2 ** 31) || port >= 2 ** 31) throw portError();
  const flowinfo = toUnsignedInt(rawFlow);
  const scopeId = toUnsignedInt(rawScope);
  if (port < 0 || port > 0xffff) throw portError();
  if (flowinfo > 0xfffff) throw new OverflowError(`${method}(): flowinfo must be 0-1048575.`);
  const hostText = typeof host === "string" ? host : new TextDecoder().decode(host);
  return { host: hostText, port, flowinfo, scopeId };
}

/** sun_path holds 108 bytes; a filesystem path needs its trailing NUL, an abstract one does not. */
const SUN_PATH_SIZE = 108;

/** Checks an AF_UNIX address (a str or bytes path) and returns it as a string. */
export function checkUnixAddress(address: unknown): string {
  let bytes: Uint8Array;
  if (typeof address === "string") bytes = new TextEncoder().encode(address);
  else if (address instanceof Uint8Array) bytes = address;
  else throw new TypeError(`a bytes-like object is required, not '${pyTypeName(address)}'`);
  const abstract = bytes[0] === 0;
  if (abstract ? bytes.length > SUN_PATH_SIZE : bytes.length >= SUN_PATH_SIZE) {
    throw new OSError("AF_UNIX path too long");
  }
  return typeof address === "string" ? address : new TextDecoder().decode(bytes);
}

/** An address tuple as a socket reports it for its family. */
export function inetTuple(family: number, host: string, port: number): InetAddress {
  return family === AF_INET6 ? [host, port, 0, 0] : [host, port];
}

/** The address an unbound socket reports: `('0.0.0.0', 0)`, `('::', 0, 0, 0)` or `''`. */
export function unboundAddress(family: number): Address {
  if (family === AF_UNIX) return "";
  return inetTuple(family, family === AF_INET6 ? "::" : "0.0.0.0", 0);
}

/** Python's repr of a str: single quotes unless the text holds one and no double quote. */
export function pyRepr(value: string | number): string {
  if (typeof value === "number") return String(value);
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  const escaped = value
    .replaceAll("\\", "\\\\")
    .replaceAll("\0", "\\x00")
    .replaceAll("\n", "\\n")
    .replaceAll(quote, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** Python's repr of an address: `('127.0.0.1', 8080)` or `'/tmp/sock'`. */
export function formatAddress(address: Address): string {
  if (typeof address === "string") return pyRepr(address);
  return `(${address.map(pyRepr).join(", ")})`;
}
