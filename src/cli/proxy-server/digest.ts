/**
 * HTTP Digest proxy authentication (RFC 7616 with MD5, qop=auth or none, the RFC 2069 form);
 * the hashing and the field grammar are http-auth's, shared with the proxy client.
 * Nonces carry their own proof: the issue time and an HMAC of it under a key made at start-up,
 * so the proxy keeps no table and a nonce from another run, or over ten minutes old, is refused.
 * A right answer to a nonce of ours that has only expired is "stale": the 407 then says
 * `stale=true` (RFC 7616 3.3), and a client answers the new nonce without asking for the login.
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

/** What a client's login proves: "ok" it is right, "stale" right but on an expired nonce, "no". */
export type DigestVerdict = "ok" | "stale" | "no";

/** "ok" for a nonce of ours under ten minutes old, "stale" past that, "no" if not ours. */
function nonceState(nonce: string, now = Date.now()): DigestVerdict {
  const [time, mac, ...extra] = nonce.split("-");
  if (!time || !mac || extra.length > 0 || sign(time) !== mac) return "no";
  const age = now - Number.parseInt(time, 16);
  if (age < 0) return "no";
  return age <= NONCE_LIFETIME_MS ? "ok" : "stale";
}

/** `Digest realm="R", nonce="N", qop="auth"` as a challenge line's value, `stale=true` if asked. */
export function digestChallenge(realm: string, stale = false): string {
  const flag = stale ? ", stale=true" : "";
  return `Digest realm="${realm}", nonce="${newNonce()}", qop="auth", algorithm=MD5${flag}`;
}

/**
 * Whether `value` (a Proxy-Authorization field) is `Digest ...` credentials for `user`:`pass`
 * in `realm`, computed for this `method`, with a nonce this proxy issued: "ok", "stale" when
 * all is right but the nonce has expired, else "no".
 *
 * @example
 * digestVerdict('Digest username="u", realm="Ncat", ...', "CONNECT", "u:pw", "Ncat"); // "ok"
 */
export function digestVerdict(
  value: string,
  method: string,
  credentials: string,
  realm: string,
): DigestVerdict {
  let parsed: AuthScheme[];
  try {
    parsed = parseAuthFields([value]);
  } catch {
    return "no";
  }
  const [scheme, ...extra] = parsed;
  if (!scheme || extra.length > 0 || scheme.scheme.toLowerCase() !== "digest") return "no";
  const p = scheme.params;
  const colon = credentials.indexOf(":");
  const user = credentials.slice(0, colon);
  const password = credentials.slice(colon + 1);
  const [username, nonce, uri, response] = ["username", "nonce", "uri", "response"].map((k) =>
    p.get(k),
  );
  if (username !== user || p.get("realm") !== realm || !nonce || !uri || !response) return "no";
  const algorithm = p.get("algorithm");
  if (algorithm !== undefined && algorithm.toUpperCase() !== "MD5") return "no";
  const state = nonceState(nonce);
  if (state === "no") return "no";
  const qop = p.get("qop");
  const nc = p.get("nc");
  const cnonce = p.get("cnonce");
  if (qop !== undefined && (qop !== "auth" || !nc || !cnonce)) return "no";
  const input = { user, password, realm, method, uri, nonce };
  const expected = digestResponse(qop === undefined ? input : { ...input, qop, nc, cnonce });
  // Only a right answer may hear "stale": a wrong one must not learn that the nonce expired first.
  return expected === response.toLowerCase() ? state : "no";
}
