/**
 * setsockopt/getsockopt values with Linux's defaults and rules. Bun exposes few options, so the
 * store is the source of truth and transports apply what Bun can (TCP_NODELAY, SO_KEEPALIVE,
 * IPV6_V6ONLY, SO_REUSEPORT); the rest is kept and reported as the kernel would.
 */
import {
  AF_INET6,
  IPPROTO_IPV6,
  IPPROTO_TCP,
  IPV6_V6ONLY,
  SO_BROADCAST,
  SO_KEEPALIVE,
  SO_RCVBUF,
  SO_REUSEADDR,
  SO_REUSEPORT,
  SO_SNDBUF,
  SOCK_STREAM,
  SOL_SOCKET,
  TCP_NODELAY,
} from "./constants.ts";
import { errorFor } from "./errors.ts";

const key = (level: number, name: number) => `${level}:${name}`;

/** Linux doubles SO_RCVBUF/SO_SNDBUF requests (bookkeeping overhead) within these bounds. */
const BUFFER_LIMITS: Readonly<Record<string, { min: number; max: number }>> = {
  [key(SOL_SOCKET, SO_RCVBUF)]: { min: 2304, max: 212992 * 2 },
  [key(SOL_SOCKET, SO_SNDBUF)]: { min: 4608, max: 212992 * 2 },
};

/** The options only the kernel can honour: applied to Bun's descriptor through libc. */
export const NATIVE_OPTIONS: readonly [level: number, name: number][] = [
  [SOL_SOCKET, SO_RCVBUF],
  [SOL_SOCKET, SO_SNDBUF],
];

export class OptionStore {
  readonly #values = new Map<string, number>();
  /** What setsockopt was given, before Linux's doubling: the value to hand the kernel. */
  readonly #requested = new Map<string, number>();

  constructor(family: number, type: number) {
    const stream = type === SOCK_STREAM;
    this.#values.set(key(SOL_SOCKET, SO_REUSEADDR), 0);
    this.#values.set(key(SOL_SOCKET, SO_REUSEPORT), 0);
    this.#values.set(key(SOL_SOCKET, SO_KEEPALIVE), 0);
    this.#values.set(key(SOL_SOCKET, SO_BROADCAST), 0);
    this.#values.set(key(SOL_SOCKET, SO_RCVBUF), stream ? 131072 : 212992);
    this.#values.set(key(SOL_SOCKET, SO_SNDBUF), stream ? 16384 : 212992);
    if (stream && family !== 1) this.#values.set(key(IPPROTO_TCP, TCP_NODELAY), 0);
    if (family === AF_INET6) this.#values.set(key(IPPROTO_IPV6, IPV6_V6ONLY), 0);
  }

  /** A copy for an accepted socket, which inherits the listener's options as on Linux. */
  clone(family: number, type: number): OptionStore {
    const copy = new OptionStore(family, type);
    for (const [k, v] of this.#values) copy.#values.set(k, v);
    for (const [k, v] of this.#requested) copy.#requested.set(k, v);
    return copy;
  }

  /** The value setsockopt was called with, if it was called for this option. */
  requested(level: number, name: number): number | undefined {
    return this.#requested.get(key(level, name));
  }

  has(level: number, name: number): boolean {
    return this.#values.has(key(level, name));
  }

  get(level: number, name: number): number {
    const value = this.#values.get(key(level, name));
    if (value === undefined) throw errorFor("ENOPROTOOPT");
    return value;
  }

  /** Stores a value as the kernel would report it back; returns that value. */
  set(level: number, name: number, value: number): number {
    const k = key(level, name);
    if (!this.#values.has(k)) throw errorFor("ENOPROTOOPT");
    const limits = BUFFER_LIMITS[k];
    const stored = limits
      ? Math.min(Math.max(value * 2, limits.min), limits.max)
      : value === 0
        ? 0
        : 1;
    this.#values.set(k, stored);
    this.#requested.set(k, value);
    return stored;
  }
}
