/**
 * Bun reports a certificate's trouble with Node's names for OpenSSL's X509_V_ERR_* codes;
 * Python reports the number and OpenSSL 3's text. This is the table between them.
 */

/** Node's code → [X509_V_ERR number, OpenSSL 3.0's X509_verify_cert_error_string]. */
const VERIFY_CODES: Readonly<Record<string, readonly [number, string]>> = {
  UNABLE_TO_GET_ISSUER_CERT: [2, "unable to get issuer certificate"],
  UNABLE_TO_GET_CRL: [3, "unable to get certificate CRL"],
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: [4, "unable to decrypt certificate's signature"],
  UNABLE_TO_DECRYPT_CRL_SIGNATURE: [5, "unable to decrypt CRL's signature"],
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: [6, "unable to decode issuer public key"],
  CERT_SIGNATURE_FAILURE: [7, "certificate signature failure"],
  CRL_SIGNATURE_FAILURE: [8, "CRL signature failure"],
  CERT_NOT_YET_VALID: [9, "certificate is not yet valid"],
  CERT_HAS_EXPIRED: [10, "certificate has expired"],
  CRL_NOT_YET_VALID: [11, "CRL is not yet valid"],
  CRL_HAS_EXPIRED: [12, "CRL has expired"],
  ERROR_IN_CERT_NOT_BEFORE_FIELD: [13, "format error in certificate's notBefore field"],
  ERROR_IN_CERT_NOT_AFTER_FIELD: [14, "format error in certificate's notAfter field"],
  DEPTH_ZERO_SELF_SIGNED_CERT: [18, "self-signed certificate"],
  SELF_SIGNED_CERT_IN_CHAIN: [19, "self-signed certificate in certificate chain"],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: [20, "unable to get local issuer certificate"],
  // BoringSSL says this of a lone leaf whose issuer it lacks, where OpenSSL 3 says code 20.
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: [20, "unable to get local issuer certificate"],
  CERT_CHAIN_TOO_LONG: [22, "certificate chain too long"],
  CERT_REVOKED: [23, "certificate revoked"],
  INVALID_CA: [24, "invalid CA certificate"],
  PATH_LENGTH_EXCEEDED: [25, "path length constraint exceeded"],
  INVALID_PURPOSE: [26, "unsupported certificate purpose"],
  CERT_UNTRUSTED: [27, "certificate not trusted"],
  CERT_REJECTED: [28, "certificate rejected"],
};

/** X509_V_ERR_HOSTNAME_MISMATCH and X509_V_ERR_IP_ADDRESS_MISMATCH. */
export const HOSTNAME_MISMATCH = 62;
export const IP_ADDRESS_MISMATCH = 64;

/** Node's name for a host-name failure, which src/ssl checks itself. */
export const ALTNAME_CODE = "ERR_TLS_CERT_ALTNAME_INVALID";

/** [code, text] for Bun's authorization error; unknown codes keep Bun's own text. */
export function verifyCode(error: Error & { code?: string }): readonly [number, string] {
  return (
    VERIFY_CODES[error.code ?? ""] ?? [
      1,
      error.message || "unspecified certificate verification error",
    ]
  );
}
