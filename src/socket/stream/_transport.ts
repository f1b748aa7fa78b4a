/**
 * The life of a SOCK_STREAM socket (TCP or AF_UNIX): fresh → bound → listening, or fresh/bound
 * → connecting → connected, with Python's errno for every call made in the wrong state.
 */

import type { OptionStore } from "../_options.ts";
import type { Endpoint, SendProgress, Transport } from "../_transport.ts";
import { activity, type Deadline, Signal, waitUntil } from "../_waiting.ts";
import { type Address, inetTuple, unboundAddress } from "../address.ts";
import {
  AF_INET6,
  AF_UNIX,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  SHUT_RD,
  SHUT_RDWR,
  SHUT_WR,
  SO_REUSEPORT,
  SOL_SOCKET,
} from "../constants.ts";
import { errnoOf, errorFor, OSError } from "../errors.ts";
import type { Taken } from "./_adopt.ts";
import { applyInitial, applyToBun, optionOn } from "./_bun-options.ts";
import { ConnectAttempt } from "./_connect-attempt.ts";
import type { StreamConnection } from "./_connection.ts";
import { receive, receiveInto, receiveLine, SendallQueue, sendSome } from "./_io.ts";
import { StreamListener } from "./_listener.ts";
import { type FileSpan, sendFileNative } from "./_sendfile.ts";
import { connectStream } from "./_stream-handlers.ts";

export class StreamTransport implements Transport {
  readonly signal = new Signal();
  #listener: StreamListener | null;
  #conn: StreamConnection | null = null;
  readonly #attempt = new ConnectAttempt();
  #closed = false;
  #boundHost: string;
  #localPath: string;
  #peerPath: string;
  readonly #sendall = new SendallQueue();

