/**
 * HTTP Digest proxy authentication (RFC 7616 with MD5, qop=auth or none, the RFC 2069 form).
 * Nonces carry their own proof: the issue time and an HMAC of it under a key made at start-up,
 * so the proxy keeps no table and a nonce from another run, or over ten minutes old, is refused.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";

const KEY = randomBytes(32);
const NONCE_LIFETIME_MS = 10 * 60 * 1000;

function md5(text: string): string {
  return createHash("md5").update(text, "latin1").digest("hex");
}

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

/** `k=v, k="quoted, with commas"` parameters of a Digest credentials value. */
export function digestParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/g;
  for (const match of text.matchAll(pattern)) {
    const quoted = match[2]?.replace(/\\(.)/g, "$1");
    params.set((match[1] as string).toLowerCase(), quoted ?? match[3] ?? "");
  }
  return params;
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
  const scheme = /^\s*digest\s+/i.exec(value);
  if (!scheme) return false;
  const p = digestParams(value.slice(scheme[0].length));
  const colon = credentials.indexOf(":");
  const user = credentials.slice(0, colon);
  const pass = credentials.slice(colon + 1);
  const [username, nonce, uri, response] = ["username", "nonce", "uri", "response"].map((k) =>
    p.get(k),
  );
  if (username !== user || p.get("realm") !== realm || !nonce || !uri || !response) return false;
  const algorithm = p.get("algorithm");
  if (algorithm !== undefined && algorithm.toUpperCase() !== "MD5") return false;
  if (!nonceValid(nonce)) return false;
  const ha1 = md5(`${user}:${realm}:${pass}`);
  const ha2 = md5(`${method}:${uri}`);
  const qop = p.get("qop");
  let expected: string;
  if (qop === undefined) expected = md5(`${ha1}:${nonce}:${ha2}`);
  else {
    const nc = p.get("nc");
    const cnonce = p.get("cnonce");
    if (qop !== "auth" || !nc || !cnonce) return false;
    expected = md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
  }
  return expected === response.toLowerCase();
}
