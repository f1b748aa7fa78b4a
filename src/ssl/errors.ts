/**
 * Python's ssl exceptions. An SSLError reads `[SSL: REASON] text (_ssl.c:1006)`, exactly as
 * CPython 3.11 prints OpenSSL's errors (the location is CPython's, kept so whole-message
 * comparisons in ported scripts still hold), with `library` and `reason` set.
 */
import { OSError } from "../socket/errors.ts";

/** CPython 3.11's location suffix on every OpenSSL error. */
const WHERE = "(_ssl.c:1006)";

/** Python's `ssl.SSLError`: an OSError whose str() is the OpenSSL text alone. */
export class SSLError extends OSError {
  library: string | null = null;
  reason: string | null = null;

  constructor(errno: number | string, text?: string, options?: ErrorOptions) {
    super(errno, text, options);
    // CPython's SSLError.__str__ is the strerror, without `[Errno n]`.
    if (typeof errno === "number" && text !== undefined) this.message = text;
  }
}

/** The peer closed the TLS layer cleanly (close_notify). */
export class SSLZeroReturnError extends SSLError {}
/** A non-blocking socket needs to read before the TLS operation can go on. */
export class SSLWantReadError extends SSLError {}
/** A non-blocking socket needs to write before the TLS operation can go on. */
export class SSLWantWriteError extends SSLError {}
export class SSLSyscallError extends SSLError {}
/** The connection ended in violation of the protocol (no close_notify, or mid-handshake). */
export class SSLEOFError extends SSLError {}

/** The peer's certificate failed verification; `verify_code` is OpenSSL's X509_V_ERR_*. */
export class SSLCertVerificationError extends SSLError {
  verify_code: number | null = null;
  verify_message: string | null = null;
}

/** Python's NotImplementedError (wrap_socket of a datagram socket raises it). */
export class NotImplementedError extends Error {
  override name = "NotImplementedError";
}

/** Python's alias: `ssl.CertificateError` is SSLCertVerificationError. */
export { SSLCertVerificationError as CertificateError };

for (const [name, Class] of Object.entries({
  SSLError,
  SSLZeroReturnError,
  SSLWantReadError,
  SSLWantWriteError,
  SSLSyscallError,
  SSLEOFError,
  SSLCertVerificationError,
})) {
  Object.defineProperty(Class.prototype, "name", { value: name, configurable: true });
}

/** OpenSSL's SSL_ERROR_* numbers, which CPython uses as errno. */
export const SSL_ERROR_SSL = 1;
export const SSL_ERROR_WANT_READ = 2;
export const SSL_ERROR_EOF = 8;

type SSLErrorClass = new (errno: number, text: string, options?: ErrorOptions) => SSLError;

/** `[SSL: REASON] text (_ssl.c:1006)` with library and reason set, as _ssl.c builds it. */
export function sslError(
  reason: string,
  text: string,
  options?: ErrorOptions,
  Class: SSLErrorClass = SSLError,
  errno = SSL_ERROR_SSL,
): SSLError {
  const err = new Class(errno, `[SSL: ${reason}] ${text} ${WHERE}`, options);
  err.library = "SSL";
  err.reason = reason;
  return err;
}

/** A failed verification: `certificate verify failed: <why>`. */
export function verifyError(
  code: number,
  why: string,
  options?: ErrorOptions,
): SSLCertVerificationError {
  const err = sslError(
    "CERTIFICATE_VERIFY_FAILED",
    `certificate verify failed: ${why}`,
    options,
    SSLCertVerificationError,
  ) as SSLCertVerificationError;
  err.verify_code = code;
  err.verify_message = why;
  return err;
}

/** Without an SSL object: `[SSL] PEM lib (_ssl.c:3905)`-style errors carry their own place. */
export function plainSslError(errno: number, text: string): SSLError {
  return new SSLError(errno, text);
}
