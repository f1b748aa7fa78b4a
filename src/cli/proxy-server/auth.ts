/**
 * `--proxy-auth USER:PASS` on the proxy side (Basic here, Digest in digest.ts): which
 * Proxy-Authorization values let a client through, and the 407 challenge for the others.
 */
import { type DigestVerdict, digestChallenge, digestVerdict } from "./digest.ts";
import { headerValues, type RequestHead } from "./request.ts";

/** The realm named in challenges, as ncat names its own. */
export const REALM = "Ncat";

/**
 * "ok" when a Proxy-Authorization field proves `credentials`, by Basic or by Digest; "stale"
 * when one would but for its expired Digest nonce; else "no".
 */
export function authorized(head: RequestHead, credentials: string): DigestVerdict {
  let verdict: DigestVerdict = "no";
  for (const value of headerValues(head, "Proxy-Authorization")) {
    if (basicMatches(value, credentials)) return "ok";
    const digest = digestVerdict(value, head.method, credentials, REALM);
    if (digest === "ok") return "ok";
    if (digest === "stale") verdict = "stale";
  }
  return verdict;
}

/** `Basic TOKEN`, scheme in any case, nothing else on the line, TOKEN = base64(USER:PASS). */
function basicMatches(value: string, credentials: string): boolean {
  const words = value.trim().split(/[ \t]+/);
  if (words.length !== 2 || words[0]?.toLowerCase() !== "basic") return false;
  const token = words[1] as string;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(token) || token.length % 4 !== 0) return false;
  return Buffer.from(token, "base64").toString("latin1") === credentials;
}

/** The header lines a 407 carries: Digest (with a fresh nonce, maybe `stale`), then Basic. */
export function challengeHeaders(stale = false): string[] {
  return [
    `Proxy-Authenticate: ${digestChallenge(REALM, stale)}`,
    `Proxy-Authenticate: Basic realm="${REALM}"`,
  ];
}
