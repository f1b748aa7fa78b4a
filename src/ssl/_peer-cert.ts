/**
 * getpeercert()'s dict, built from Node's X509Certificate the way CPython's _decode_certificate
 * builds it from OpenSSL's: long attribute names in RDN tuples, OpenSSL's date text, the SAN
 * list with OpenSSL's type names, and the authority-information URLs.
 */
import type { X509Certificate } from "node:crypto";

/** One RDN as Python shows it: `(("commonName", "localhost"),)`. */
export type Rdn = [[string, string]];

export interface PeerCert {
  subject: Rdn[];
  issuer: Rdn[];
  version: number;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  subjectAltName?: [string, string][];
  OCSP?: string[];
  caIssuers?: string[];
}

/** OpenSSL's short names → the long names Python prints. */
const LONG_NAMES: Readonly<Record<string, string>> = {
  CN: "commonName",
  C: "countryName",
  ST: "stateOrProvinceName",
  L: "localityName",
  O: "organizationName",
  OU: "organizationalUnitName",
  street: "streetAddress",
  DC: "domainComponent",
  UID: "userId",
  GN: "givenName",
  SN: "surname",
  serialNumber: "serialNumber",
  title: "title",
  emailAddress: "emailAddress",
  postalCode: "postalCode",
  businessCategory: "businessCategory",
  jurisdictionC: "jurisdictionCountryName",
  jurisdictionST: "jurisdictionStateOrProvinceName",
  jurisdictionL: "jurisdictionLocalityName",
};

/** Node prints a name one attribute a line: `C=US\nO=Example\nCN=example.com`. */
function rdns(text: string): Rdn[] {
  return text
    .split("\n")
    .filter((line) => line.includes("="))
    .map((line) => {
      const at = line.indexOf("=");
      const short = line.slice(0, at);
      return [[LONG_NAMES[short] ?? short, line.slice(at + 1)]];
    });
}

/** Python prints IPv6 SANs as eight uppercase hex groups, uncompressed. */
function pythonIp(ip: string): string {
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = ip.includes("::") ? Array(8 - left.length - right.length).fill("0") : [];
  return [...left, ...fill, ...right]
    .map((group) => Number.parseInt(group, 16).toString(16).toUpperCase())
    .join(":");
}

function subjectAltNames(cert: X509Certificate): [string, string][] {
  const text = cert.subjectAltName;
  if (!text) return [];
  return text.split(", ").map((entry) => {
    const at = entry.indexOf(":");
    const kind = entry.slice(0, at);
    const value = entry.slice(at + 1);
    return [kind, kind === "IP Address" ? pythonIp(value) : value];
  });
}

function accessUrls(cert: X509Certificate, method: string): string[] {
  const prefix = `${method} - URI:`;
  return (cert.infoAccess ?? "")
    .split("\n")
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length));
}

/** Reads a DER length at `at`: [length, offset of the contents]. */
function derLength(der: Uint8Array, at: number): [number, number] {
  const first = der[at] ?? 0;
  if (first < 0x80) return [first, at + 1];
  let length = 0;
  const count = first & 0x7f;
  for (let i = 1; i <= count; i++) length = length * 256 + (der[at + i] ?? 0);
  return [length, at + 1 + count];
}

/** X.509's version (1-3): the optional [0] field at the head of the TBSCertificate. */
export function certVersion(der: Uint8Array): number {
  const [, tbs] = derLength(der, 1);
  const [, fields] = derLength(der, tbs + 1);
  if (der[fields] !== 0xa0) return 1;
  const [, integer] = derLength(der, fields + 1);
  const [, value] = derLength(der, integer + 1);
  return (der[value] ?? 0) + 1;
}

/** Python's dict form of a certificate. */
export function peerCertDict(cert: X509Certificate): PeerCert {
  const dict: PeerCert = {
    subject: rdns(cert.subject),
    issuer: rdns(cert.issuer),
    version: certVersion(cert.raw),
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: cert.validFrom,
    notAfter: cert.validTo,
  };
  const san = subjectAltNames(cert);
  if (san.length > 0) dict.subjectAltName = san;
  const ocsp = accessUrls(cert, "OCSP");
  if (ocsp.length > 0) dict.OCSP = ocsp;
  const issuers = accessUrls(cert, "CA Issuers");
  if (issuers.length > 0) dict.caIssuers = issuers;
  return dict;
}
