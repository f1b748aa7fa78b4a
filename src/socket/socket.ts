/**
 * Python's `socket.socket`, on Bun. Calls that block in Python return Promises; names,
 * arguments, address tuples, errors and messages are Python's.
 *
 * @example
 * await using srv = socket(AF_INET, SOCK_STREAM);
 * await srv.bind(["127.0.0.1", 0]);
 * srv.listen();
 * const [conn, addr] = await srv.accept();
 */
import {
  toBuflen,
  toBufsize,
  toBytes,
  toIntoArgs,
  toOptionValue,
  toSendtoArgs,
  toTimeout,
} from "./_args.ts";
import { toCInt, toCIntArg, toCLong } from "./_c-args.ts";
import { getInheritable, setInheritable } from "./_fd-flags.ts";
import { rememberFd } from "./_fd-registry.ts";
import { adopt } from "./_fd-socket.ts";
import { socketRepr } from "./_repr.ts";
import { type SendfileSource, sendfile } from "./_sendfile.ts";
import { SocketMessages } from "./_socket-messages.ts";
import { getsockoptOn, markListening, setsockoptOn, syncNativeOptions } from "./_socket-options.ts";
import {
  adoption,
  DETACH,
  READINESS,
  type Readiness,
  TRANSPORT,
  type Transport,
} from "./_transport.ts";
import { checkKind, closedTransport, transportFor } from "./_transports.ts";
import { activity, Deadline } from "./_waiting.ts";
import { type Address, type AddressInput, toInteger } from "./address.ts";
import { MSG_DONTWAIT, SOMAXCONN } from "./constants.ts";
import { getdefaulttimeout } from "./defaults.ts";
import { errnoOf, errorFor, OSError } from "./errors.ts";
import { closeRequested, deferClose } from "./file/_io-base.ts";
import { endpointFor } from "./names/_host-lookup.ts";

export class Socket extends SocketMessages {
  readonly family: number;
  readonly type: number;
  readonly proto: number;
  #timeout: number | null = getdefaulttimeout();
  #transport: Transport;

  /** `fileno`: a listening or connected stream descriptor to drive as it is (-1s ask it). */
  constructor(family = -1, type = -1, proto = -1, fileno: number | null = null) {
    super();
    const adopted = adopt(family, type, proto, fileno);
    [this.family, this.type, this.proto] = adopted.kind;
    checkKind(this.family, this.type, this.proto);
    this.#transport = adopted.transport ?? transportFor(this.family, this.type);
  }

