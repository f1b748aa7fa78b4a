/**
 * Python's ssl constants: verify modes, protocols, TLS versions, purposes. Values are
 * CPython's, so code that compares or prints them sees what it would in Python.
 */

/** `ssl.VerifyMode`. */
export const CERT_NONE = 0;
export const CERT_OPTIONAL = 1;
export const CERT_REQUIRED = 2;
export const VerifyMode = { CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED } as const;

/** `ssl._SSLMethod`: PROTOCOL_TLS (deprecated in Python) negotiates either role. */
export const PROTOCOL_TLS = 2;
export const PROTOCOL_TLS_CLIENT = 16;
export const PROTOCOL_TLS_SERVER = 17;

/** `ssl.TLSVersion`, with OpenSSL's wire numbers. */
export const TLSVersion = {
  MINIMUM_SUPPORTED: -2,
  MAXIMUM_SUPPORTED: -1,
  SSLv3: 768,
  TLSv1: 769,
  TLSv1_1: 770,
  TLSv1_2: 771,
  TLSv1_3: 772,
} as const;

/** `ssl.Purpose`: what the peer's certificate must be good for. */
export const Purpose = {
  /** Verify servers: the context for a client. */
  SERVER_AUTH: "1.3.6.1.5.5.7.3.1",
  /** Verify clients: the context for a server. */
  CLIENT_AUTH: "1.3.6.1.5.5.7.3.2",
} as const;

/** `ssl.OP_*` bits (OpenSSL's); minimum_version/maximum_version set the NO_* ones. */
export const OP_NO_SSLv3 = 0x02000000;
export const OP_NO_TLSv1 = 0x04000000;
export const OP_NO_TLSv1_2 = 0x08000000;
export const OP_NO_TLSv1_1 = 0x10000000;
export const OP_NO_TLSv1_3 = 0x20000000;
export const OP_NO_COMPRESSION = 0x00020000;
export const OP_ALL = 0x80000850;

export const HAS_SNI = true;
export const HAS_ALPN = true;
export const HAS_TLSv1_3 = true;

/** Bun links BoringSSL, not OpenSSL: the name says so rather than pretend. */
export const OPENSSL_VERSION = "BoringSSL (Bun)";
