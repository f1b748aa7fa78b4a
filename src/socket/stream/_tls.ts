/**
 * TLS on a stream connection through Bun's `upgradeTLS`: the hook src/ssl uses, and with
 * `_connection.ts` the only TLS code touching Bun's sockets. The connection keeps its receive
 * buffer, watermarks and close rules; only the Bun socket it reads and writes changes, so
 * recv/send/select and timeouts work unchanged on top.
 *
 * Bun verifies nothing on our behalf here (`rejectUnauthorized: false`): it reports what it
 * found, and src/ssl applies Python's rules (verify_mode, check_hostname) and raises Python's
 * errors. That is also why this file reports facts, never verdicts.
 */
import type { X509Certificate } from "node:crypto";
import type { SocketHandler, TLSOptions } from "bun";
import type { Transport } from "../_transport.ts";
import { activity, Signal } from "../_waiting.ts";
import { errorFor } from "../errors.ts";
import type { BunStream, StreamConnection } from "./_connection.ts";
import { STREAM_HANDLERS } from "./_stream-handlers.ts";
import { StreamTransport } from "./_transport.ts";

/** What one handshake ended with. */
export interface HandshakeResult {
  /** Bun's error when no TLS session came up (bad record, alert, hang-up); else null. */
  failure: Error | null;
  /** Why Bun would not trust the peer's certificate (Node's codes), or null. */
  authorizationError: (Error & { code?: string }) | null;
}

/** The TLS state of one connection. */
export class TlsSession {
  /** Notified when the handshake ends, either way. */
  readonly signal = new Signal();
  #result: HandshakeResult | null = null;
  #bun: BunStream | null = null;

  constructor(readonly serverSide: boolean) {}

  /** Null while the handshake runs. */
  get result(): HandshakeResult | null {
    return this.#result;
  }

  /** `TLSv1.3` and so on; null before the handshake. */
  version(): string | null {
    const version = this.#established()?.getTLSVersion();
    return version && version !== "unknown" ? version : null;
  }

  /** The negotiated cipher suite's OpenSSL name and protocol. */
  cipher(): { name: string; version: string } | null {
    const cipher = this.#established()?.getCipher();
    if (!cipher?.name) return null;
    return { name: cipher.name, version: cipher.version };
  }

  alpnProtocol(): string | null {
    const alpn = this.#established()?.alpnProtocol;
    return typeof alpn === "string" ? alpn : null;
  }

  /** The peer's certificate, or null when it sent none. */
  peerCertificate(): X509Certificate | null {
    const bun = this.#established();
    if (!bun) return null;
    try {
      return bun.getPeerX509Certificate() ?? null;
    } catch {
      return null;
    }
  }

  /** The leaf certificate this side presented, or null. */
  ownCertificate(): X509Certificate | null {
    return this.#established()?.getX509Certificate() ?? null;
  }

  onHandshake(bun: BunStream, error: Error | null): void {
    if (this.#result) return;
    this.#bun = bun;
    // With rejectUnauthorized false Bun reports trust problems here yet keeps the session;
    // a session that never came up has no cipher.
    const up = Boolean(bun.getCipher()?.name);
    this.#result = up
      ? { failure: null, authorizationError: error }
      : { failure: error ?? errorFor("ECONNRESET"), authorizationError: null };
    this.signal.notify();
  }

  onClose(error?: Error): void {
    if (this.#result) return;
    this.#result = { failure: error ?? errorFor("ECONNRESET"), authorizationError: null };
    this.signal.notify();
  }

  #established(): BunStream | null {
    return this.#result?.failure === null ? this.#bun : null;
  }
}

const TLS_HANDLERS: SocketHandler<StreamConnection> = {
  ...STREAM_HANDLERS,
  open(socket) {
    socket.data.attach(socket);
  },
  handshake(socket, _authorized, error) {
    socket.data.tls?.onHandshake(socket, error);
    activity.notify();
  },
  close(socket, error) {
    socket.data.tls?.onClose(error);
    STREAM_HANDLERS.close?.(socket, error);
  },
};

function streamOf(transport: Transport): StreamTransport {
  if (!(transport instanceof StreamTransport)) throw errorFor("EOPNOTSUPP");
  return transport;
}

/** Puts TLS on one connection now; the handshake starts at once. */
function upgrade(conn: StreamConnection, options: TLSOptions, serverSide: boolean): TlsSession {
  const raw = conn.bun;
  if (!raw) throw errorFor("ENOTCONN");
  const session = new TlsSession(serverSide);
  conn.tls = session;
  const [, tls] = raw.upgradeTLS({
    data: conn,
    tls: { ...options, rejectUnauthorized: false },
    socket: TLS_HANDLERS,
  });
  conn.attach(tls);
  return session;
}

/**
 * Starts TLS on a connected stream (STARTTLS or a fresh connection). Bytes already received
 * as plain text cannot be handed to Bun's TLS layer, so they make it refuse (`buffered`).
 */
export function _startTls(
  transport: Transport,
  options: TLSOptions,
  serverSide: boolean,
): TlsSession | { buffered: number } {
  const conn = streamOf(transport)._parts.conn;
  if (!conn) throw errorFor("ENOTCONN");
  if (conn.tls) return conn.tls;
  if (conn.rx.size > 0) return { buffered: conn.rx.size };
  return upgrade(conn, options, serverSide);
}

/** Every connection a listening stream accepts from now on starts TLS as it arrives. */
export function _tlsOnArrivals(transport: Transport, options: TLSOptions): void {
  const listener = streamOf(transport)._parts.listener;
  if (!listener) throw errorFor("EINVAL");
  listener.onArrival = (conn) => {
    upgrade(conn, options, true);
  };
}

/** The TLS session of a stream's connection, if TLS is on. */
export function _tlsSessionOf(transport: Transport): TlsSession | null {
  return streamOf(transport)._parts.conn?.tls ?? null;
}

/** Drops a connection whose peer failed verification: RST, as nothing more is to be said. */
export function _abortTls(transport: Transport): void {
  streamOf(transport)._parts.conn?.reset();
}

/** Is the stream a listening socket (whose arrivals TLS should meet)? */
export function _isListening(transport: Transport): boolean {
  return streamOf(transport)._parts.listener?.listening ?? false;
}
