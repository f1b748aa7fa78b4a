/**
 * Turns what Bun says about a handshake, and what Python's rules find wrong with the peer,
 * into Python's exceptions with Python's messages.
 */
import type { X509Certificate } from "node:crypto";
import { fromBunError } from "../socket/errors.ts";
import type { HandshakeResult } from "../socket/stream/_tls.ts";
import { hostnameMismatch } from "./_hostname.ts";
import { ALTNAME_CODE, verifyCode } from "./_verify-codes.ts";
import { CERT_NONE, CERT_REQUIRED } from "./constants.ts";
import { SSL_ERROR_EOF, SSLEOFError, type SSLError, sslError, verifyError } from "./errors.ts";

/** BoringSSL's reason names where OpenSSL 3 (and so Python) spells them differently. */
const OPENSSL_REASON: Readonly<Record<string, string>> = {
  TLSV1_ALERT_CERTIFICATE_REQUIRED: "TLSV13_ALERT_CERTIFICATE_REQUIRED",
  UNSUPPORTED_PROTOCOL: "UNSUPPORTED_PROTOCOL",
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
