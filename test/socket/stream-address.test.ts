import { describe, test } from "bun:test";
import { AF_INET, AF_INET6, gaierror, OverflowError, type Socket } from "../../src/index.ts";
import { expectRaises, tracked } from "../_helpers.ts";

type Method = "bind" | "connect" | "connect_ex";
type ErrorClass = typeof TypeError | typeof OverflowError | typeof gaierror;

/** `{m}` in a message stands for the method name, as Python prefixes it. */
type Case = [label: string, address: unknown, Class: ErrorClass, message: string, errno?: number];

const INET_CASES: Case[] = [
  ["a str", "127.0.0.1", TypeError, "{m}(): AF_INET address must be tuple, not str"],
  ["None", null, TypeError, "{m}(): AF_INET address must be tuple, not NoneType"],
  ["a 1-tuple", ["127.0.0.1"], TypeError, "AF_INET address must be a pair (host, port)"],
  ["a 3-tuple", ["127.0.0.1", 1, 2], TypeError, "AF_INET address must be a pair (host, port)"],
  ["port 65536", ["127.0.0.1", 65536], OverflowError, "{m}(): port must be 0-65535."],
  ["port -1", ["127.0.0.1", -1], OverflowError, "{m}(): port must be 0-65535."],
  [
    "a str port",
    ["127.0.0.1", "80"],
    TypeError,
    "'str' object cannot be interpreted as an integer",
  ],
  [
    "a float port",
    ["127.0.0.1", 80.5],
    TypeError,
    "'float' object cannot be interpreted as an integer",
  ],
  ["an int host", [127, 80], TypeError, "str, bytes or bytearray expected, not int"],
  [
    "an unknown host",
    ["nonexistent.invalid", 80],
    gaierror,
    "[Errno -2] Name or service not known",
    -2,
  ],
  [
    "an IPv6 literal",
    ["::1", 80],
    gaierror,
    "[Errno -9] Address family for hostname not supported",
    -9,
  ],
];

const AF_INET6_TUPLE = "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])";

const INET6_CASES: Case[] = [
  ["a str", "::1", TypeError, "{m}(): AF_INET6 address must be tuple, not str"],
  ["a 1-tuple", ["::1"], TypeError, AF_INET6_TUPLE],
  ["a 5-tuple", ["::1", 0, 0, 0, 0], TypeError, AF_INET6_TUPLE],
  ["port 70000", ["::1", 70000], OverflowError, "{m}(): port must be 0-65535."],
  ["flowinfo 2**20", ["::1", 0, 1048576, 0], OverflowError, "{m}(): flowinfo must be 0-1048575."],
  ["flowinfo -1", ["::1", 0, -1, 0], OverflowError, "{m}(): flowinfo must be 0-1048575."],
  [
    "an IPv4 literal",
    ["127.0.0.1", 80],
    gaierror,
    "[Errno -9] Address family for hostname not supported",
    -9,
  ],
];

const METHODS: Method[] = ["bind", "connect", "connect_ex"];

/** Every (method, case) pair, so each message is checked with each method's prefix. */
function table(cases: Case[]) {
  return METHODS.flatMap((method) =>
    cases.map(([label, address, Class, message, errno]) => ({
      method,
      label,
      address,
      Class,
      message: message.replace("{m}", method),
      errno,
    })),
  );
}

function call(sock: Socket, method: Method, address: unknown) {
  return sock[method](address as [string, number]);
}

describe("AF_INET address validation", () => {
  test.each(table(INET_CASES))(
    "$method with $label: $Class.name",
    async ({ method, address, Class, message, errno }) => {
      await expectRaises(() => call(tracked(AF_INET), method, address), Class, message, errno);
    },
  );
});

describe("AF_INET6 address validation", () => {
  test.each(table(INET6_CASES))(
    "$method with $label: $Class.name",
    async ({ method, address, Class, message, errno }) => {
      await expectRaises(() => call(tracked(AF_INET6), method, address), Class, message, errno);
    },
  );
});
