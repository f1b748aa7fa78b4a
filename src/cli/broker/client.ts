/**
 * One broker client's outgoing side: a bounded queue of chunks and the loop that writes them.
 * Chunks are shared with the other clients' queues (never copied), so a queue costs only what it
 * holds back, and no queue holds more than its limit: the hub drops a client whose queue would
 * overflow instead of letting memory grow.
 */
import type { Address, Socket } from "../../socket/index.ts";

/**
 * How long a client may take no bytes at all before senders stop waiting for it. Until then a
 * fast sender is slowed to the pace of a busy reader (nothing is lost); after it the stalled
 * client's queue fills up and it is dropped, and the others go on at full speed.
 */
export const STALL_MS = 1000;

export class BrokerClient {
  readonly #queue: Uint8Array[] = [];
  #queued = 0;
  #lastProgress = performance.now();
  #wake: (() => void) | null = null;
  #waiters: (() => void)[] = [];
  #ending = false;
  #closed = false;
  /** The writer loop; resolves when the queue is flushed after end(), or on close. */
  readonly written: Promise<void>;

  constructor(
    readonly id: number,
    readonly sock: Socket,
    readonly peer: Address,
    readonly limit: number,
    readonly onProgress: () => void = () => {},
  ) {
    this.written = this.#writeLoop();
  }

  /** Bytes waiting to be written to this client. */
  get backlog(): number {
    return this.#queued;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** False, and nothing queued, when the chunk would take the queue past its limit. */
  enqueue(chunk: Uint8Array): boolean {
    if (this.#closed || this.#ending) return true;
    if (this.#queued + chunk.length > this.limit) return false;
    // An idle client's clock starts when it is given something to take.
    if (this.#queued === 0) this.#lastProgress = performance.now();
    this.#queue.push(chunk);
    this.#queued += chunk.length;
    this.#wake?.();
    return true;
  }

  /** True when it holds bytes and has taken none for STALL_MS: senders stop waiting for it. */
  stalled(now = performance.now()): boolean {
    return this.#queued > 0 && now - this.#lastProgress > STALL_MS;
  }

  /** Resolves once the queue holds at most `bytes`, or the client is closed. */
  below(bytes: number): Promise<void> {
    if (this.#closed || this.#queued <= bytes) return Promise.resolve();
    const { promise, resolve } = Promise.withResolvers<void>();
    const check = () => {
      if (this.#closed || this.#queued <= bytes) resolve();
      else this.#waiters.push(check);
    };
    this.#waiters.push(check);
    return promise;
  }

  /** Writes what is queued, then lets `written` resolve (the client's own EOF arrived). */
  end(): void {
    this.#ending = true;
    this.#wake?.();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.#queued = 0;
    this.sock.close();
    this.#wake?.();
    this.#notify();
  }

  async #writeLoop(): Promise<void> {
    try {
      while (!this.#closed) {
        const chunk = this.#queue.shift();
        if (chunk === undefined) {
          if (this.#ending) return;
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
          this.#wake = null;
          continue;
        }
        await this.sock.sendall(chunk);
        this.#queued -= chunk.length;
        this.#lastProgress = performance.now();
        this.onProgress();
        this.#notify();
      }
    } catch {
      // The client went away (reset, broken pipe): its reader sees the same and removes it.
      this.close();
    }
  }

  #notify(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}
