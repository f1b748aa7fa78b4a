/**
 * The TLS flags of connect and listen, beside the other flag groups. Plain objects: the TLS
 * code itself (src/cli/endpoints/tls.ts and the library's ssl) loads only when --ssl is given.
 */
import type { ArgsDef } from "citty";

const common = {
  ssl: { type: "boolean", alias: "tls", description: "speak TLS on the connection" },
  "ssl-cert": {
    type: "string",
    valueHint: "FILE",
    description: "our certificate chain (PEM)",
  },
  "ssl-key": {
    type: "string",
    valueHint: "FILE",
    description: "the key of --ssl-cert (PEM; default: in --ssl-cert)",
  },
  "ssl-trustfile": {
    type: "string",
    valueHint: "FILE",
    description: "trust these CA certificates (PEM) instead of the system's",
  },
  "ssl-alpn": {
    type: "string",
    valueHint: "LIST",
    description: "ALPN protocols, comma-separated (h2,http/1.1)",
  },
} as const satisfies ArgsDef;

export const connectTlsArgs = {
  ...common,
  "ssl-verify": {
    type: "boolean",
    description: "verify the server's certificate and name (the default with --ssl)",
    negativeDescription: "accept any certificate (no verification)",
  },
  "ssl-servername": {
    type: "string",
    valueHint: "NAME",
    description: "name sent as SNI and checked against the certificate (default: HOST)",
  },
  starttls: {
    type: "string",
    valueHint: "PROTO",
    description: "plain-text preamble, then TLS: smtp, imap, pop3, ftp, xmpp",
  },
} as const satisfies ArgsDef;

export const listenTlsArgs = {
  ...common,
  "ssl-verify": {
    type: "boolean",
    description: "require a client certificate that --ssl-trustfile's CAs signed",
  },
} as const satisfies ArgsDef;

export interface TlsFlags {
  ssl?: boolean;
  "ssl-cert"?: string;
  "ssl-key"?: string;
  "ssl-trustfile"?: string;
  "ssl-alpn"?: string;
  "ssl-verify"?: boolean;
  "ssl-servername"?: string;
  starttls?: string;
}

/**
 * True when the command speaks TLS: --ssl, --starttls, or any other TLS flag on its own, which
 * ncat takes to mean --ssl (`ncat --ssl-verify HOST 443`, `ncat -l --ssl-cert C --ssl-key K`).
 */
export function wantsTls(flags: TlsFlags): boolean {
  if (flags.ssl || flags.starttls !== undefined) return true;
  const names = ["ssl-cert", "ssl-key", "ssl-trustfile", "ssl-alpn", "ssl-servername"] as const;
  return names.some((name) => flags[name] !== undefined) || flags["ssl-verify"] !== undefined;
}
