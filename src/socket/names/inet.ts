/**
 * Python's address conversions: `inet_aton` / `inet_ntoa` (IPv4, lenient), `inet_pton` /
 * `inet_ntop` (strict, IPv4 and IPv6), and the byte-order swaps `htons`, `ntohs`, `htonl`, `ntohl`.
 * Packed addresses come back as Buffers, as Python gives bytes.
 */
import { Buffer } from "node:buffer";
import { endianness } from "node:os";
import { toBytes } from "../_args.ts";
import { requireText, toCInt } from "../_c-args.ts";
import { pyTypeName, toInteger } from "../address.ts";
import { AF_INET, AF_INET6 } from "../constants.ts";
import { errorFor, OSError, OverflowError, ValueError } from "../errors.ts";
import { formatIPv4, formatIPv6, parseInetAton, parseIPv4, parseIPv6 } from "./_ip-text.ts";

/**
 * Packs an IPv4 address the way C's inet_aton() reads it, so `127.1`, `0x7f000001` and
 * `0177.0.0.1` are all accepted, and anything after a space is ignored.
 *
 * @example
 * inet_aton("127.1"); // <Buffer 7f 00 00 01>
 */
export function inet_aton(ip_string: string): Buffer {
  const packed = parseInetAton(requireText("inet_aton", 1, ip_string));
  if (!packed) throw new OSError("illegal IP address string passed to inet_aton");
  return Buffer.from(packed);
}

/**
 * Formats 4 packed bytes as a dotted-quad IPv4 address.
 *
 * @example
 * inet_ntoa(Buffer.from([127, 0, 0, 1])); // "127.0.0.1"
 */
export function inet_ntoa(packed_ip: Uint8Array): string {
  const bytes = toBytes(packed_ip);
  if (bytes.length !== 4) throw new OSError("packed IP wrong length for inet_ntoa");
  return formatIPv4(bytes);
}

/**
 * Packs an address of the given family, accepting only the canonical text forms: a full
 * dotted quad for AF_INET, RFC 4291 text (with an optional dotted-quad tail) for AF_INET6.
 *
 * @example
 * inet_pton(AF_INET6, "::ffff:1.2.3.4"); // 10 zero bytes, ff ff, 01 02 03 04
 */
export function inet_pton(address_family: number, ip_string: string): Buffer {
  const family = toCInt(address_family);
  const text = requireText("inet_pton", 2, ip_string);
  let packed: Uint8Array | null;
  if (family === AF_INET) packed = parseIPv4(text);
  else if (family === AF_INET6) packed = parseIPv6(text);
  else throw errorFor("EAFNOSUPPORT");
  if (!packed) throw new OSError("illegal IP address string passed to inet_pton");
  return Buffer.from(packed);
}

const PACKED_LENGTH: Readonly<Record<number, number>> = { [AF_INET]: 4, [AF_INET6]: 16 };

/**
 * Formats a packed address of the given family; IPv6 comes out in RFC 5952 form as glibc
 * prints it (`::1`, `fe80::1`, `::ffff:1.2.3.4`).
 *
 * @example
 * inet_ntop(AF_INET6, inet_pton(AF_INET6, "0:0::1")); // "::1"
 */
export function inet_ntop(address_family: number, packed_ip: Uint8Array): string {
  const family = toCInt(address_family);
  const bytes = toBytes(packed_ip);
  const length = PACKED_LENGTH[family];
  if (length === undefined) throw new ValueError(`unknown address family ${family}`);
  if (bytes.length !== length) throw new ValueError("invalid length of packed IP address string");
  return family === AF_INET ? formatIPv4(bytes) : formatIPv6(bytes);
}

/** Network order is big-endian, so only little-endian hosts actually swap. */
const LITTLE_ENDIAN = endianness() === "LE";
const C_LONG_MAX = 2n ** 63n - 1n;
const C_ULONG_MAX = 2n ** 64n - 1n;

/** An integer argument as a bigint, so values past 2**53 keep their exact range checks. */
function exactInteger(value: unknown): bigint {
  return typeof value === "bigint" ? value : BigInt(toInteger(value));
}

/** CPython's 16-bit converter: a C long first, then the unsigned 16-bit range. */
function toUint16(func: string, value: unknown): number {
  const integer = exactInteger(value);
  if (integer > C_LONG_MAX || integer < -C_LONG_MAX - 1n) {
    throw new OverflowError("Python int too large to convert to C long");
  }
  if (integer < 0n) {
    throw new OverflowError(
      `${func}: can't convert negative Python int to C 16-bit unsigned integer`,
    );
  }
  if (integer > 0xffffn) {
    throw new OverflowError(
      `${func}: Python int too large to convert to C 16-bit unsigned integer`,
    );
  }
  return Number(integer);
}

/** CPython's htonl/ntohl check: an int (not just an index), as a C unsigned long of 32 bits. */
function toUint32(value: unknown): number {
  if (typeof value !== "bigint" && typeof value !== "boolean" && !Number.isInteger(value)) {
    throw new TypeError(`expected int, ${pyTypeName(value)} found`);
  }
  const integer = exactInteger(value);
  if (integer < 0n) throw new OverflowError("can't convert negative value to unsigned int");
  if (integer > C_ULONG_MAX) {
    throw new OverflowError("Python int too large to convert to C unsigned long");
  }
  if (integer > 0xffffffffn) throw new OverflowError("int larger than 32 bits");
  return Number(integer);
}

function swap16(value: number): number {
  return LITTLE_ENDIAN ? ((value & 0xff) << 8) | (value >>> 8) : value;
}

function swap32(value: number): number {
  if (!LITTLE_ENDIAN) return value;
  const bytes = new DataView(new ArrayBuffer(4));
  bytes.setUint32(0, value, true);
  return bytes.getUint32(0);
}

/**
 * A 16-bit integer from host to network byte order.
 *
 * @example
 * htons(1); // 256 on a little-endian host
 */
export function htons(x: number): number {
  return swap16(toUint16("htons", x));
}

/**
 * A 16-bit integer from network to host byte order.
 *
 * @example
 * ntohs(256); // 1 on a little-endian host
 */
export function ntohs(x: number): number {
  return swap16(toUint16("ntohs", x));
}

/**
 * A 32-bit integer from host to network byte order.
 *
 * @example
 * htonl(1); // 16777216 on a little-endian host
 */
export function htonl(x: number): number {
  return swap32(toUint32(x));
}

/**
 * A 32-bit integer from network to host byte order.
 *
 * @example
 * ntohl(16777216); // 1 on a little-endian host
 */
export function ntohl(x: number): number {
  return swap32(toUint32(x));
}
