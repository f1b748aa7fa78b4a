/**
 * The throwaway certificate `listen --ssl` serves when given no --ssl-cert: an ECDSA P-256
 * key made by WebCrypto and a self-signed certificate for localhost, 127.0.0.1 and ::1,
 * valid for a day, all in memory (as ncat makes one). @peculiar/x509 writes the ASN.1; it is
 * imported only here, and this file only when such a certificate is needed.
 */
import { X509Certificate } from "node:crypto";

export interface Throwaway {
  cert: string;
  key: string;
  /** SHA-256 of the DER certificate, `AB:CD:...`, for clients to pin. */
  fingerprint: string;
}

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

export async function makeSelfSigned(): Promise<Throwaway> {
  // @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API.
  await import("reflect-metadata");
  const x509 = await import("@peculiar/x509");
  const keys = await crypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const now = Date.now();
  const serial = Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString("hex");
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: `01${serial}`,
    name: "CN=localhost, O=sockit throwaway",
    // A minute back, so a peer whose clock is slightly behind still accepts it.
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 86_400_000),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.SubjectAlternativeNameExtension([
        { type: "dns", value: "localhost" },
        { type: "ip", value: "127.0.0.1" },
        { type: "ip", value: "::1" },
      ]),
      new x509.BasicConstraintsExtension(false, undefined, true),
    ],
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END PRIVATE KEY-----\n`;
  const pem = cert.toString("pem");
  return { cert: pem, key, fingerprint: new X509Certificate(pem).fingerprint256 };
}
