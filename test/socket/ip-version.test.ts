/**
 * ipVersion, the library's stand-in for node:net's isIP (the ssl module uses it so that
 * importing sockit does not load node:net): the same answer as isIP for literals, names,
 * scoped IPv6 and near-misses.
 */
import { describe, expect, test } from "bun:test";
import { isIP } from "node:net";
import { ipVersion } from "../../src/socket/names/_ip-text.ts";

const CASES = [
  "127.0.0.1",
  "0.0.0.0",
  "255.255.255.255",
  "256.0.0.1",
  "1.2.3",
  "1.2.3.4.5",
  "01.2.3.4",
  "1.2.3.4 ",
  "::1",
  "::",
  "fe80::1%eth0",
  "fe80::1%1",
  "fe80::1%",
  "%eth0",
  "2001:db8::1:2:3:4:5",
  "2001:db8:0:0:0:0:0:1",
  "::ffff:192.0.2.1",
  "1::2::3",
  "[::1]",
  "localhost",
  "example.com",
  "",
];

describe("ipVersion", () => {
  for (const text of CASES) {
    test(`${JSON.stringify(text)} as node:net's isIP says`, () => {
      expect(ipVersion(text)).toBe(isIP(text) as 0 | 4 | 6);
    });
  }
});
