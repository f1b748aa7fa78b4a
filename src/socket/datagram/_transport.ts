/**
 * SOCK_DGRAM over IP on Bun.udpSocket (through _bun-udp.ts). Datagram boundaries are kept;
 * recv(n) returns the first n bytes of the next datagram and drops the rest, as Linux.
 *
 * Bun binds when the socket is created and connects only at creation, so connect() re-creates
 * the Bun socket on the same local address with `connect` set: the kernel then filters other
 * senders and reports ICMP errors exactly as for a Python socket.
 */
import type { OptionStore } from "../_options.ts";
import { syncNativeOptions } from "../_socket-options.ts";
import type { Endpoint, Transport } from "../_transport.ts";
import { activity, type Deadline, Signal, waitUntil } from "../_waiting.ts";
import { type Address, inetTuple, unboundAddress } from "../address.ts";
import {
  AF_INET6,
  MSG_PEEK,
  SHUT_RD,
  SHUT_RDWR,
  SHUT_WR,
  SO_BROADCAST,
  SOL_SOCKET,
} from "../constants.ts";
import { errorFor, fromBunError, type OSError } from "../errors.ts";
import { type BunUdp, openBunUdp, type Peer, sendDatagram } from "./_bun-udp.ts";
import { DatagramQueue } from "./_queue.ts";

export class DatagramTransport implements Transport {
  readonly signal = new Signal();
  readonly queue = new DatagramQueue();
  #bun: BunUdp | null = null;
  #peer: Peer | null = null;
  #pendingError: OSError | null = null;
  #lastSender: Address | null = null;
  #closed = false;
  #readShut = false;

