/**
 * Python's `ssl.SSLContext` and `create_default_context`: the settings a TLS connection is made
 * with. The context turns them into Bun's TLS options when a socket is wrapped.
 *
 * @example
 * const ctx = ssl.create_default_context();
 * await using s = await ctx.wrap_socket(sock, { server_hostname: "example.com" });
 */

import type { TLSOptions } from "bun";
import { ValueError } from "../socket/errors.ts";
import { ipVersion } from "../socket/names/_ip-text.ts";
import type { Socket } from "../socket/socket.ts";
import { fromData, fromDirectory, fromFile, systemStore, TRUSTS_NOTHING } from "./_ca-store.ts";
import { type CertChain, chainFromPem, loadCertChain, type Password } from "./_cert-chain.ts";
import type { WrapOptions } from "./_wrap-rules.ts";
import {
  CERT_NONE,
  CERT_REQUIRED,
  OP_ALL,
  OP_NO_COMPRESSION,
  OP_NO_SSLv3,
  OP_NO_TLSv1,
  OP_NO_TLSv1_1,
  OP_NO_TLSv1_2,
  OP_NO_TLSv1_3,
  PROTOCOL_TLS,
  PROTOCOL_TLS_CLIENT,
  PROTOCOL_TLS_SERVER,
  Purpose,
  TLSVersion,
} from "./constants.ts";
import { SSLError } from "./errors.ts";
import { SSLSocket } from "./sslsocket.ts";

/** Each version's NO_* bit, lowest first. */
const VERSION_BITS: readonly [number, number][] = [
  [TLSVersion.SSLv3, OP_NO_SSLv3],
  [TLSVersion.TLSv1, OP_NO_TLSv1],
  [TLSVersion.TLSv1_1, OP_NO_TLSv1_1],
  [TLSVersion.TLSv1_2, OP_NO_TLSv1_2],
  [TLSVersion.TLSv1_3, OP_NO_TLSv1_3],
];
const VERSIONS = new Set<number>(Object.values(TLSVersion));

function checkVersion(value: number): number {
  if (!VERSIONS.has(value)) {
    throw new ValueError(`Unsupported TLS/SSL version 0x${value.toString(16)}`);
  }
  return value;
}

export class SSLContext {
  readonly protocol: number;
  /** OpenSSL's OP_* bits; version limits are kept apart in minimum/maximum_version. */
  options = OP_ALL | OP_NO_SSLv3 | OP_NO_COMPRESSION;
  #verifyMode: number;
  #checkHostname: boolean;
  #minimum: number = TLSVersion.TLSv1_2;
  #maximum: number = TLSVersion.MAXIMUM_SUPPORTED;
  readonly #cas = new Set<string>();
  #chain: CertChain | null = null;
  #alpn: Buffer | null = null;
  #ciphers: string | null = null;

  /** `SSLContext(PROTOCOL_TLS_CLIENT)` verifies servers; `PROTOCOL_TLS_SERVER` does not ask. */
  constructor(protocol: number = PROTOCOL_TLS) {
    if (![PROTOCOL_TLS, PROTOCOL_TLS_CLIENT, PROTOCOL_TLS_SERVER].includes(protocol)) {
      throw new ValueError("invalid or unsupported protocol version");
    }
    this.protocol = protocol;
    const client = protocol === PROTOCOL_TLS_CLIENT;
    this.#verifyMode = client ? CERT_REQUIRED : CERT_NONE;
    this.#checkHostname = client;
  }

  get verify_mode(): number {
    return this.#verifyMode;
  }

  set verify_mode(value: number) {
    if (![0, 1, 2].includes(value)) throw new ValueError("invalid value for verify_mode");
    if (value === CERT_NONE && this.#checkHostname) {
      throw new ValueError("Cannot set verify_mode to CERT_NONE when check_hostname is enabled.");
    }
    this.#verifyMode = value;
  }

  get check_hostname(): boolean {
    return this.#checkHostname;
  }

