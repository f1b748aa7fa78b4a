/** The Digest response against the worked examples of RFC 2617 (3.5) and RFC 7616 (3.9.1). */
import { describe, expect, test } from "bun:test";
import { digestResponse, digestSupports } from "../../../src/cli/http-auth/digest.ts";

const RFC7616 = {
  user: "Mufasa",
  password: "Circle of Life",
  realm: "http-auth@example.org",
  method: "GET",
  uri: "/dir/index.html",
  nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
  qop: "auth" as const,
  nc: "00000001",
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
};

describe("digestResponse", () => {
  test.each([
    ["MD5 (RFC 7616)", "MD5", "8ca523f5e9506fed4657c9700eebdbec"],
    [
      "SHA-256 (RFC 7616)",
      "SHA-256",
      "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
    ],
    ["no algorithm named: MD5", undefined, "8ca523f5e9506fed4657c9700eebdbec"],
  ])("%s", (_name, algorithm, expected) => {
    expect(digestResponse({ ...RFC7616, algorithm })).toBe(expected);
  });

  test("RFC 2617's example, qop=auth", () => {
    const input = {
      user: "Mufasa",
      password: "Circle Of Life",
      realm: "testrealm@host.com",
      method: "GET",
      uri: "/dir/index.html",
      nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
      qop: "auth" as const,
      nc: "00000001",
      cnonce: "0a4f113b",
    };
    expect(digestResponse(input)).toBe("6629fae49393a05397450978507c4ef1");
  });

  test("algorithms it can and cannot compute", () => {
    for (const name of [undefined, "MD5", "md5-sess", "SHA-256", "SHA-256-sess"])
      expect(digestSupports(name)).toBe(true);
    for (const name of ["SHA-512-256", "SHA-1", ""]) expect(digestSupports(name)).toBe(false);
    expect(() => digestResponse({ ...RFC7616, algorithm: "SHA-512-256" })).toThrow(RangeError);
  });
});
