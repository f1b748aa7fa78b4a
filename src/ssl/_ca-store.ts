/**
 * Trust anchors for a context: PEM files, hashed directories, in-memory data, and the
 * system's store where Python's OpenSSL finds it (SSL_CERT_FILE / SSL_CERT_DIR, then the
 * distribution's bundle). Bun takes trust anchors as PEM text, so everything becomes that.
 */
import { join } from "node:path";
import { nodeCrypto, nodeFs, nodeTls } from "../socket/_node-modules.ts";
import { errorFor } from "../socket/errors.ts";
import { SSLError } from "./errors.ts";

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Bun falls back to its own Mozilla roots when given no CA at all, but a Python context that
 * loaded none trusts nothing. This self-signed CA (its key was thrown away) signs nothing, so
 * passing it alone makes Bun trust nothing too.
 */
export const TRUSTS_NOTHING = `-----BEGIN CERTIFICATE-----
MIIBqzCCAVGgAwIBAgIUPgIdWTXTbo43TAvIl3oCCxG6mecwCgYIKoZIzj0EAwIw
KjEoMCYGA1UEAwwfc29ja2l0OiBhIENBIHRoYXQgc2lnbnMgbm90aGluZzAgFw0y
NjEyMDEyMzU0MDRaGA8yMTI2MTEwNzIzNTQwNFowKjEoMCYGA1UEAwwfc29ja2l0
OiBhIENBIHRoYXQgc2lnbnMgbm90aGluZzBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABAKoVUm1cfghQhw6GTfU10MeI/8J5pck2BAh1oZ6ZR4daAgiDoieRI7NSKba
gujZLHXM7V1k5l2xkM42KWvvRvyjUzBRMB0GA1UdDgQWBBReZkpSmEWP3KD2V6Es
K1TEWgheKTAfBgNVHSMEGDAWgBReZkpSmEWP3KD2V6EsK1TEWgheKTAPBgNVHRMB
Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIFq9V6tHYF3RDX2zmAjTwHtO7LJ/
cQwN0sZtOyjS3MERAiEA5ospOgA2oa3NAhQIiN+JAzNZSrnfNCM+AxQzwkcZIrY=
-----END CERTIFICATE-----`;

/** Where distributions keep their bundle, first match wins (Debian, Fedora, Alpine, macOS). */
const SYSTEM_BUNDLES = [
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/pki/tls/certs/ca-bundle.crt",
  "/etc/ssl/cert.pem",
  "/usr/lib/ssl/cert.pem",
];

/** A file's text, with Python's FileNotFoundError (and friends) when it cannot be read. */
export function readText(path: string): string {
  try {
    return nodeFs().readFileSync(path, "latin1");
  } catch (err) {
    const code = (err as { code?: string }).code ?? "EIO";
    throw errorFor(code, { cause: err });
  }
}

/** The PEM certificates in a text. */
export function pemBlocks(text: string): string[] {
  return text.match(PEM_BLOCK) ?? [];
}

/** load_verify_locations(cafile): a file with at least one certificate. */
export function fromFile(path: string): string[] {
  const blocks = pemBlocks(readText(path));
  if (blocks.length > 0) return blocks;
  const err = new SSLError(
    136,
    "[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found (_ssl.c:4154)",
  );
  err.library = "X509";
  err.reason = "NO_CERTIFICATE_OR_CRL_FOUND";
  throw err;
}

/** load_verify_locations(capath): every certificate in the directory; a missing one is empty. */
export function fromDirectory(path: string): string[] {
  let names: string[];
  try {
    names = nodeFs().readdirSync(path);
  } catch {
    // OpenSSL looks a hashed directory up lazily, so Python accepts one that is not there.
    return [];
  }
  const found = new Set<string>();
  for (const name of names) {
    const file = join(path, name);
    try {
      if (!nodeFs().statSync(file).isFile()) continue;
      for (const block of pemBlocks(nodeFs().readFileSync(file, "latin1"))) found.add(block);
    } catch {}
  }
  return [...found];
}

/** load_verify_locations(cadata): PEM text, or DER bytes of one or more certificates. */
export function fromData(data: string | Uint8Array): string[] {
  if (typeof data === "string") {
    const blocks = pemBlocks(data);
    if (blocks.length > 0) return blocks;
    throw new SSLError(0, "no start line: cadata does not contain a certificate (_ssl.c:4020)");
  }
  try {
    const { X509Certificate } = nodeCrypto();
    return [new X509Certificate(Buffer.from(data)).toString().trim()];
  } catch (err) {
    throw new SSLError(0, "not enough data: cadata does not contain a certificate (_ssl.c:4020)", {
      cause: err,
    });
  }
}

/** load_default_certs(): the store Python's OpenSSL would use on this machine. */
export function systemStore(env = process.env): string[] {
  if (env.SSL_CERT_FILE) return pemBlocks(safeRead(env.SSL_CERT_FILE));
  if (env.SSL_CERT_DIR) return fromDirectory(env.SSL_CERT_DIR);
  for (const bundle of SYSTEM_BUNDLES) {
    const blocks = pemBlocks(safeRead(bundle));
    if (blocks.length > 0) return blocks;
  }
  // No system store (a bare container): Bun's bundled Mozilla roots are the honest fallback.
  return [...nodeTls().rootCertificates];
}

function safeRead(path: string): string {
  try {
    return nodeFs().readFileSync(path, "latin1");
  } catch {
    return "";
  }
}
