/** Proxy-Authenticate / Proxy-Authorization values: several challenges in one field, bare schemes, errors. */
import { describe, expect, test } from "bun:test";
import { AuthSyntaxError, parseAuthFields } from "../../../src/cli/http-auth/header.ts";

/** Each scheme as [name, params, token68?], for short expectations. */
function parsed(values: string[]) {
  return parseAuthFields(values).map((s) => [s.scheme, Object.fromEntries(s.params), s.token68]);
}

describe("parseAuthFields", () => {
  test.each([
    [
      "three challenges in one field, one without parameters",
      ['Basic realm="r", NTLM, Digest realm="r", nonce="n", qop="auth,auth-int"'],
      [
        ["Basic", { realm: "r" }, undefined],
        ["NTLM", {}, undefined],
        ["Digest", { realm: "r", nonce: "n", qop: "auth,auth-int" }, undefined],
      ],
    ],
    [
      "one a field, quoted escapes, names in any case, spaces around =",
      ['Basic REALM = "a \\"b\\""', 'Digest nonce=abc,,  opaque="o"'],
      [
        ["Basic", { realm: 'a "b"' }, undefined],
        ["Digest", { nonce: "abc", opaque: "o" }, undefined],
      ],
    ],
    [
      "a token68",
      ["Negotiate YII=, Basic realm=x"],
      [
        ["Negotiate", {}, "YII="],
        ["Basic", { realm: "x" }, undefined],
      ],
    ],
    ["nothing", [""], []],
  ])("%s", (_name, values, expected) => {
    expect(parsed(values)).toEqual(expected as never);
  });

  test.each([
    ['Digest realm="r', "parameter realm has an unterminated quoted string"],
    ["realm=r", "parameter realm before any scheme"],
    ['Digest realm="r" nonce="n"', "expected ',' at 18, found 'n'"],
    ["Digest nonce=n, realm=", "parameter realm has no value"],
    ['Digest "r"', `unexpected '"' at 8`],
  ])("%s is malformed", (value, message) => {
    expect(() => parseAuthFields([value])).toThrow(new AuthSyntaxError(message));
  });
});
