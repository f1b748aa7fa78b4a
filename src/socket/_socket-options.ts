/**
 * setsockopt/getsockopt for the Socket facade: the option store answers, transports apply what
 * Bun has an API for, and the kernel itself gets the buffer sizes through libc once Bun has
 * created the descriptor (Bun creates it at bind, connect or accept, never earlier).
 */
import { getIntOption, getRawOption, setIntOption, setRawOption } from "./_native-sockopt.ts";
import { NATIVE_OPTIONS, type OptionStore } from "./_options.ts";
import type { Transport } from "./_transport.ts";
import * as basic from "./constants.ts";
import { SO_ACCEPTCONN, SO_ERROR, SO_TYPE, SOL_SOCKET } from "./constants.ts";
import * as linux from "./constants-linux.ts";
import { errorFor, fromErrno } from "./errors.ts";

const LEVEL_OF_PREFIX: [string, number][] = [
  ["SO_", basic.SOL_SOCKET],
  ["TCP_", basic.IPPROTO_TCP],
  ["IPV6_", basic.IPPROTO_IPV6],
  ["IP_", basic.IPPROTO_IP],
];

const isNative = (level: number, name: number) =>
  NATIVE_OPTIONS.some(([l, n]) => l === level && n === name);

/** Descriptors that already have the requested buffer sizes. */
const synced = new WeakMap<OptionStore, number>();

/** Hands every requested native option to the descriptor, once per descriptor. */
export function syncNativeOptions(transport: Transport): void {
  const store = transport.options;
  const fd = transport.fileno();
  if (fd < 0 || synced.get(store) === fd) return;
  synced.set(store, fd);
  for (const [level, name] of NATIVE_OPTIONS) {
    const value = store.requested(level, name);
    if (value !== undefined) setIntOption(fd, level, name, value);
  }
  for (const [level, name, bytes] of kernelOnly.get(store) ?? [])
    setRawOption(fd, level, name, bytes);
}

let known: Set<string> | undefined;

/**
 * Every (level, option) Linux knows among Python's constants: what may wait for a descriptor.
 * Built on first use, not at import: it walks every constant, and start-up seldom needs it.
 */
function knownOptions(): Set<string> {
  known ??= new Set(
    Object.entries({ ...basic, ...linux }).flatMap(([name, value]) => {
      const level = LEVEL_OF_PREFIX.find(([prefix]) => name.startsWith(prefix))?.[1];
      return level === undefined ? [] : [`${level}:${value}`];
    }),
  );
  return known;
}

/** Transports listen() succeeded on: SO_ACCEPTCONN (Bun's descriptor listens from bind on). */
const listening = new WeakSet<Transport>();

export function markListening(transport: Transport): void {
  listening.add(transport);
}

/** Options sockit does not model, set before Bun made the descriptor: given to it once it has. */
const kernelOnly = new WeakMap<OptionStore, [number, number, Uint8Array][]>();

/**
 * setsockopt as the Socket facade calls it: the options sockit models go through the store,
 * any other goes to the kernel as it is (an int, or bytes for a struct such as ip_mreq).
 */
export function setsockoptOn(
  transport: Transport,
  level: number,
  name: number,
  value: number | Uint8Array,
) {
  if (transport.options.has(level, name)) {
    const number = value instanceof Uint8Array ? optionFromBytes(value) : value;
    return setOption(transport, level, name, number);
  }
  const bytes = value instanceof Uint8Array ? value : optionToBytes(value, 4);
  const fd = transport.fileno();
  if (fd < 0) {
    if (!knownOptions().has(`${level}:${name}`)) throw errorFor("ENOPROTOOPT");
    const pending = kernelOnly.get(transport.options) ?? [];
    pending.push([level, name, Uint8Array.from(bytes)]);
    kernelOnly.set(transport.options, pending);
    return;
  }
  const errno = setRawOption(fd, level, name, bytes);
  if (errno !== 0) throw fromErrno(errno);
}

/** getsockopt as the Socket facade calls it: an int, or `buflen` raw bytes. */
export function getsockoptOn(
  transport: Transport,
  type: number,
  level: number,
  name: number,
  buflen?: number,
): number | Buffer {
  // Bun listens at bind already; whether Python's socket would accept is our own state.
  if (level === SOL_SOCKET && name === SO_ACCEPTCONN) {
    const accepting = listening.has(transport) ? 1 : 0;
    return buflen === undefined ? accepting : optionToBytes(accepting, buflen);
  }
  if (
    transport.options.has(level, name) ||
    (level === SOL_SOCKET && (name === SO_TYPE || name === SO_ERROR))
  ) {
    const value = getOption(transport, type, level, name);
    return buflen === undefined ? value : optionToBytes(value, buflen);
  }
  const fd = transport.fileno();
  if (fd < 0) throw errorFor("ENOPROTOOPT");
  const raw = getRawOption(fd, level, name, buflen ?? 4);
  if (typeof raw === "number") throw fromErrno(raw);
  return buflen === undefined ? optionFromBytes(raw) : raw;
}

export function setOption(transport: Transport, level: number, name: number, value: number) {
  const stored = transport.options.set(level, name, value);
  if (isNative(level, name)) setIntOption(transport.fileno(), level, name, value);
  else transport.applyOption(level, name, stored);
}

export function getOption(transport: Transport, type: number, level: number, name: number) {
  const store = transport.options;
  if (level === SOL_SOCKET && name === SO_TYPE) return type;
  if (level === SOL_SOCKET && name === SO_ERROR) return transport.takeError();
  const stored = store.get(level, name);
  if (!isNative(level, name)) return stored;
  syncNativeOptions(transport);
  return getIntOption(transport.fileno(), level, name) ?? stored;
}

/** A setsockopt value given as bytes: a little-endian int, as the kernel reads it. */
export function optionFromBytes(bytes: Uint8Array): number {
  const padded = Buffer.alloc(4);
  padded.set(bytes.subarray(0, 4));
  return padded.readInt32LE();
}

/** getsockopt(level, name, buflen): the int as little-endian bytes, cut to `buflen`. */
export function optionToBytes(value: number, buflen: number): Buffer {
  const word = Buffer.alloc(4);
  word.writeInt32LE(value);
  return Buffer.from(word.subarray(0, Math.min(buflen, 4)));
}
