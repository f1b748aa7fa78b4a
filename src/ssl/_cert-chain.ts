/**
 * load_cert_chain(): this side's certificate and key, checked as OpenSSL checks them when
 * Python loads them, so a bad file fails at load time with Python's error, not at handshake.
 */
import type { KeyObject, X509Certificate } from "node:crypto";
import { nodeCrypto } from "../socket/_node-modules.ts";
import { pemBlocks, readText } from "./_ca-store.ts";
import { SSLError } from "./errors.ts";

/** A password, or a function returning one, as Python's `password` argument. */
export type Password = string | Uint8Array | (() => string | Uint8Array) | null | undefined;

export interface CertChain {
  /** The PEM chain, leaf first. */
  cert: string;
  /** The key, decrypted, as PKCS#8 PEM. */
  key: string;
  /** The leaf, for fingerprints and getpeercert on the far side. */
  leaf: X509Certificate;
}

/** Python's `[SSL] PEM lib (_ssl.c:3926)`: OpenSSL could not read a PEM file. */
function pemLib(cause?: unknown): SSLError {
  const err = new SSLError(524297, "[SSL] PEM lib (_ssl.c:3926)", { cause });
  err.library = "SSL";
  return err;
}

function passwordText(password: Password): string | undefined {
  const value = typeof password === "function" ? password() : password;
  if (value == null) return undefined;
  return typeof value === "string" ? value : Buffer.from(value).toString("utf8");
}

function readKey(text: string, password: Password): KeyObject {
  try {
    const { createPrivateKey } = nodeCrypto();
    return createPrivateKey({ key: text, format: "pem", passphrase: passwordText(password) });
  } catch (err) {
    throw pemLib(err);
  }
}

/** Reads and checks a chain: certificates present, key readable, key matching the leaf. */
export function loadCertChain(certfile: string, keyfile?: string, password?: Password): CertChain {
  const certText = readText(certfile);
  return chainFromPem(certText, keyfile === undefined ? certText : readText(keyfile), password);
}

/** The same checks on PEM text already in memory (sockit's throwaway certificate). */
export function chainFromPem(certText: string, keyText: string, password?: Password): CertChain {
  const blocks = pemBlocks(certText);
  const first = blocks[0];
  if (first === undefined) throw pemLib();
  const { X509Certificate } = nodeCrypto();
  const leaf = new X509Certificate(first);
  const key = readKey(keyText, password);
  if (!leaf.checkPrivateKey(key)) {
    const err = new SSLError(116, "[X509: KEY_VALUES_MISMATCH] key values mismatch (_ssl.c:3926)");
    err.library = "X509";
    err.reason = "KEY_VALUES_MISMATCH";
    throw err;
  }
  const pem = key.export({ format: "pem", type: "pkcs8" });
  return { cert: blocks.join("\n"), key: String(pem), leaf };
}
