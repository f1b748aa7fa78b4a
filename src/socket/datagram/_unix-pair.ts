/**
 * `socketpair(AF_UNIX, SOCK_DGRAM)`: the kernel makes the pair (socketpair(2) through libc),
 * and Bun drives each end as it drives a stream (Bun.connect({fd})). A SOCK_DGRAM descriptor
 * hands over one datagram per read, so each `data` event is one datagram, boundaries kept.
 * Bun.udpSocket has no AF_UNIX mode, which is why a bound AF_UNIX datagram socket is still out.
 */
import { ptr } from "bun:ffi";
import type { Socket as BunSocket } from "bun";
import { letExit } from "../_keep-alive.ts";
import { lastErrno, libc } from "../_libc.ts";
import { OptionStore } from "../_options.ts";
import type { Transport } from "../_transport.ts";
import { activity, type Deadline, Signal, waitUntil } from "../_waiting.ts";
import type { Address } from "../address.ts";
import { AF_UNIX, MSG_PEEK, SHUT_RD, SHUT_RDWR, SHUT_WR, SOCK_DGRAM } from "../constants.ts";
import { errorFor, fromErrno } from "../errors.ts";

const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;

export class UnixDatagramPairEnd implements Transport {
  readonly signal = new Signal();
  readonly options = new OptionStore(AF_UNIX, SOCK_DGRAM);
  readonly #queue: Buffer[] = [];
  #bun: BunSocket<UnixDatagramPairEnd> | null = null;
  #closed = false;
  #peerGone = false;
  #readShut = false;
  #writeBlocked = false;

  attach(bun: BunSocket<UnixDatagramPairEnd>): void {
    this.#bun = letExit(bun);
  }

  get closed(): boolean {
    return this.#closed;
  }
  get readReady(): boolean {
    return this.#queue.length > 0 || this.#readShut;
  }
  get writeReady(): boolean {
    return !this.#writeBlocked;
  }

  bind(): void {
    this.#checkOpen();
    throw errorFor("EINVAL");
  }
  listen(): void {
    this.#checkOpen();
    throw errorFor("EOPNOTSUPP");
  }
  async accept(): Promise<[Transport, Address]> {
    this.#checkOpen();
    throw errorFor("EOPNOTSUPP");
  }
  async connect(): Promise<void> {
    this.#checkOpen();
    throw errorFor("EISCONN");
  }

  /** One datagram to the other end; waits for room when the kernel's queue is full. */
  async send(data: Uint8Array, deadline: Deadline): Promise<number> {
    for (;;) {
      this.#checkOpen();
      if (this.#peerGone) throw errorFor("ECONNREFUSED");
      const written = this.#bun?.write(data) ?? -1;
      if (written === data.length) return written;
      if (written < 0) throw errorFor("ECONNREFUSED");
      this.#writeBlocked = true;
      if (deadline.nonBlocking) throw errorFor("EAGAIN");
      await this.signal.next(deadline.remaining());
    }
  }
  async sendall(data: Uint8Array, deadline: Deadline): Promise<void> {
    await this.send(data, deadline);
  }
  async sendto(): Promise<number> {
    this.#checkOpen();
    throw errorFor("EISCONN");
  }

  /** The next datagram, cut to bufsize (the rest is dropped, as Linux does). */
  async recv(bufsize: number, flags: number, deadline: Deadline): Promise<Buffer> {
    this.#checkOpen();
    await waitUntil(() => this.readReady || this.#closed, this.signal, deadline);
    this.#checkOpen();
    const datagram = flags & MSG_PEEK ? this.#queue[0] : this.#queue.shift();
    return datagram ? Buffer.from(datagram.subarray(0, bufsize)) : Buffer.alloc(0);
  }
  async recvInto(target: Uint8Array, nbytes: number, flags: number, deadline: Deadline) {
    const data = await this.recv(nbytes, flags, deadline);
    target.set(data);
    return data.length;
  }

  /** The sender of an unnamed socketpair end: Python's None. */
  lastSender(): Address | null {
    return null;
  }

  shutdown(how: number): void {
    this.#checkOpen();
    if (how !== SHUT_RD && how !== SHUT_WR && how !== SHUT_RDWR) throw errorFor("EINVAL");
    if (how !== SHUT_WR) this.#readShut = true;
    if (how !== SHUT_RD) this.#bun?.shutdown();
    this.signal.notify();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#bun?.terminate();
    this.#queue.length = 0;
    this.signal.notify();
  }

  sockname(): Address {
    this.#checkOpen();
    return "";
  }
  peername(): Address {
    this.#checkOpen();
    return "";
  }
  fileno(): number {
    return this.#closed ? -1 : ((this.#bun as { fd?: number } | null)?.fd ?? -1);
  }
  takeError(): number {
    return 0;
  }
  applyOption(): void {}

  onData(datagram: Buffer): void {
    if (this.#readShut) return;
    this.#queue.push(datagram);
    this.signal.notify();
    activity.notify();
  }

  onDrain(): void {
    this.#writeBlocked = false;
    this.signal.notify();
    activity.notify();
  }

  /** The other end closed: sends are refused, recv goes on waiting (as on Linux). */
  onPeerGone(): void {
    this.#peerGone = true;
    this.signal.notify();
  }

  #checkOpen(): void {
    if (this.#closed) throw errorFor("EBADF");
  }
}

const HANDLERS = {
  open(socket: BunSocket<UnixDatagramPairEnd>) {
    socket.data.attach(socket);
  },
  data(socket: BunSocket<UnixDatagramPairEnd>, chunk: Buffer) {
    socket.data.onData(chunk);
  },
  drain(socket: BunSocket<UnixDatagramPairEnd>) {
    socket.data.onDrain();
  },
  end(socket: BunSocket<UnixDatagramPairEnd>) {
    socket.data.onPeerGone();
  },
  close(socket: BunSocket<UnixDatagramPairEnd>) {
    socket.data.onPeerGone();
  },
  error(socket: BunSocket<UnixDatagramPairEnd>) {
    socket.data.onPeerGone();
  },
};

/** Both ends of a kernel-made AF_UNIX datagram pair, each driven by Bun. */
export async function unixDatagramPair(): Promise<[UnixDatagramPairEnd, UnixDatagramPairEnd]> {
  const lib = libc();
  if (!lib) throw errorFor("EOPNOTSUPP");
  const fds = new Int32Array(2);
  if (lib.socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, ptr(fds)) !== 0) {
    throw fromErrno(lastErrno(lib));
  }
  const ends = [new UnixDatagramPairEnd(), new UnixDatagramPairEnd()] as const;
  await Promise.all(
    ends.map((end, i) =>
      Bun.connect({ fd: fds[i] as number, data: end, socket: HANDLERS } as unknown as Parameters<
        typeof Bun.connect<UnixDatagramPairEnd>
      >[0]),
    ),
  );
  return [ends[0], ends[1]];
}
