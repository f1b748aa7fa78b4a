/**
 * `--proxy-auth USER:PASS` on the proxy side (Basic here, Digest in digest.ts): which
 * Proxy-Authorization values let a client through, and the 407 challenge for the others.
 */
import { digestChallenge, digestMatches } from "./digest.ts";
import { headerValues, type RequestHead } from "./request.ts";

/** The realm named in challenges, as ncat names its own. */
export const REALM = "Ncat";

/** True when a Proxy-Authorization field proves `credentials`, by Basic or by Digest. */
export function authorized(head: RequestHead, credentials: string): boolean {
  return headerValues(head, "Proxy-Authorization").some(
    (value) =>
      basicMatches(value, credentials) || digestMatches(value, head.method, credentials, REALM),
  );
}

/** `Basic TOKEN`, scheme in any case, nothing else on the line, TOKEN = base64(USER:PASS). */
function basicMatches(value: string, credentials: string): boolean {
  const words = value.trim().split(/[ \t]+/);
  if (words.length !== 2 || words[0]?.toLowerCase() !== "basic") return false;
  const token = words[1] as string;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(token) || token.length % 4 !== 0) return false;
  return Buffer.from(token, "base64").toString("latin1") === credentials;
}

/** The header lines a 407 carries: Digest (with a fresh nonce) first, then Basic. */
export function challengeHeaders(): string[] {
  return [
    `Proxy-Authenticate: ${digestChallenge(REALM)}`,
    `Proxy-Authenticate: Basic realm="${REALM}"`,
  ];
}
