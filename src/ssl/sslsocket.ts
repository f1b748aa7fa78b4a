/**
 * Python's `ssl.SSLSocket`: a socket.socket whose bytes go through TLS. It is made by
 * `SSLContext.wrap_socket`, which moves the plain socket's connection into it (the plain
 * socket is left closed, as Python's detach() leaves it) and upgrades that connection in
 * place, so STARTTLS after plain-text lines works as in Python.
 *
 * @example
 * const tls = await ctx.wrap_socket(sock, { server_hostname: "example.com" });
 * await tls.sendall(Buffer.from("GET / HTTP/1.0\r\n\r\n"));
 */

import type { Transport } from "../socket/_transport.ts";
import { adoption, DETACH } from "../socket/_transport.ts";
import { Deadline, waitUntil } from "../socket/_waiting.ts";
import type { Address, AddressInput } from "../socket/address.ts";
import { errnoOf, OSError, ValueError } from "../socket/errors.ts";
import { Socket } from "../socket/socket.ts";
import {
  _abortTls,
  _isListening,
  _startTls,
  _tlsOnArrivals,
  _tlsSessionOf,
  type TlsSession,
} from "../socket/stream/_tls.ts";
import { handshakeOutcome } from "./_failures.ts";
import { type PeerCert, peerCertDict } from "./_peer-cert.ts";
import { checkWrapArguments, isConnected, type WrapOptions } from "./_wrap-rules.ts";
import { CERT_NONE } from "./constants.ts";
import type { SSLContext } from "./context.ts";
import { NotImplementedError, SSLError } from "./errors.ts";

/** Bits of a cipher's key, as OpenSSL's SSL_CIPHER_get_bits reports them. */
function secretBits(name: string): number {
  if (/CHACHA20|AES_?256|AES256|CAMELLIA256/.test(name)) return 256;
  if (/3DES|DES-CBC3/.test(name)) return 168;
  return 128;
}

let creating = false;

export class SSLSocket extends Socket {
  readonly context: SSLContext;
  readonly server_side: boolean;
  readonly server_hostname: string | null;
  readonly do_handshake_on_connect: boolean;
  readonly suppress_ragged_eofs: boolean;
  readonly #transport: Transport;
  #handshaken = false;

  /** As in Python: a second socket cannot share one TLS session. */
  override dup(): never {
    throw new NotImplementedError(`Can't dup() ${this.constructor.name} instances`);
  }

  /** Not public, as in Python: SSLContext.wrap_socket makes SSLSockets. */
  constructor(sock: Socket, context: SSLContext, options: WrapOptions) {
    if (!creating) {
      throw new TypeError(
        "SSLSocket does not have a public constructor. Instances are returned by SSLContext.wrap_socket().",
      );
    }
    creating = false;
    const timeout = sock.gettimeout();
    const transport = sock[DETACH]();
    adoption.transport = transport;
    super(sock.family, sock.type, sock.proto);
    this.#transport = transport;
    this.context = context;
    this.server_side = options.server_side ?? false;
    this.server_hostname = options.server_hostname ?? null;
    this.do_handshake_on_connect = options.do_handshake_on_connect ?? true;
    this.suppress_ragged_eofs = options.suppress_ragged_eofs ?? true;
    if (!transport.closed) this.settimeout(timeout);
  }

