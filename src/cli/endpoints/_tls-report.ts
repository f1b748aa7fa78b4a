/**
 * What -v says about a TLS session, one fact a line, in the order `openssl s_client` shows
 * them: protocol and cipher, ALPN, then the peer's subject, issuer, validity and SHA-256
 * fingerprint. Read from the DER certificate, so it works with verification off too.
 */
import { X509Certificate } from "node:crypto";
import type { ssl } from "../../index.ts";
import type { Reporter } from "../report/reporter.ts";

/** `C=DE, O=sockit tests, CN=localhost`: Node's one-attribute-a-line name on one line. */
function oneLine(name: string): string {
  return name.split("\n").filter(Boolean).join(", ");
}

/** The lines for an established session; `verified` says how the peer was checked. */
export function sessionLines(tls: ssl.SSLSocket, verified: string): string[] {
  const [cipher = "?", , bits = 0] = tls.cipher() ?? [];
  const lines = [
    `TLS: ${tls.version() ?? "?"}, cipher ${cipher} (${bits} bits)`,
    `ALPN: ${tls.selected_alpn_protocol() ?? "none"}`,
  ];
  const der = tls.getpeercert(true);
  if (!der) return [...lines, "Peer certificate: none", `Verification: ${verified}`];
  const cert = new X509Certificate(der);
  return [
    ...lines,
    `Subject: ${oneLine(cert.subject)}`,
    `Issuer: ${oneLine(cert.issuer)}`,
    `Valid: ${cert.validFrom} to ${cert.validTo}`,
    `SHA-256 fingerprint: ${cert.fingerprint256}`,
    `Verification: ${verified}`,
  ];
}

/** Says the session's lines with -v. */
export function reportSession(tls: ssl.SSLSocket, verified: string, reporter: Reporter): void {
  if (!reporter.verbose) return;
  for (const line of sessionLines(tls, verified)) reporter.note(line);
}
