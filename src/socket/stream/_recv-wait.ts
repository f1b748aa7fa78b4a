/**
 * The one recv (or recv_into) that waits on a connection, completed from inside Bun's own
 * callback: the data, EOF or close that makes it ready settles its promise there and then,
 * with no async frames to unwind, no wake-up closure and no re-check in a later microtask.
 * A connection has one slot; a second concurrent waiter takes the general Signal loop.
 *
 * Data completes it inside the callback. Every other change (EOF, reset, close, shutdown)
 * re-checks it in a microtask queued at the notify(), exactly when the general loop's woken
 * waiter would run, so a close() that follows a shutdown() in the same tick is still seen.
 */
import { hold, release } from "../_keep-alive.ts";
import { type LongTimer, longTimeout } from "../_long-timer.ts";
import { TimeoutError } from "../errors.ts";

/** What the waiting call reads once it can: the connection, seen through this interface. */
export interface Readable {
  /** Would a read of `n` bytes (all of them when `all`) return now? */
  canRead(n: number, all: boolean): boolean;
  read(n: number, peek: boolean, exact: boolean): Buffer;
  readInto(target: Uint8Array, n: number): number;
}

type Settle = (value: never) => void;

export class RecvWait {
  #resolve: ((value: Buffer | number) => void) | null = null;
  #reject: Settle | null = null;
  #size = 0;
  #peek = false;
  #all = false;
  /** recv_into's buffer; null for recv. */
  #target: Uint8Array | null = null;
  #stillOpen: () => void = noop;
  #timer: LongTimer | null = null;
  /** A re-check is queued (serveSoon). */
  #queued = false;
  readonly #serveQueued = () => {
    this.#queued = false;
    this.serve();
  };
  /** One executor for every wait, so a wait allocates its promise and nothing else. */
  readonly #capture = (resolve: (value: Buffer | number) => void, reject: Settle) => {
    this.#resolve = resolve;
    this.#reject = reject;
  };

  constructor(readonly conn: Readable) {}

  get busy(): boolean {
    return this.#resolve !== null;
  }

  /** recv: resolves with up to `size` bytes (all with `all`) once they are there. */
  recv(size: number, peek: boolean, all: boolean, ms: number, stillOpen: () => void) {
    return this.#wait(size, peek, all, null, ms, stillOpen) as Promise<Buffer>;
  }

  /** recv_into: resolves with the count moved into `target`. */
  recvInto(target: Uint8Array, n: number, all: boolean, ms: number, stillOpen: () => void) {
    return this.#wait(n, false, all, target, ms, stillOpen) as Promise<number>;
  }

  /**
   * A chunk Bun just delivered into an empty buffer: when it is exactly what the waiting recv
   * returns, it goes straight to the caller without passing through the queue.
   */
  takesWhole(chunk: Buffer): boolean {
    if (!this.#resolve || this.#target || this.#peek) return false;
    if (this.#all ? chunk.length !== this.#size : chunk.length > this.#size) return false;
    const resolve = this.#resolve;
    this.#finish();
    resolve(chunk);
    return true;
  }

  /** Re-checks the waiting call in a microtask, where a woken Signal waiter would run. */
  serveSoon(): void {
    if (!this.#resolve || this.#queued) return;
    this.#queued = true;
    queueMicrotask(this.#serveQueued);
  }

  /** Completes the waiting call if it can return now (or must raise). */
  serve(): void {
    if (!this.#resolve) return;
    let value: Buffer | number;
    try {
      this.#stillOpen();
      if (!this.conn.canRead(this.#size, this.#all)) return;
      value = this.#target
        ? this.conn.readInto(this.#target, this.#size)
        : this.conn.read(this.#size, this.#peek, this.#all);
    } catch (err) {
      this.#fail(err);
      return;
    }
    const resolve = this.#resolve;
    this.#finish();
    resolve(value);
  }

  #wait(
    size: number,
    peek: boolean,
    all: boolean,
    target: Uint8Array | null,
    ms: number,
    stillOpen: () => void,
  ): Promise<Buffer | number> {
    if (ms <= 0) return Promise.reject(new TimeoutError());
    this.#size = size;
    this.#peek = peek;
    this.#all = all;
    this.#target = target;
    this.#stillOpen = stillOpen;
    const promise = new Promise(this.#capture);
    // A waiting call keeps the process alive, as a blocked one does in Python.
    hold();
    if (ms !== Number.POSITIVE_INFINITY) {
      this.#timer = longTimeout(() => this.#fail(new TimeoutError()), ms);
    }
    return promise;
  }

  #fail(err: unknown): void {
    const reject = this.#reject as (reason: unknown) => void;
    this.#finish();
    reject(err);
  }

  #finish(): void {
    this.#resolve = null;
    this.#reject = null;
    this.#target = null;
    this.#stillOpen = noop;
    this.#timer?.clear();
    this.#timer = null;
    release();
  }
}

function noop(): void {}