  /** wrap_socket's body: checks Python's argument rules, then handshakes if connected. */
  static async _create(sock: Socket, context: SSLContext, options: WrapOptions) {
    const connected = checkWrapArguments(sock, context.check_hostname, options);
    creating = true;
    const tls = new SSLSocket(sock, context, options);
    if (tls.server_side && _isListening(tls.#transport)) tls.#meetArrivals();
    if (connected && tls.do_handshake_on_connect) {
      try {
        await tls.do_handshake();
      } catch (err) {
        // As CPython's SSLSocket._create: a socket whose handshake failed is closed.
        tls.close();
        throw err;
      }
    }
    return tls;
  }

  /** Runs the TLS handshake; raises SSLCertVerificationError and friends as Python does. */
  async do_handshake(): Promise<void> {
    this.getpeername();
    if (this.#handshaken) return;
    const session = this.#session();
    const failure = await handshakeOutcome(session, this.#deadline(), {
      serverSide: this.server_side,
      verifyMode: this.context.verify_mode,
      checkHostname: this.context.check_hostname,
      serverHostname: this.server_hostname,
    });
    if (failure) {
      _abortTls(this.#transport);
      throw failure;
    }
    this.#handshaken = true;
  }

  override async connect(address: AddressInput): Promise<void> {
    if (this.server_side) throw new ValueError("can't connect in server-side mode");
    await super.connect(address);
    if (this.do_handshake_on_connect) await this.do_handshake();
  }

  override async connect_ex(address: AddressInput): Promise<number> {
    const errno = await super.connect_ex(address);
    if (errno === 0 && this.do_handshake_on_connect) await this.do_handshake();
    return errno;
  }

  override listen(backlog?: number): void {
    super.listen(backlog);
    if (this.server_side) this.#meetArrivals();
  }

  /** The next connection, its handshake done (with do_handshake_on_connect). */
  override async accept(): Promise<[SSLSocket, Address]> {
    const [conn, address] = await super.accept();
    try {
      return [await SSLSocket._create(conn, this.context, this.#serverOptions()), address];
    } catch (err) {
      conn.close();
      throw err;
    }
  }

  override async send(data: ArrayBufferView | ArrayBuffer, flags = 0): Promise<number> {
    await this.#ready("send", flags);
    return super.send(data);
  }

  override async sendall(data: ArrayBufferView | ArrayBuffer, flags = 0): Promise<void> {
    await this.#ready("sendall", flags);
    return super.sendall(data);
  }

  override async recv(bufsize: number, flags = 0): Promise<Buffer> {
    await this.#ready("recv", flags);
    return super.recv(bufsize);
  }

  override async recv_into(buffer: ArrayBufferView, nbytes = 0, flags = 0): Promise<number> {
    await this.#ready("recv_into", flags);
    return super.recv_into(buffer, nbytes);
  }

  /**
   * Half-closing while the handshake runs would cut it short. In Python the handshake blocks,
   * so a shutdown() can only come after it: here it waits for the handshake to end.
   */
  override shutdown(how: number): void {
    const session = _tlsSessionOf(this.#transport);
    if (!session || session.result !== null) {
      super.shutdown(how);
      return;
    }
    const ended = () => session.result !== null;
    waitUntil(ended, session.signal, Deadline.fromTimeout(null)).then(() => {
      try {
        super.shutdown(how);
      } catch {
        // Closed meanwhile, or the handshake failed and reset it: nothing left to shut.
      }
    });
  }

  /** `TLSv1.3`...; null before the handshake. */
  version(): string | null {
    return this.#done()?.version() ?? null;
  }

  /** `[name, protocol, secret bits]`, as Python's tuple; null before the handshake. */
  cipher(): [string, string, number] | null {
    const cipher = this.#done()?.cipher();
    return cipher ? [cipher.name, cipher.version, secretBits(cipher.name)] : null;
  }

  selected_alpn_protocol(): string | null {
    return this.#done()?.alpnProtocol() ?? null;
  }

  /** Python's getpeercert: the dict (empty when not verified), DER bytes, or null. */
  getpeercert(binary_form: true): Buffer | null;
  getpeercert(binary_form?: false): PeerCert | Record<string, never> | null;
  getpeercert(binary_form = false): PeerCert | Record<string, never> | Buffer | null {
    this.getpeername();
    const session = this.#done();
    if (!session) throw new ValueError("handshake not done yet");
    const cert = session.peerCertificate();
    if (!cert) return null;
    if (binary_form) return Buffer.from(cert.raw);
    // Python returns {} for a certificate it did not verify.
    if (this.context.verify_mode === CERT_NONE) return {};
    return peerCertDict(cert);
  }

  /** Bun cannot take TLS off a socket, so unwrap() can only refuse once TLS is on. */
  async unwrap(): Promise<Socket> {
    if (!_tlsSessionOf(this.#transport)) throw new ValueError(`No SSL wrapper around ${this}`);
    throw new OSError(
      errnoOf("EOPNOTSUPP"),
      "Operation not supported (Bun cannot take TLS off a socket)",
    );
  }

  override toString(): string {
    return super.toString().replace("<socket.socket", "<ssl.SSLSocket");
  }

  #serverOptions(): WrapOptions {
    return {
      server_side: true,
      do_handshake_on_connect: this.do_handshake_on_connect,
      suppress_ragged_eofs: this.suppress_ragged_eofs,
    };
  }

  #meetArrivals(): void {
    _tlsOnArrivals(this.#transport, this.context._bunOptions(true, null));
  }

  #session(): TlsSession {
    const options = this.context._bunOptions(this.server_side, this.server_hostname);
    const started = _startTls(this.#transport, options, this.server_side);
    if ("buffered" in started) {
      throw new SSLError(
        `${started.buffered} bytes arrived as plain text before the TLS handshake; Bun's TLS layer cannot take them`,
      );
    }
    return started;
  }

  #done(): TlsSession | null {
    return this.#handshaken ? _tlsSessionOf(this.#transport) : null;
  }

  /** Python rejects flags on a TLS socket, and reads or writes only after the handshake. */
  async #ready(call: string, flags: number): Promise<void> {
    if (!_tlsSessionOf(this.#transport) && !isConnected(this)) return;
    if (flags !== 0) {
      throw new ValueError(
        `non-zero flags not allowed in calls to ${call}() on <class 'ssl.SSLSocket'>`,
      );
    }
    if (!this.#handshaken) await this.do_handshake();
  }

  #deadline(): Deadline {
    return Deadline.fromTimeout(this.gettimeout());
  }
}
