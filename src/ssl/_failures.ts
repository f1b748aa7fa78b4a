/**
 * Turns what Bun says about a handshake, and what Python's rules find wrong with the peer,
 * into Python's exceptions with Python's messages.
 */
import type { X509Certificate } from "node:crypto";
import { type Deadline, waitUntil } from "../socket/_waiting.ts";
import { BlockingIOError, errorFor, fromBunError, TimeoutError } from "../socket/errors.ts";
import type { HandshakeResult, TlsSession } from "../socket/stream/_tls.ts";
import { hostnameMismatch } from "./_hostname.ts";
import { ALTNAME_CODE, verifyCode } from "./_verify-codes.ts";
import { CERT_NONE, CERT_REQUIRED } from "./constants.ts";
import {
  SSL_ERROR_EOF,
  SSL_ERROR_WANT_READ,
  SSLEOFError,
  type SSLError,
  SSLWantReadError,
  sslError,
  verifyError,
} from "./errors.ts";

/** BoringSSL's reason names where OpenSSL 3 (and so Python) spells them differently. */
const OPENSSL_REASON: Readonly<Record<string, string>> = {
  TLSV1_ALERT_CERTIFICATE_REQUIRED: "TLSV13_ALERT_CERTIFICATE_REQUIRED",
};

/** OpenSSL's reason text is, with few exceptions, its name in lower case with spaces. */
function reasonText(reason: string): string {
  return reason.toLowerCase().replaceAll("_", " ");
}

/** SSLEOFError: the peer hung up mid-handshake or without close_notify. */
export function eofError(cause?: unknown): SSLError {
  return sslError(
    "UNEXPECTED_EOF_WHILE_READING",
    "EOF occurred in violation of protocol",
    { cause },
    SSLEOFError,
    SSL_ERROR_EOF,
  );
}

/** The exception for a handshake that never brought a session up. */
export function handshakeFailure(failure: Error): Error {
  // BoringSSL's errors read `error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER`.
  const reason = /OPENSSL_internal:([A-Z0-9_]+)/.exec(failure.message)?.[1];
  if (reason) {
    const name = OPENSSL_REASON[reason] ?? reason;
    return sslError(name, reasonText(name), { cause: failure });
  }
  if (/before secure TLS connection was established/.test(failure.message)) {
    return eofError(failure);
  }
  return fromBunError(failure);
}

export interface VerifyRules {
  serverSide: boolean;
  verifyMode: number;
  checkHostname: boolean;
  serverHostname: string | null;
}

/** The error Python would raise for this peer under these rules, or null to go on. */
export function verificationFailure(
  result: HandshakeResult,
  peer: X509Certificate | null,
  rules: VerifyRules,
): Error | null {
  if (rules.verifyMode === CERT_NONE) return null;
  if (!peer) {
    // Only a server can be left without a certificate (a client that sent none).
    if (rules.serverSide && rules.verifyMode === CERT_REQUIRED) {
      return sslError("PEER_DID_NOT_RETURN_A_CERTIFICATE", "peer did not return a certificate");
    }
    return null;
  }
  const trouble = result.authorizationError;
  // Bun checks the name itself when SNI is set; Python's rules for that are applied below.
  if (trouble && trouble.code !== ALTNAME_CODE) {
    const [code, why] = verifyCode(trouble);
    return verifyError(code, why, { cause: trouble });
  }
  if (!rules.serverSide && rules.checkHostname && rules.serverHostname !== null) {
    const mismatch = hostnameMismatch(peer, rules.serverHostname);
    if (mismatch) return verifyError(mismatch[0], mismatch[1]);
  }
  return null;
}

/** Waits for the handshake within the deadline; the error Python would raise, or null. */
export async function handshakeOutcome(
  session: TlsSession,
  deadline: Deadline,
  rules: VerifyRules,
): Promise<Error | null> {
  try {
    await waitUntil(() => session.result !== null, session.signal, deadline);
  } catch (err) {
    if (err instanceof BlockingIOError) {
      const text = "The operation did not complete (read) (_ssl.c:1006)";
      throw new SSLWantReadError(SSL_ERROR_WANT_READ, text);
    }
    if (err instanceof TimeoutError) {
      throw new TimeoutError("_ssl.c:1006: The handshake operation timed out");
    }
    throw err;
  }
  const result = session.result;
  if (!result) return errorFor("ECONNRESET");
  if (result.failure) return handshakeFailure(result.failure);
  return verificationFailure(result, session.peerCertificate(), rules);
}
