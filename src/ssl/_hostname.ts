/**
 * check_hostname: is the certificate valid for the name the client asked for? The rules are
 * OpenSSL's X509_check_host/X509_check_ip as Python calls them: an IP literal matches only
 * IP SANs; a name matches DNS SANs, a `*` standing for the whole leftmost label, and the
 * subject's commonName only when there are no DNS SANs.
 */
import type { X509Certificate } from "node:crypto";
import { ipVersion } from "../socket/names/_ip-text.ts";
import { HOSTNAME_MISMATCH, IP_ADDRESS_MISMATCH } from "./_verify-codes.ts";

/** The SAN entries of one kind (`DNS`, `IP Address`), from Node's `subjectAltName` text. */
export function altNames(cert: X509Certificate, kind: string): string[] {
  const text = cert.subjectAltName ?? "";
  const prefix = `${kind}:`;
  return text
    .split(", ")
    .filter((entry) => entry.startsWith(prefix))
    .map((entry) => entry.slice(prefix.length));
}

function dnsMatches(pattern: string, host: string): boolean {
  const want = host.toLowerCase().replace(/\.$/, "");
  const have = pattern.toLowerCase().replace(/\.$/, "");
  if (!have.startsWith("*.")) return have === want;
  // A wildcard covers exactly one label, and never the last two (`*.com`).
  const rest = have.slice(1);
  const dot = want.indexOf(".");
  return dot > 0 && want.slice(dot) === rest && rest.split(".").length > 2;
}

/** Node prints IPv6 SANs in full form; compare the parsed addresses, not the text. */
function sameIp(a: string, b: string): boolean {
  if (a === b) return true;
  const expand = (ip: string) => {
    if (ipVersion(ip) !== 6) return ip;
    const [head = "", tail = ""] = ip.split("::");
    const left = head ? head.split(":") : [];
    const right = tail ? tail.split(":") : [];
    const fill = ip.includes("::") ? Array(8 - left.length - right.length).fill("0") : [];
    return [...left, ...fill, ...right].map((part) => Number.parseInt(part, 16)).join(":");
  };
  return expand(a.toLowerCase()) === expand(b.toLowerCase());
}

function commonNames(cert: X509Certificate): string[] {
  return cert.subject
    .split("\n")
    .filter((line) => line.startsWith("CN="))
    .map((line) => line.slice(3));
}

/** Null when `host` is covered, else Python's [verify_code, verify_message]. */
export function hostnameMismatch(cert: X509Certificate, host: string): [number, string] | null {
  if (ipVersion(host)) {
    if (altNames(cert, "IP Address").some((ip) => sameIp(ip, host))) return null;
    return [IP_ADDRESS_MISMATCH, `IP address mismatch, certificate is not valid for '${host}'.`];
  }
  const dns = altNames(cert, "DNS");
  const names = dns.length > 0 ? dns : commonNames(cert);
  if (names.some((name) => dnsMatches(name, host))) return null;
  return [HOSTNAME_MISMATCH, `Hostname mismatch, certificate is not valid for '${host}'.`];
}