  constructor(
    readonly family: number,
    readonly options: OptionStore,
    taken?: Taken,
  ) {
    if (taken?.conn) this.#adopt(taken.conn);
    this.#listener = taken?.listener ?? null;
    const names = taken ?? {};
    ({ localPath: this.#localPath = "", peerPath: this.#peerPath = "" } = names);
    this.#boundHost = names.boundHost ?? "";
  }

  /** For the TLS hook (`_tls.ts`): the connection or the listener to put TLS on. */
  get _parts(): { conn: StreamConnection | null; listener: StreamListener | null } {
    return { conn: this.#conn, listener: this.#listener };
  }

  get closed(): boolean {
    return this.#closed;
  }

  get readReady(): boolean {
    if (this.#listener?.listening) return this.#listener.pending > 0 || this.#listener.exhausted;
    return this.#conn?.readable ?? this.#attempt.failed;
  }

  get writeReady(): boolean {
    return (this.#conn?.sendReady ?? false) || this.#attempt.failed;
  }

  bind(endpoint: Endpoint): void {
    this.#checkOpen();
    if (this.#listener || this.#conn || this.#attempt.pending) throw errorFor("EINVAL");
    if (endpoint.path !== undefined) {
      this.#listener = StreamListener.unix(endpoint.path);
      this.#localPath = endpoint.path;
      return;
    }
    this.#listener = StreamListener.inet(endpoint.host, endpoint.port, {
      ipv6Only: this.family === AF_INET6 && this.#option(IPPROTO_IPV6, IPV6_V6ONLY),
      reusePort: this.#option(SOL_SOCKET, SO_REUSEPORT),
    });
    this.#boundHost = endpoint.host;
  }

  listen(backlog: number): void {
    this.#checkOpen();
    if (this.#conn || this.#attempt.pending) throw errorFor("EINVAL");
    if (!this.#listener) {
      // Linux binds an unbound TCP socket to an ephemeral port on listen().
      if (this.family === AF_UNIX) throw errorFor("EINVAL");
      this.bind({ host: this.family === AF_INET6 ? "::" : "0.0.0.0", port: 0 });
    }
    this.#listener?.listen(backlog);
    this.signal.notify();
  }

  async accept(deadline: Deadline): Promise<[Transport, Address]> {
    this.#checkOpen();
    const listener = this.#listener;
    if (!listener?.listening) throw errorFor("EINVAL");
    const ready = () => listener.pending > 0 || listener.exhausted || this.#closed;
    await waitUntil(ready, listener.signal, deadline);
    this.#checkOpen();
    // A client waits but no descriptor is free for it: Linux's accept() fails the same way.
    if (listener.pending === 0) throw errorFor("EMFILE");
    const conn = listener.accept() as StreamConnection;
    const accepted = new StreamTransport(this.family, this.options.clone(this.family, 1), {
      conn,
      localPath: this.#localPath,
    });
    return [accepted, accepted.peername()];
  }

  async connect(endpoint: Endpoint, deadline: Deadline): Promise<void> {
    this.#checkOpen();
    if (this.#listener?.listening) throw errorFor("EISCONN");
    if (this.#conn) {
      // Linux reports a connection that completed in the background as success once.
      if (!this.#attempt.reportSuccess()) throw errorFor("EISCONN");
      return;
    }
    const failure = this.#attempt.takeError();
    if (failure) throw failure;
    if (this.#attempt.pending) {
      // A blocking connect() joins the attempt in progress, as Linux's does.
      if (deadline.nonBlocking) throw errorFor("EALREADY");
    } else {
      const attempt = connectStream(this.#connectTarget(endpoint));
      this.#attempt.start(
        attempt,
        (conn) => this.#connected(conn),
        () => this.#settled(),
      );
      if (deadline.nonBlocking) throw errorFor("EINPROGRESS");
    }
    await waitUntil(() => !this.#attempt.pending, this.signal, deadline);
    const error = this.#attempt.takeError();
    if (error) throw error;
    this.#checkOpen();
    this.#attempt.reportSuccess();
  }

  send(data: Uint8Array, deadline: Deadline): Promise<number> {
    return sendSome(this.#writer(), data, deadline, this.#stillOpen);
  }

  sendall(data: Uint8Array, deadline: Deadline): Promise<void> {
    return this.#sendall.send(this.#writer(), data, deadline, this.#stillOpen);
  }

  sendfile(span: FileSpan, timeout: number | null, progress: SendProgress): Promise<boolean> {
    // sendfile(2) would put plain bytes under TLS: an SSLSocket reads and sends, as Python's.
    if (this.#conn?.tls) return Promise.resolve(false);
    return sendFileNative(this.#writer(), span, timeout, this.#stillOpen, progress);
  }

  async sendto(): Promise<number> {
    this.#checkOpen();
    throw errorFor(this.#conn ? "EISCONN" : "EPIPE");
  }

  recv(bufsize: number, flags: number, deadline: Deadline): Promise<Buffer> {
    return receive(this.#reader(), bufsize, flags, deadline, this.#stillOpen);
  }

  recvInto(target: Uint8Array, nbytes: number, flags: number, deadline: Deadline) {
    return receiveInto(this.#reader(), target, nbytes, flags, deadline, this.#stillOpen);
  }

  readline(limit: number, deadline: Deadline): Promise<Buffer> {
    return receiveLine(this.#reader(), limit, deadline, this.#stillOpen);
  }

  forgetNames(): void {
    this.#localPath = "";
    this.#peerPath = "";
  }

  lastSender(): Address | null {
    return null;
  }

  shutdown(how: number): void {
    this.#checkOpen();
    if (how !== SHUT_RD && how !== SHUT_WR && how !== SHUT_RDWR) throw errorFor("EINVAL");
    const conn = this.#conn;
    if (!conn) throw errorFor("ENOTCONN");
    if (how !== SHUT_WR) conn.shutdownRead();
    if (how !== SHUT_RD) conn.shutdownWrite();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#conn?.close();
    this.#listener?.close();
    this.signal.notify();
    this.#conn?.signal.notify();
  }

  sockname(): Address {
    this.#checkOpen();
    if (this.family === AF_UNIX) return this.#localPath;
    const bun = this.#conn?.bun;
    if (bun) return inetTuple(this.family, bun.localAddress, bun.localPort);
    if (this.#listener) return inetTuple(this.family, this.#boundHost, this.#listener.port);
    return unboundAddress(this.family);
  }

  peername(): Address {
    this.#checkOpen();
    const conn = this.#conn;
    if (!conn) throw errorFor("ENOTCONN");
    if (this.family === AF_UNIX) return this.#peerPath;
    const bun = conn.bun;
    return inetTuple(this.family, bun?.remoteAddress ?? "", bun?.remotePort ?? 0);
  }

  fileno(): number {
    if (this.#closed) return -1;
    return this.#conn?.fd ?? this.#listener?.fd ?? -1;
  }

  takeError(): number {
    const err = this.#attempt.takeError() ?? this.#conn?.takePendingError() ?? null;
    return err?.errno ?? 0;
  }

  applyOption(level: number, name: number, value: number): void {
    applyToBun(this.#conn?.bun ?? null, level, name, value);
  }

  #option(level: number, name: number): boolean {
    return optionOn(this.options, level, name);
  }

  #adopt(conn: StreamConnection): void {
    this.#conn = conn;
    applyInitial(conn.bun, this.family, this.options);
  }

  #connectTarget(endpoint: Endpoint) {
    if (endpoint.path !== undefined) {
      if (this.#listener) {
        throw new OSError(
          errnoOf("EOPNOTSUPP"),
          "Operation not supported (Bun cannot connect from a bound AF_UNIX path)",
        );
      }
      this.#peerPath = endpoint.path;
      return { unix: endpoint.path };
    }
    // A bound client (nc -p): release the reservation listener, connect from its address.
    const listener = this.#listener;
    if (!listener) return { host: endpoint.host, port: endpoint.port };
    const localPort = listener.port;
    listener.close();
    this.#listener = null;
    return { host: endpoint.host, port: endpoint.port, localHost: this.#boundHost, localPort };
  }

  #connected(conn: StreamConnection): void {
    if (this.#closed) conn.close();
    else this.#adopt(conn);
  }

  #settled(): void {
    this.signal.notify();
    activity.notify();
  }

  #checkOpen(): void {
    if (this.#closed) throw errorFor("EBADF");
  }

  readonly #stillOpen = () => this.#checkOpen();

  #writer(): StreamConnection {
    this.#checkOpen();
    if (!this.#conn) throw errorFor(this.#attempt.pending ? "EAGAIN" : "EPIPE");
    return this.#conn;
  }

  #reader(): StreamConnection {
    this.#checkOpen();
    const conn = this.#conn;
    if (!conn) throw errorFor(this.#attempt.pending ? "EAGAIN" : "ENOTCONN");
    return conn;
  }
}
