/**
 * HTTP Digest proxy authentication (RFC 7616 with MD5, qop=auth or none, the RFC 2069 form);
 * the hashing and the field grammar are http-auth's, shared with the proxy client.
 * Nonces carry their own proof: the issue time and an HMAC of it under a key made at start-up,
 * so the proxy keeps no table and a nonce from another run, or over ten minutes old, is refused.
 */
import { createHmac, randomBytes } from "node:crypto";
import { digestResponse } from "../http-auth/digest.ts";
import { type AuthScheme, parseAuthFields } from "../http-auth/header.ts";

const KEY = randomBytes(32);
const NONCE_LIFETIME_MS = 10 * 60 * 1000;

function sign(time: string): string {
  return createHmac("sha256", KEY).update(time).digest("hex").slice(0, 32);
}

/** A fresh nonce: `TIME-HMAC(TIME)`. */
export function newNonce(now = Date.now()): string {
  const time = now.toString(16);
  return `${time}-${sign(time)}`;
}

function nonceValid(nonce: string, now = Date.now()): boolean {
  const [time, mac, ...extra] = nonce.split("-");
  if (!time || !mac || extra.length > 0 || sign(time) !== mac) return false;
  const age = now - Number.parseInt(time, 16);
  return age >= 0 && age <= NONCE_LIFETIME_MS;
}

/** `Digest realm="R", nonce="N", qop="auth"` as a challenge line's value. */
export function digestChallenge(realm: string): string {
  return `Digest realm="${realm}", nonce="${newNonce()}", qop="auth", algorithm=MD5`;
}

/**
 * True when `value` (a Proxy-Authorization field) is `Digest ...` credentials for `user`:`pass`
 * in `realm`, computed for this `method`, with a nonce this proxy issued.
 */
export function digestMatches(
  value: string,
  method: string,
  credentials: string,
  realm: string,
): boolean {
  let parsed: AuthScheme[];
  try {
    parsed = parseAuthFields([value]);
  } catch {
    return false;
  }
  const [scheme, ...extra] = parsed;
  if (!scheme || extra.length > 0 || scheme.scheme.toLowerCase() !== "digest") return false;
  const p = scheme.params;
  const colon = credentials.indexOf(":");
  const user = credentials.slice(0, colon);
  const password = credentials.slice(colon + 1);
  const [username, nonce, uri, response] = ["username", "nonce", "uri", "response"].map((k) =>
    p.get(k),
  );
  if (username !== user || p.get("realm") !== realm || !nonce || !uri || !response) return false;
  const algorithm = p.get("algorithm");
  if (algorithm !== undefined && algorithm.toUpperCase() !== "MD5") return false;
  if (!nonceValid(nonce)) return false;
  const qop = p.get("qop");
  const nc = p.get("nc");
  const cnonce = p.get("cnonce");
  if (qop !== undefined && (qop !== "auth" || !nc || !cnonce)) return false;
  const input = { user, password, realm, method, uri, nonce };
  const expected = digestResponse(qop === undefined ? input : { ...input, qop, nc, cnonce });
  return expected === response.toLowerCase();
}
