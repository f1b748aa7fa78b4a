/** The proxy server's Digest check: a right answer, a wrong one, and one to an expired nonce. */
import { describe, expect, test } from "bun:test";
import { digestResponse } from "../../../src/cli/http-auth/digest.ts";
import { challengeHeaders } from "../../../src/cli/proxy-server/auth.ts";
import {
  type DigestVerdict,
  digestVerdict,
  newNonce,
} from "../../../src/cli/proxy-server/digest.ts";

const MINUTE = 60 * 1000;

/** A Proxy-Authorization value answering `nonce` with `password`, as a client computes it. */
function answer(nonce: string, password: string): string {
  const input = {
    user: "u",
    password,
    realm: "Ncat",
    method: "CONNECT",
    uri: "example.org:443",
    nonce,
    qop: "auth" as const,
    nc: "00000001",
    cnonce: "0123456789abcdef",
  };
  const response = digestResponse(input);
  return `Digest username="u", realm="Ncat", nonce="${nonce}", uri="example.org:443", qop=auth, cnonce="0123456789abcdef", nc=00000001, response="${response}"`;
}

const CASES: [string, number, string, DigestVerdict][] = [
  ["a fresh nonce, the right password", 0, "pw", "ok"],
  ["a nonce nine minutes old, the right password", 9, "pw", "ok"],
  ["a nonce eleven minutes old, the right password: stale", 11, "pw", "stale"],
  ["a nonce eleven minutes old, a wrong password: no, not stale", 11, "nope", "no"],
  ["a fresh nonce, a wrong password", 0, "nope", "no"],
];

describe("digestVerdict", () => {
  test.each(CASES)("%s", (_name, minutesOld, password, verdict) => {
    const nonce = newNonce(Date.now() - minutesOld * MINUTE);
    expect(digestVerdict(answer(nonce, password), "CONNECT", "u:pw", "Ncat")).toBe(verdict);
  });

  test("a nonce this proxy did not sign is no, however old", () => {
    const forged = `${(Date.now() - 11 * MINUTE).toString(16)}-${"0".repeat(32)}`;
    expect(digestVerdict(answer(forged, "pw"), "CONNECT", "u:pw", "Ncat")).toBe("no");
  });

  test("the 407 after a stale nonce says stale=true; others do not", () => {
    expect(challengeHeaders(true)[0]).toEndWith(", stale=true");
    expect(challengeHeaders()[0]).not.toContain("stale");
  });
});
