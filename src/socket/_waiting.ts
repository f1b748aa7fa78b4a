/**
 * Python's blocking model on promises. A socket's timeout is `null` (block), `0` (never wait:
 * BlockingIOError) or seconds (then TimeoutError). A Deadline is fixed when a call starts, so
 * one timeout covers the whole of `sendall` however many waits it takes.
 */
import { hold, release } from "./_keep-alive.ts";
import { longTimeout } from "./_long-timer.ts";
import { errorFor, TimeoutError } from "./errors.ts";

export class Deadline {
  /** Epoch milliseconds, Infinity when blocking, NaN when non-blocking. */
  readonly #at: number;

  private constructor(at: number) {
    this.#at = at;
  }

  static readonly BLOCKING = new Deadline(Number.POSITIVE_INFINITY);
  static readonly NON_BLOCKING = new Deadline(Number.NaN);

  static fromTimeout(timeout: number | null): Deadline {
    // The two deadlines that never change are shared, so a call without a timeout allocates none.
    if (timeout === null) return Deadline.BLOCKING;
    if (timeout === 0) return Deadline.NON_BLOCKING;
    return new Deadline(performance.now() + timeout * 1000);
  }

  /** No timeout at all: the call may wait forever. */
  get blocking(): boolean {
    return this.#at === Number.POSITIVE_INFINITY;
  }

  get nonBlocking(): boolean {
    return Number.isNaN(this.#at);
  }

  /** Milliseconds left; Infinity when blocking. */
  remaining(): number {
    if (this.#at === Number.POSITIVE_INFINITY) return this.#at;
    return this.#at - performance.now();
  }
}

/**
 * Wakes every waiter when the state it watches may have changed (data arrived, drain, close).
 * Waiters re-check their condition: a wake-up is a hint, never a promise of readiness.
 */
export class Signal {
  #waiters: (() => void)[] = [];

  /** `first` runs at every notify() before the waiters: a caller woken without a promise. */
  constructor(readonly first: (() => void) | null = null) {}

  notify(): void {
    this.first?.();
    this.wake();
  }

  /** Wakes the promise waiters only (the caller has dealt with `first` itself). */
  wake(): void {
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at the next notify(), or rejects with TimeoutError when `ms` runs out first. */
  next(ms: number): Promise<void> {
    if (ms <= 0) return Promise.reject(new TimeoutError());
    // The wait holds the process alive (as a blocked call does) until it is woken or times out.
    hold();
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    if (ms === Number.POSITIVE_INFINITY) {
      this.#waiters.push(() => {
        release();
        resolve();
      });
      return promise;
    }
    const wake = () => {
      timer.clear();
      release();
      resolve();
    };
    const timer = longTimeout(() => {
      this.#waiters = this.#waiters.filter((w) => w !== wake);
      release();
      reject(new TimeoutError());
    }, ms);
    this.#waiters.push(wake);
    return promise;
  }
}

/**
 * Waits until `ready()` holds, as a blocking call would: non-blocking sockets get
 * BlockingIOError (EAGAIN unless told otherwise), timed ones TimeoutError.
 */
export async function waitUntil(
  ready: () => boolean,
  signal: Signal,
  deadline: Deadline,
  wouldBlock = "EAGAIN",
): Promise<void> {
  while (!ready()) {
    if (deadline.nonBlocking) throw errorFor(wouldBlock);
    await signal.next(deadline.remaining());
  }
}

/**
 * Notified whenever any socket may have become ready (data, EOF, a connection, drain, close):
 * select() re-checks its sockets on each notification instead of watching each one.
 */
export const activity = new Signal();
