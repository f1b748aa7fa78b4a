/**
 * One connected TCP or Unix stream on a Bun socket: the receive buffer with its watermarks,
 * writes that report what the kernel took, half-close, and reset. With `_listener.ts` and
 * `_stream-handlers.ts` (Bun's callbacks, Bun.connect) the only code touching Bun's stream sockets.
 */
import type { Socket as BunSocket } from "bun";
import { letExit } from "../_keep-alive.ts";
import { Signal } from "../_waiting.ts";
import { errorFor, fromBunError, type OSError } from "../errors.ts";
import { ByteQueue } from "./_byte-queue.ts";
import { DirectPace } from "./_direct-pace.ts";
import { DIRECT_MAX, queuedNow, recvNow } from "./_direct-read.ts";
import { type Readable, RecvWait } from "./_recv-wait.ts";
import type { TlsSession } from "./_tls.ts";

/**
 * Above HIGH_WATER buffered bytes Bun stops reading, so the kernel's window closes and a fast
 * sender waits; below LOW_WATER reading resumes. Bun hands over chunks of up to 512 KiB.
 */
export const HIGH_WATER = 4 * 1024 * 1024;
export const LOW_WATER = 1024 * 1024;

export type BunStream = BunSocket<StreamConnection>;

export class StreamConnection implements Readable {
  /** The one recv that waits here without a promise chain (`_recv-wait.ts`). */
  readonly waiter = new RecvWait(this);
  /** Notified on every change a waiter may care about: data, EOF, drain, close. */
  readonly signal = new Signal(() => this.waiter.serveSoon());
  readonly rx = new ByteQueue();
  /** Takes each chunk inside Bun's callback instead of the queue (`_echo.ts`, --echo). */
  tap: ((chunk: Buffer) => void) | null = null;
  /** The TLS session once TLS is on (`_tls.ts`); null on a plain stream. */
  tls: TlsSession | null = null;
  #bun: BunStream | null = null;
  #paused = false;
  /** splice(2) reads the descriptor (`_splice.ts`): Bun must not, whatever the watermarks say. */
  #held = false;
  /** The peer sent FIN (or we shut our read side): once rx is empty, recv gives b"". */
  #eof = false;
  /** An error the next operation reports once, like the kernel's SO_ERROR slot. */
  #pendingError: OSError | null = null;
  #closed = false;
  #writeShut = false;
  /** The kernel's send buffer was full at the last write; cleared by drain. */
  #sendBlocked = false;
  /** Whether recv may read the descriptor itself now (`_direct-pace.ts`). */
  readonly #pace = new DirectPace();

  /** Called by Bun's open handler, for accepted and for connected sockets alike. */
  attach(bun: BunStream): void {
    this.#bun = letExit(bun);
  }

  get bun(): BunStream | null {
    return this.#bun;
  }

  get fd(): number {
    return this.#closed ? -1 : ((this.#bun as { fd?: number } | null)?.fd ?? -1);
  }

  /** True when recv would not wait: data, EOF, or an error to report. */
  get readable(): boolean {
    return this.rx.size > 0 || this.#eof || this.#pendingError !== null || this.#closed;
  }

  /** Would a read of `n` return now: anything for recv, all n (or the end) for MSG_WAITALL. */
  canRead(n: number, all: boolean): boolean {
    return all ? this.rx.size >= n || this.finished : this.readable;
  }

  /** True when no more data will arrive: EOF, reset or close (some may still be buffered). */
  get finished(): boolean {
    return this.#eof || this.#closed || this.#pendingError !== null;
  }

  /** For select(): a send would not have to wait. */
  get sendReady(): boolean {
    return !this.#sendBlocked || this.#closed || this.#writeShut;
  }

  /** Reads up to n bytes (all n if buffered and `exact`); empty at EOF. Call only when `readable`. */
  read(n: number, peek: boolean, exact = false): Buffer {
    if (this.rx.size === 0) {
      this.throwPendingError();
      return Buffer.alloc(0);
    }
    const out = peek ? this.rx.peek(n, exact) : this.rx.take(n, exact);
    this.#resumeIfDrained();
    return out;
  }

  /** Like read, into the caller's buffer; returns the count. */
  readInto(target: Uint8Array, n: number): number {
    if (this.rx.size === 0) {
      this.throwPendingError();
      return 0;
    }
    const count = this.rx.takeInto(target, n);
    this.#resumeIfDrained();
    return count;
  }