  constructor(
    readonly family: number,
    readonly options: OptionStore,
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  get readReady(): boolean {
    return this.queue.length > 0 || this.#pendingError !== null || this.#readShut;
  }

  get writeReady(): boolean {
    return true;
  }

  async bind(endpoint: Endpoint): Promise<void> {
    this.#checkOpen();
    if (this.#bun) throw errorFor("EINVAL");
    if (endpoint.path !== undefined) throw errorFor("EAFNOSUPPORT");
    await this.#open(endpoint.host, endpoint.port, null);
  }

  listen(): void {
    this.#checkOpen();
    throw errorFor("EOPNOTSUPP");
  }

  async accept(): Promise<[Transport, Address]> {
    this.#checkOpen();
    throw errorFor("EOPNOTSUPP");
  }

  async connect(endpoint: Endpoint): Promise<void> {
    this.#checkOpen();
    if (endpoint.path !== undefined) throw errorFor("EAFNOSUPPORT");
    const local = this.#bun?.address;
    this.#bun?.close();
    this.#bun = null;
    const wildcard = this.family === AF_INET6 ? "::" : "0.0.0.0";
    const peer = { host: endpoint.host, port: endpoint.port };
    await this.#open(local?.address ?? wildcard, local?.port ?? 0, peer);
    this.#peer = peer;
  }

  async send(data: Uint8Array, deadline: Deadline): Promise<number> {
    this.#checkOpen();
    if (!this.#peer) {
      // Linux binds the socket to an ephemeral port before it finds there is no destination:
      // Python's getsockname() shows the port after the failed send.
      await this.#autobind();
      throw errorFor("EDESTADDRREQ");
    }
    this.#raisePending();
    return this.#transmit(data, null, deadline);
  }

  async sendall(data: Uint8Array, deadline: Deadline): Promise<void> {
    await this.send(data, deadline);
  }

  async sendto(data: Uint8Array, endpoint: Endpoint, deadline: Deadline): Promise<number> {
    this.#checkOpen();
    if (endpoint.path !== undefined) throw errorFor("EAFNOSUPPORT");
    // Bun's connected UDP socket has no sendto; Linux would send to the given address.
    if (this.#peer) throw errorFor("EISCONN");
    // Linux binds before it rejects port 0, so the failed sendto still leaves a bound socket.
    await this.#autobind();
    if (endpoint.port === 0) throw errorFor("EINVAL");
    return this.#transmit(data, endpoint, deadline);
  }

  async recv(bufsize: number, flags: number, deadline: Deadline): Promise<Buffer> {
    this.#checkOpen();
    await waitUntil(() => this.readReady || this.#closed, this.signal, deadline);
    this.#checkOpen();
    this.#raisePending();
    const datagram = flags & MSG_PEEK ? this.queue.peek() : this.queue.shift();
    if (!datagram) return Buffer.alloc(0);
    this.#lastSender = inetTuple(this.family, datagram.host, datagram.port);
    return datagram.data.subarray(0, bufsize);
  }

  async recvInto(target: Uint8Array, nbytes: number, flags: number, deadline: Deadline) {
    const data = await this.recv(nbytes, flags, deadline);
    target.set(data);
    return data.length;
  }

  lastSender(): Address | null {
    return this.#lastSender;
  }

  shutdown(how: number): void {
    this.#checkOpen();
    if (how !== SHUT_RD && how !== SHUT_WR && how !== SHUT_RDWR) throw errorFor("EINVAL");
    if (!this.#peer) throw errorFor("ENOTCONN");
    if (how !== SHUT_WR) this.#readShut = true;
    this.signal.notify();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#bun?.close();
    this.#bun = null;
    this.queue.clear();
    this.signal.notify();
  }

  sockname(): Address {
    this.#checkOpen();
    const local = this.#bun?.address;
    if (!local) return unboundAddress(this.family);
    return inetTuple(this.family, local.address, local.port);
  }

  peername(): Address {
    this.#checkOpen();
    if (!this.#peer) throw errorFor("ENOTCONN");
    return inetTuple(this.family, this.#peer.host, this.#peer.port);
  }

  fileno(): number {
    if (this.#closed) return -1;
    return (this.#bun as { fd?: number } | null)?.fd ?? -1;
  }

  takeError(): number {
    const err = this.#pendingError;
    this.#pendingError = null;
    return err?.errno ?? 0;
  }

  applyOption(level: number, name: number, value: number): void {
    if (level === SOL_SOCKET && name === SO_BROADCAST) this.#bun?.setBroadcast(value !== 0);
  }

  /** Sends one datagram, waiting for room when the kernel's buffer is full. */
  async #transmit(data: Uint8Array, to: Peer | null, deadline: Deadline): Promise<number> {
    for (;;) {
      if (sendDatagram(this.#bun as BunUdp, data, to)) return data.length;
      if (deadline.nonBlocking) throw errorFor("EAGAIN");
      await this.signal.next(deadline.remaining());
      this.#checkOpen();
    }
  }

  /** Binds an unbound socket to the wildcard address and an ephemeral port, as Linux does. */
  async #autobind(): Promise<void> {
    if (!this.#bun) await this.#open(this.family === AF_INET6 ? "::" : "0.0.0.0", 0, null);
  }

  async #open(host: string, port: number, peer: Peer | null): Promise<void> {
    this.#bun = await openBunUdp(host, port, peer, {
      arrive: (data, fromHost, fromPort) => this.#arrive(data, fromHost, fromPort),
      drain: () => this.signal.notify(),
      failed: (err) => this.#failed(err),
    });
    // Options set before the descriptor existed (an implicit bind by sendto included).
    syncNativeOptions(this);
    if (this.#closed) this.close();
    else if (this.options.get(SOL_SOCKET, SO_BROADCAST)) this.#bun.setBroadcast(true);
  }

  #arrive(data: Buffer, host: string, port: number): void {
    if (this.#readShut) return;
    if (this.queue.push({ data, host, port })) {
      this.signal.notify();
      activity.notify();
    }
  }

  #failed(err: unknown): void {
    // Only a connected socket hears of ICMP errors in Python; an unconnected one never does.
    if (!this.#peer) return;
    this.#pendingError = fromBunError(err) as OSError;
    this.signal.notify();
    activity.notify();
  }

  #raisePending(): void {
    const err = this.#pendingError;
    if (!err) return;
    this.#pendingError = null;
    throw err;
  }

  #checkOpen(): void {
    if (this.#closed) throw errorFor("EBADF");
  }
}