  /** Binds to a local address; rejects with EADDRINUSE when it is taken. */
  async bind(address: AddressInput): Promise<void> {
    await this.#transport.bind(await endpointFor("bind", this.family, address));
    syncNativeOptions(this.#transport);
  }

  /** Starts accepting: at most backlog + 1 connections wait for accept(), as on Linux. */
  listen(backlog: number = Math.min(SOMAXCONN, 128)): void {
    this.#transport.listen(Math.max(0, toCInt(backlog)));
    markListening(this.#transport);
  }

  /** Waits for a connection: `[conn, address]`, conn starting with the default timeout. */
  async accept(): Promise<[Socket, Address]> {
    const [transport, address] = await this.#transport.accept(this.#deadline());
    adoption.transport = transport;
    const conn = new Socket(this.family, this.type, this.proto);
    syncNativeOptions(transport);
    return [conn, address];
  }

  /** Connects; rejects with ConnectionRefusedError, TimeoutError, BlockingIOError (115)... */
  async connect(address: AddressInput): Promise<void> {
    const endpoint = await endpointFor("connect", this.family, address);
    await this.#transport.connect(endpoint, this.#deadline());
    syncNativeOptions(this.#transport);
  }

  /** Like connect, but resolves with the errno (0 on success) instead of raising it. */
  async connect_ex(address: AddressInput): Promise<number> {
    const endpoint = await endpointFor("connect_ex", this.family, address);
    try {
      await this.#transport.connect(endpoint, this.#deadline());
      return 0;
    } catch (err) {
      if (!(err instanceof OSError)) throw err;
      // CPython reports a timed-out connect_ex as EWOULDBLOCK.
      return err.errno ?? errnoOf("EAGAIN");
    }
  }

  /** Sends what the OS takes now (at least one byte when blocking); resolves with the count. */
  send(data: ArrayBufferView | ArrayBuffer, flags = 0): Promise<number> {
    try {
      return this.#transport.send(toBytes(data), this.#deadline(toCInt(flags)));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Sends everything; the timeout covers the whole call. */
  sendall(data: ArrayBufferView | ArrayBuffer, flags = 0): Promise<void> {
    try {
      return this.#transport.sendall(toBytes(data), this.#deadline(toCInt(flags)));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * `sendto(data, address)` or `sendto(data, flags, address)`: one datagram; resolves with its
   * length. An unbound socket is bound to an ephemeral port first.
   */
  async sendto(data: ArrayBufferView | ArrayBuffer, address: AddressInput): Promise<number>;
  async sendto(
    data: ArrayBufferView | ArrayBuffer,
    flags: number,
    address: AddressInput,
  ): Promise<number>;
  async sendto(data: ArrayBufferView | ArrayBuffer, ...rest: unknown[]): Promise<number> {
    const { bytes, flags, address } = toSendtoArgs(data, rest);
    const endpoint = await endpointFor("sendto", this.family, address);
    return this.#transport.sendto(bytes, endpoint, this.#deadline(flags));
  }

  /** `recv(bufsize, flags?)`: up to bufsize bytes as soon as any are there; empty at EOF. */
  recv(bufsize: number, flags = 0): Promise<Buffer> {
    try {
      const size = toBufsize(bufsize, "recv");
      // CPython's recv(0) returns b"" before looking at the socket at all.
      if (size === 0) return Promise.resolve(Buffer.alloc(0));
      const flagBits = toCInt(flags);
      return this.#transport.recv(size, flagBits, this.#deadline(flagBits));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Receives into `buffer`; resolves with the count. */
  recv_into(buffer: ArrayBufferView, nbytes = 0, flags = 0): Promise<number> {
    try {
      const args = toIntoArgs(buffer, nbytes, "recv_into", "buffer too small for requested bytes");
      const flagBits = toCInt(flags);
      return this.#transport.recvInto(args.target, args.size, flagBits, this.#deadline(flagBits));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** `[data, address]`; on a connected stream the address is null. */
  async recvfrom(bufsize: number, flags = 0): Promise<[Buffer, Address | null]> {
    const size = toBufsize(bufsize, "recvfrom");
    const flagBits = toCInt(flags);
    const data = await this.#transport.recv(size, flagBits, this.#deadline(flagBits));
    return [data, this.#transport.lastSender()];
  }

  /** `[count, address]`, receiving into `buffer`. */
  async recvfrom_into(
    buffer: ArrayBufferView,
    nbytes = 0,
    flags = 0,
  ): Promise<[number, Address | null]> {
    const tooBig = "nbytes is greater than the length of the buffer";
    const { target, size } = toIntoArgs(buffer, nbytes, "recvfrom_into", tooBig);
    const flagBits = toCInt(flags);
    const count = await this.#transport.recvInto(target, size, flagBits, this.#deadline(flagBits));
    return [count, this.#transport.lastSender()];
  }

  /**
   * Sends a file (a descriptor, a path, or has `fileno()`) from `offset`, `count` bytes or to
   * EOF: sendfile(2) on Linux, reads and sendall elsewhere. `await conn.sendfile(openSync(p))`
   */
  sendfile(file: SendfileSource, offset = 0, count: number | null = null): Promise<number> {
    return sendfile(this, this.#transport, file, offset, count, this.#timeout);
  }

  /** Shuts down one or both halves: SHUT_RD, SHUT_WR, SHUT_RDWR. */
  shutdown(how: number): void {
    this.#transport.shutdown(toCIntArg(how));
  }

  /** Closes the socket; safe to call again. */
  close(): void {
    // Python defers the real close while makefile() files are open (`_io_refs`).
    if (deferClose(this)) return;
    this.#transport.close();
    activity.notify();
  }

  getsockname(): Address {
    return this.#transport.sockname();
  }

  getpeername(): Address {
    return this.#transport.peername();
  }

  /** The OS descriptor Bun holds for this socket; -1 before bind/connect and after close. */
  fileno(): number {
    return rememberFd(this, this.#transport.fileno());
  }

  /** Python's read-only `timeout` attribute: what gettimeout() returns. */
  get timeout(): number | null {
    return this.#timeout;
  }

  /** Whether a spawned child would inherit the descriptor (FD_CLOEXEC unset). */
  get_inheritable(): boolean {
    this.#checkOpen();
    return getInheritable(this, this.fileno());
  }

  set_inheritable(inheritable: boolean): void {
    this.#checkOpen();
    setInheritable(this, this.fileno(), Boolean(inheritable));
  }

  /** Seconds, 0 for non-blocking, or null to block forever. */
  settimeout(value: number | null): void {
    // CPython stores the value, then fails to apply it to a closed descriptor.
    this.#timeout = toTimeout(value);
    this.#checkOpen();
  }

  gettimeout(): number | null {
    return this.#timeout;
  }

  setblocking(flag: boolean): void {
    this.#timeout = toCLong(flag) ? null : 0;
    this.#checkOpen();
  }

  getblocking(): boolean {
    return this.#timeout !== 0;
  }

  /** An int (or bool) value, or bytes for a struct (ip_mreq, linger); unknown options reach the kernel. */
  setsockopt(level: number, optname: number, value: number | boolean | Uint8Array): void {
    const [lvl, name, checked] = [toCInt(level), toCInt(optname), toOptionValue(value)];
    this.#checkOpen();
    setsockoptOn(this.#transport, lvl, name, checked);
  }

  getsockopt(level: number, optname: number): number;
  getsockopt(level: number, optname: number, buflen: number): Buffer;
  getsockopt(level: number, optname: number, buflen?: number): number | Buffer {
    const [lvl, name, size] = [toCInt(level), toCInt(optname), toBuflen(buflen ?? 0)];
    this.#checkOpen();
    return getsockoptOn(this.#transport, this.type, lvl, name, size || undefined);
  }

  /** Bytes up to and including the next `\n`, or what is left at EOF (empty once drained). */
  async readline(limit = -1): Promise<Buffer> {
    if (!this.#transport.readline) throw errorFor("EOPNOTSUPP");
    return this.#transport.readline(toInteger(limit), this.#deadline());
  }

  /** Python's repr: `<socket.socket fd=5, family=2, type=1, proto=0, laddr=(...)>`. */
  override toString(): string {
    return socketRepr(this, this.#transport.closed || closeRequested(this));
  }

  [TRANSPORT](): Transport {
    return this.#transport;
  }

  /** Python's detach(): the connection moves on (into an SSLSocket); this socket is closed. */
  [DETACH](): Transport {
    const transport = this.#transport;
    this.#transport = closedTransport(this.family, this.type);
    return transport;
  }

  [READINESS](): Readiness {
    const transport = this.#transport;
    return { read: transport.readReady, write: transport.writeReady, closed: transport.closed };
  }

  #checkOpen(): void {
    if (this.#transport.closed) throw errorFor("EBADF");
  }

  #deadline(flags = 0): Deadline {
    return flags & MSG_DONTWAIT ? Deadline.NON_BLOCKING : Deadline.fromTimeout(this.#timeout);
  }
}