  /**
   * What the kernel holds now, read past Bun while the peer streams: a Buffer, or null when
   * there is nothing (then recv waits for Bun as before). Call only when not `readable`.
   */
  readDirect(n: number): Buffer | null {
    if (!this.#mayReadDirect()) return null;
    const size = Math.min(n, DIRECT_MAX, queuedNow(this.fd));
    if (size <= 0) {
      // Nothing queued (or no libc): Bun's callbacks bring the next chunk, the end or an error.
      this.#pace.drained();
      return null;
    }
    const out = Buffer.allocUnsafe(size);
    const got = this.#recvNow(out, 0, size);
    // Short only if a signal came between the calls; then, as CPython shrinks its bytes, copy.
    return got === size ? out : got > 0 ? Buffer.from(out.subarray(0, got)) : null;
  }

  /** As readDirect, into the caller's buffer: the count, or 0 when recv must wait. */
  readDirectInto(target: Uint8Array, n: number): number {
    if (!this.#mayReadDirect()) return 0;
    return Math.max(this.#recvNow(target, 0, Math.min(n, target.length)), 0);
  }

  /** Direct reads take the bytes Bun would have read next, so only when nothing else may. */
  #mayReadDirect(): boolean {
    return (
      !this.tap &&
      !this.tls &&
      !this.#held &&
      !this.finished &&
      !this.waiter.busy &&
      this.#pace.open
    );
  }

  /** One recv(2): the count (0 at EOF, now `finished`), or a negative count for "nothing now". */
  #recvNow(target: Uint8Array, offset: number, n: number): number {
    let got: number;
    try {
      got = recvNow(this.fd, target, offset, n);
    } catch (err) {
      // The kernel reports a reset once; later reads see the end, as Linux's recv does.
      this.#eof = true;
      this.signal.notify();
      throw err;
    }
    if (got === 0) this.onEnd();
    else if (got < 0) this.#pace.drained();
    return got;
  }

  /** Writes what the kernel takes now: a count, 0 when its buffer is full. */
  write(data: Uint8Array): number {
    this.throwPendingError();
    if (this.#writeShut || this.#closed || !this.#bun) throw errorFor("EPIPE");
    const written = this.#bun.write(data);
    if (written < 0) throw errorFor("EPIPE");
    this.#sendBlocked = written < data.length;
    return written;
  }

  /** The descriptor for a write that bypasses Bun (sendfile), after write()'s checks. */
  writableFd(): number {
    this.throwPendingError();
    if (this.#writeShut || this.#closed || !this.#bun) throw errorFor("EPIPE");
    return this.fd;
  }

  /** Bun stops reading, so that splice(2) takes the bytes from the kernel (`_splice.ts`). */
  holdReads(): void {
    if (this.#held || this.#closed) return;
    this.#held = true;
    if (!this.#paused) this.#bun?.pause();
  }

  /** Bun reads again, so recv and select see the socket as before the splice. */
  releaseReads(): void {
    if (!this.#held) return;
    this.#held = false;
    if (!this.#paused && !this.#closed) this.#bun?.resume();
  }

  /** Raises, once, an error that arrived asynchronously (a reset), as the kernel does. */
  throwPendingError(): void {
    const err = this.#pendingError;
    if (!err) return;
    this.#pendingError = null;
    throw err;
  }

  /** Takes the pending error without raising it (getsockopt SO_ERROR). */
  takePendingError(): OSError | null {
    const err = this.#pendingError;
    this.#pendingError = null;
    return err;
  }

  shutdownRead(): void {
    // Linux keeps accepting data after SHUT_RD but recv reports EOF; drop what is buffered.
    this.#eof = true;
    this.rx.clear();
    this.#resumeIfDrained();
    this.signal.notify();
  }

  shutdownWrite(): void {
    if (this.#writeShut) return;
    this.#writeShut = true;
    if (!this.#closed) this.#bun?.shutdown();
    this.signal.notify();
  }

  /**
   * Closes the socket. With unread data Linux answers with RST instead of FIN, and so do we:
   * the peer learns that what it sent was not read.
   */
  close(): void {
    if (this.#closed) return;
    const unread = this.rx.size > 0 || this.#paused;
    this.#closed = true;
    this.rx.clear();
    if (unread) this.#bun?.terminate();
    else this.#bun?.end();
    this.signal.notify();
  }

  /** detach(): Bun closes its descriptor, never with RST, while a duplicate keeps the socket. */
  letGo(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.rx.clear();
    this.#bun?.end();
    this.signal.notify();
  }

  /** Aborts with RST (used for connections a full backlog refuses). */
  reset(): void {
    this.#closed = true;
    this.#bun?.terminate();
  }

  onData(chunk: Buffer): void {
    if (this.#eof) return;
    this.#pace.chunk(chunk.length);
    if (this.tap) {
      this.tap(chunk);
      return;
    }
    // The usual case of a waiting recv: the chunk is its answer, the queue never sees it.
    if (this.rx.size === 0 && this.waiter.takesWhole(chunk)) {
      this.signal.wake();
      return;
    }
    this.rx.push(chunk);
    if (!this.#paused && this.rx.size >= HIGH_WATER) {
      this.#paused = true;
      if (!this.#held) this.#bun?.pause();
    }
    // Nothing else runs before a woken call would: the waiting recv may complete right here.
    this.waiter.serve();
    this.signal.wake();
  }

  onEnd(): void {
    this.#eof = true;
    this.signal.notify();
  }

  onDrain(): void {
    this.#sendBlocked = false;
    this.signal.notify();
  }

  onClose(err?: Error): void {
    // After FIN, Linux's recv keeps returning EOF even if a reset follows.
    if (err && !this.#eof && !this.#closed) this.#pendingError = fromBunError(err) as OSError;
    this.#closed = true;
    this.#eof = true;
    this.signal.notify();
  }

  /** Bun reports a failure that leaves the socket open: the next operation raises it. */
  onError(err: Error): void {
    this.#pendingError = fromBunError(err) as OSError;
    this.signal.notify();
  }

  #resumeIfDrained(): void {
    if (this.#paused && this.rx.size <= LOW_WATER) {
      this.#paused = false;
      if (!this.#held) this.#bun?.resume();
    }
  }
}