  /** Turning it on also turns verification on, as in Python. */
  set check_hostname(value: boolean) {
    if (value && this.#verifyMode === CERT_NONE) this.#verifyMode = CERT_REQUIRED;
    this.#checkHostname = Boolean(value);
  }

  get minimum_version(): number {
    return this.#minimum;
  }

  set minimum_version(value: number) {
    this.#minimum = checkVersion(value);
  }

  get maximum_version(): number {
    return this.#maximum;
  }

  set maximum_version(value: number) {
    this.#maximum = checkVersion(value);
  }

  /** This side's certificate chain and key (PEM files); `password` unlocks an encrypted key. */
  load_cert_chain(certfile: string, keyfile?: string | null, password?: Password): void {
    this.#chain = loadCertChain(certfile, keyfile ?? undefined, password);
  }

  /** Not Python: load_cert_chain from PEM text in memory, for a certificate made at run time. */
  _load_cert_chain_pem(cert: string, key: string): void {
    this.#chain = chainFromPem(cert, key);
  }

  /** Trust anchors from a PEM file, a hashed directory, or PEM text / DER bytes. */
  load_verify_locations(
    cafile?: string | null,
    capath?: string | null,
    cadata?: string | Uint8Array | null,
  ): void {
    if (cafile == null && capath == null && cadata == null) {
      throw new TypeError("cafile, capath and cadata cannot be all omitted");
    }
    const found = [
      ...(cafile == null ? [] : fromFile(cafile)),
      ...(capath == null ? [] : fromDirectory(capath)),
      ...(cadata == null ? [] : fromData(cadata)),
    ];
    for (const pem of found) this.#cas.add(pem);
  }

  /** The system's trust store, where Python's OpenSSL finds it (SSL_CERT_FILE, SSL_CERT_DIR). */
  load_default_certs(_purpose: string = Purpose.SERVER_AUTH): void {
    for (const pem of systemStore()) this.#cas.add(pem);
  }

  set_default_verify_paths(): void {
    this.load_default_certs();
  }

  /** Counts of what the store holds, as Python reports them. */
  cert_store_stats(): { x509: number; crl: number; x509_ca: number } {
    return { x509: this.#cas.size, crl: 0, x509_ca: this.#cas.size };
  }

  /** Protocols to offer (client) or accept (server) by ALPN, in order of preference. */
  set_alpn_protocols(protocols: Iterable<string>): void {
    const parts: Buffer[] = [];
    for (const protocol of protocols) {
      const bytes = Buffer.from(protocol, "utf8");
      if (bytes.length < 1 || bytes.length > 255) {
        throw new SSLError("ALPN protocols must be 1 to 255 in length");
      }
      parts.push(Buffer.from([bytes.length]), bytes);
    }
    this.#alpn = Buffer.concat(parts);
  }

  /** An OpenSSL cipher list for TLS 1.2 and below (TLS 1.3 suites are not configurable). */
  set_ciphers(cipherlist: string): void {
    if (!/^[A-Za-z0-9_+\-!:@=,. ]+$/.test(cipherlist)) {
      throw new SSLError("No cipher can be selected.");
    }
    this.#ciphers = cipherlist;
  }

  /**
   * Wraps a stream socket: connected, it upgrades in place (STARTTLS) and handshakes; listening,
   * its accept() returns SSLSockets; fresh, connect() handshakes.
   */
  wrap_socket(sock: Socket, options: WrapOptions = {}): Promise<SSLSocket> {
    return SSLSocket._create(sock, this, options);
  }

  /** Bun's TLS options for one connection; src/ssl's rules decide on what Bun reports. */
  _bunOptions(serverSide: boolean, serverHostname: string | null): TLSOptions {
    const options: TLSOptions = { secureOptions: this.#secureOptions() };
    if (this.#verifyMode !== CERT_NONE) {
      options.ca = this.#cas.size > 0 ? [...this.#cas] : [TRUSTS_NOTHING];
      if (serverSide) options.requestCert = true;
    }
    if (this.#chain) {
      options.cert = this.#chain.cert;
      options.key = this.#chain.key;
    }
    // Python sends SNI for names only, never for an IP literal.
    if (serverHostname && !ipVersion(serverHostname)) options.serverName = serverHostname;
    if (this.#alpn) options.ALPNProtocols = this.#alpn;
    if (this.#ciphers) options.ciphers = this.#ciphers;
    return options;
  }

  #secureOptions(): number {
    // Only the version bits go to Bun: BoringSSL's other OP_* values are not OpenSSL's.
    let bits = this.options & OP_NO_SSLv3;
    for (const [version, bit] of VERSION_BITS) {
      if (this.#minimum > 0 && version < this.#minimum) bits |= bit;
      if (this.#maximum > 0 && version > this.#maximum) bits |= bit;
    }
    return bits >>> 0;
  }
}

/**
 * Python's `create_default_context`: a client context that verifies servers against the
 * system's store and checks host names, or (CLIENT_AUTH) a server context.
 */
export function create_default_context(
  purpose: string = Purpose.SERVER_AUTH,
  locations: {
    cafile?: string | null;
    capath?: string | null;
    cadata?: string | Uint8Array | null;
  } = {},
): SSLContext {
  let context: SSLContext;
  if (purpose === Purpose.SERVER_AUTH) {
    context = new SSLContext(PROTOCOL_TLS_CLIENT);
  } else if (purpose === Purpose.CLIENT_AUTH) {
    context = new SSLContext(PROTOCOL_TLS_SERVER);
  } else {
    throw new TypeError(String(purpose));
  }
  const { cafile, capath, cadata } = locations;
  if (cafile != null || capath != null || cadata != null) {
    context.load_verify_locations(cafile, capath, cadata);
  } else if (context.verify_mode !== CERT_NONE) {
    context.load_default_certs(purpose);
  }
  return context;
}
