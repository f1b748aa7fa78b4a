/**
 * `--proxy-auth USER:PASS` on the proxy side: which Proxy-Authorization values let a client
 * through, and the 407 challenge for those that do not.
 */
import { headerValues, type RequestHead } from "./request.ts";

/** The realm named in challenges, as ncat names its own. */
export const REALM = "Ncat";

/** True when one of the request's Proxy-Authorization fields carries exactly `credentials`. */
export function authorized(head: RequestHead, credentials: string): boolean {
  return headerValues(head, "Proxy-Authorization").some((value) =>
    basicMatches(value, credentials),
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

/** The header lines a 407 carries. */
export function challengeHeaders(): string[] {
  return [`Proxy-Authenticate: Basic realm="${REALM}"`];
}
