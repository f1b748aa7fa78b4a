/**
 * One-line wording for the library's ssl errors, read from their fields (no import of the
 * ssl module, so describing an ordinary error never loads TLS code): Python's
 * `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate
 * (_ssl.c:1006)` becomes `certificate verify failed: self-signed certificate`.
 */

interface SslFields {
  name?: string;
  reason?: string | null;
  verify_message?: string | null;
  message?: string;
}

/** Short text for an SSLError, or null for anything else. */
export function tlsErrorText(err: unknown): string | null {
  const e = (err ?? {}) as SslFields;
  if (typeof e.name !== "string" || !e.name.startsWith("SSL")) return null;
  if (e.verify_message) {
    const why = e.verify_message.replace(/\.$/, "");
    return `certificate verify failed: ${why.charAt(0).toLowerCase()}${why.slice(1)}`;
  }
  if (e.name === "SSLEOFError") return "TLS handshake failed: the peer closed the connection";
  const text = (e.message ?? "").replace(/^\[[^\]]*\]\s*/, "").replace(/\s*\(_ssl\.c:\d+\)$/, "");
  if (e.reason === "WRONG_VERSION_NUMBER" || e.reason === "HTTP_REQUEST") {
    return `TLS handshake failed: ${text} (is the peer speaking TLS?)`;
  }
  return `TLS handshake failed: ${text}`;
}
