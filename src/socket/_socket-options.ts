/**
 * setsockopt/getsockopt for the Socket facade: the option store answers, transports apply what
 * Bun has an API for, and the kernel itself gets the buffer sizes through libc once Bun has
 * created the descriptor (Bun creates it at bind, connect or accept, never earlier).
 */
import { getIntOption, setIntOption } from "./_native-sockopt.ts";
import { NATIVE_OPTIONS, type OptionStore } from "./_options.ts";
import type { Transport } from "./_transport.ts";
import { SO_ERROR, SO_TYPE, SOL_SOCKET } from "./constants.ts";

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
