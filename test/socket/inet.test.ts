/**
 * inet_aton / inet_ntoa / inet_pton / inet_ntop and the byte-order swaps: exact bytes and text,
 * and Python's error class, errno and message for every bad input. Expected values were taken
 * from python3 on Linux; the swaps assume a little-endian host, as x86-64 and arm64 are.
 */
import { describe, expect, test } from "bun:test";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  htonl,
  htons,
  inet_aton,
  inet_ntoa,
  inet_ntop,
  inet_pton,
  ntohl,
  ntohs,
  OSError,
  OverflowError,
  ValueError,
} from "../../src/index.ts";

/** The error a call throws; fails the test if it returns. */
function thrown(action: () => unknown): Error & { errno?: number | null } {
  try {
    action();
  } catch (err) {
    return err as Error & { errno?: number | null };
  }
  throw new Error("expected the call to throw");
}

type ErrorClass = new (...args: never[]) => Error;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const bytes = (text: string) => Buffer.from(text, "hex");
/** A value of the wrong type, passed where TypeScript would refuse it. */
const bad = <T = never>(value: unknown) => value as T;

describe("inet_aton", () => {
  test.each([
    ["127.1", "7f000001"],
    ["1.2.3.4", "01020304"],
    ["1.2.3.4 junk", "01020304"],
    ["1.2.3.4\tjunk", "01020304"],
    ["1.2.3.4\n", "01020304"],
    ["1", "00000001"],
    ["0", "00000000"],
    ["0x7f000001", "7f000001"],
    ["017.0.0.1", "0f000001"],
    ["0XFF.0.0.1", "ff000001"],
    ["1.2.65535", "0102ffff"],
    ["1.16777215", "01ffffff"],
    ["4294967295", "ffffffff"],
    ["00000000000000000001", "00000001"],
    ["0x00000000000000000001", "00000001"],
  ])("%p packs to %s", (text, packed) => {
    const result = inet_aton(text);
    expect(result).toBeInstanceOf(Buffer);
    expect(hex(result)).toBe(packed);
  });

  test.each([
    "",
    " 1.2.3.4",
    "1.2.3.4x",
    "08.0.0.1",
    "0x.0.0.1",
    "1.2.3.256",
    "1.2.65536",
    "1.16777216",
    "4294967296",
    "99999999999999999999",
    "1.2.3.4.5",
    "1..2",
    "1.2.3.",
    ".1.2.3",
    "0x100.0.0.1",
    "+1.2.3.4",
    "-1",
    "１.2.3.4",
    "1.2.3.4\u00a0",
  ])("%p is illegal", (text) => {
    const err = thrown(() => inet_aton(text));
    expect(err).toBeInstanceOf(OSError);
    expect(err.errno).toBeNull();
    expect(err.message).toBe("illegal IP address string passed to inet_aton");
  });

  test.each([
    [new Uint8Array(4), TypeError, "inet_aton() argument 1 must be str, not bytes"],
    [5, TypeError, "inet_aton() argument 1 must be str, not int"],
    ["1.2.3.4\0", ValueError, "embedded null character"],
  ])("inet_aton(%p) raises Python's argument error", (value, Class, message) => {
    const err = thrown(() => inet_aton(bad(value)));
    expect(err).toBeInstanceOf(Class);
    expect(err.message).toBe(message);
  });
});

describe("inet_ntoa", () => {
  test.each([
    ["7f000001", "127.0.0.1"],
    ["ffffffff", "255.255.255.255"],
    ["00000000", "0.0.0.0"],
  ])("%s formats as %p", (packed, text) => {
    expect(inet_ntoa(bytes(packed))).toBe(text);
  });

  test.each(["", "7f0000", "7f00000100"])("%p has the wrong length", (packed) => {
    const err = thrown(() => inet_ntoa(bytes(packed)));
    expect(err).toBeInstanceOf(OSError);
    expect(err.errno).toBeNull();
    expect(err.message).toBe("packed IP wrong length for inet_ntoa");
  });

  test("a str is not bytes-like", () => {
    const err = thrown(() => inet_ntoa(bad("abcd")));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe("a bytes-like object is required, not 'str'");
  });
});

describe("inet_pton", () => {
  test.each([
    [AF_INET, "1.2.3.4", "01020304"],
    [AF_INET, "0.0.0.0", "00000000"],
    [AF_INET, "255.255.255.255", "ffffffff"],
    [AF_INET6, "::", "00000000000000000000000000000000"],
    [AF_INET6, "::1", "00000000000000000000000000000001"],
    [AF_INET6, "::ffff:1.2.3.4", "00000000000000000000ffff01020304"],
    [AF_INET6, "::1.2.3.4", "00000000000000000000000001020304"],
    [AF_INET6, "1::2:3:4:5:6:7", "00010000000200030004000500060007"],
    [AF_INET6, "1:2:3:4:5:6:7:8", "00010002000300040005000600070008"],
    [AF_INET6, "1:2:3:4:5:6:7::", "00010002000300040005000600070000"],
    [AF_INET6, "::1:2:3:4:5:6:7", "00000001000200030004000500060007"],
    [AF_INET6, "0001::", "00010000000000000000000000000000"],
    [AF_INET6, "FFFF::abCD", "ffff000000000000000000000000abcd"],
    [AF_INET6, "1:2:3:4:5:6:1.2.3.4", "00010002000300040005000601020304"],
    [AF_INET6, "1:2:3:4:5::1.2.3.4", "00010002000300040005000001020304"],
  ])("family %p: %p packs to %s", (family, text, packed) => {
    const result = inet_pton(family, text);
    expect(result).toBeInstanceOf(Buffer);
    expect(hex(result)).toBe(packed);
  });

  test.each([
    [AF_INET, "127.1"],
    [AF_INET, "01.2.3.4"],
    [AF_INET, "00.0.0.0"],
    [AF_INET, "1.2.3.4 "],
    [AF_INET, "256.1.1.1"],
    [AF_INET, "1.2.3"],
    [AF_INET, "1.2.3.0x1"],
    [AF_INET, ""],
    [AF_INET, "::1"],
    [AF_INET6, "1:2:3:4:5:6:7:8:9"],
    [AF_INET6, "1:2:3:4:5:6:7::8"],
    [AF_INET6, "1:2:3:4::5:6:7:8"],
    [AF_INET6, "1:2:3:4:5:6::1.2.3.4"],
    [AF_INET6, "1:2:3:4:5:6:7:1.2.3.4"],
    [AF_INET6, "1::2::3"],
    [AF_INET6, ":1::2"],
    [AF_INET6, "1::2:"],
    [AF_INET6, "1:2:3:4:5:6:7:8:"],
    [AF_INET6, "12345::"],
    [AF_INET6, "00001::"],
    [AF_INET6, "::1.2.3"],
    [AF_INET6, "::01.2.3.4"],
    [AF_INET6, "1.2.3.4::"],
    [AF_INET6, "::1.2.3.4:5"],
    [AF_INET6, "fe80::1%lo"],
    [AF_INET6, "[::1]"],
    [AF_INET6, " ::1"],
    [AF_INET6, ""],
    [AF_INET6, ":"],
    [AF_INET6, ":::"],
    [AF_INET6, "g::"],
    [AF_INET6, "1.2.3.4"],
  ])("family %p: %p is illegal", (family, text) => {
    const err = thrown(() => inet_pton(family, text));
    expect(err).toBeInstanceOf(OSError);
    expect(err.errno).toBeNull();
    expect(err.message).toBe("illegal IP address string passed to inet_pton");
  });

  test.each([99, AF_UNIX])("family %p is not supported: errno 97", (family) => {
    const err = thrown(() => inet_pton(family, "1.2.3.4"));
    expect(err).toBeInstanceOf(OSError);
    expect(err.errno).toBe(97);
    expect(err.message).toBe("[Errno 97] Address family not supported by protocol");
  });

  test.each([
    [AF_INET, 5, "inet_pton() argument 2 must be str, not int"],
    ["x", "1.2.3.4", "'str' object cannot be interpreted as an integer"],
  ])("inet_pton(%p, %p) raises TypeError", (family, text, message) => {
    const err = thrown(() => inet_pton(bad(family), bad(text)));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe(message);
  });
});

describe("inet_ntop", () => {
  test.each([
    [AF_INET, "01020304", "1.2.3.4"],
    [AF_INET6, "00000000000000000000000000000001", "::1"],
    [AF_INET6, "00000000000000000000000000000000", "::"],
    [AF_INET6, "00000000000000000000ffff01020304", "::ffff:1.2.3.4"],
    [AF_INET6, "00000000000000000000000001020304", "::1.2.3.4"],
    [AF_INET6, "00000000000000000000000000000100", "::100"],
    [AF_INET6, "00000000000000000000000000010000", "::0.1.0.0"],
    [AF_INET6, "00000000000000000000000101020304", "::1:102:304"],
    [AF_INET6, "00000000000000000000fffe01020304", "::fffe:102:304"],
    [AF_INET6, "0000000000000000ffff000001020304", "::ffff:0:102:304"],
    [AF_INET6, "00010000000200000000000300000000", "1:0:2::3:0:0"],
    [AF_INET6, "00010000000000020000000000030004", "1::2:0:0:3:4"],
    [AF_INET6, "00010000000200030004000500060007", "1:0:2:3:4:5:6:7"],
    [AF_INET6, "fe800000000000000000000000000001", "fe80::1"],
    [AF_INET6, "00000001000000000000000000000000", "0:1::"],
    [AF_INET6, "abcdabcdabcdabcdabcdabcdabcdabcd", "abcd:abcd:abcd:abcd:abcd:abcd:abcd:abcd"],
  ])("family %p: %s formats as %p", (family, packed, text) => {
    expect(inet_ntop(family, bytes(packed))).toBe(text);
  });

  test.each([
    [AF_INET, "010203"],
    [AF_INET, "00000000000000000000000000000001"],
    [AF_INET6, "01020304"],
    [AF_INET6, "000000000000000000000000000000"],
  ])("family %p: %s has the wrong length", (family, packed) => {
    const err = thrown(() => inet_ntop(family, bytes(packed)));
    expect(err).toBeInstanceOf(ValueError);
    expect(err.message).toBe("invalid length of packed IP address string");
  });

  test.each([99, AF_UNIX])("family %p is unknown", (family) => {
    const err = thrown(() => inet_ntop(family, new Uint8Array(4)));
    expect(err).toBeInstanceOf(ValueError);
    expect(err.message).toBe(`unknown address family ${family}`);
  });

  test.each(["::1", "fe80::1", "::ffff:10.0.0.1", "2001:db8::8:800:200c:417a"])(
    "%p survives inet_pton then inet_ntop",
    (text) => {
      expect(inet_ntop(AF_INET6, inet_pton(AF_INET6, text))).toBe(text);
    },
  );
});

describe("byte order", () => {
  const SWAPS: Record<string, (x: number) => number> = { htons, ntohs, htonl, ntohl };

  test.each<[string, unknown, number]>([
    ["htons", 1, 256],
    ["htons", 0x1234, 0x3412],
    ["htons", 65535, 65535],
    ["ntohs", 256, 1],
    ["htonl", 1, 16777216],
    ["htonl", 0x12345678, 0x78563412],
    ["htonl", 2 ** 32 - 1, 2 ** 32 - 1],
    ["ntohl", 16777216, 1],
    ["htons", true, 256],
    ["htonl", 2n ** 24n, 1],
  ])("%s(%p) = %p", (name, value, expected) => {
    expect(SWAPS[name]?.(bad(value))).toBe(expected);
  });

  const tooBig16 = (name: string) =>
    `${name}: Python int too large to convert to C 16-bit unsigned integer`;
  const negative16 = (name: string) =>
    `${name}: can't convert negative Python int to C 16-bit unsigned integer`;
  test.each<[string, unknown, ErrorClass, string]>([
    ["htons", 70000, OverflowError, tooBig16("htons")],
    ["htons", -1, OverflowError, negative16("htons")],
    ["ntohs", 70000, OverflowError, tooBig16("ntohs")],
    ["ntohs", -1, OverflowError, negative16("ntohs")],
    ["htons", 2n ** 64n, OverflowError, "Python int too large to convert to C long"],
    ["htons", "x", TypeError, "'str' object cannot be interpreted as an integer"],
    ["htons", 1.5, TypeError, "'float' object cannot be interpreted as an integer"],
    ["htons", null, TypeError, "'NoneType' object cannot be interpreted as an integer"],
    ["htonl", 2 ** 32, OverflowError, "int larger than 32 bits"],
    ["htonl", -1, OverflowError, "can't convert negative value to unsigned int"],
    ["ntohl", 2 ** 32, OverflowError, "int larger than 32 bits"],
    ["ntohl", -1, OverflowError, "can't convert negative value to unsigned int"],
    ["htonl", 2n ** 64n, OverflowError, "Python int too large to convert to C unsigned long"],
    ["htonl", "x", TypeError, "expected int, str found"],
    ["htonl", 1.5, TypeError, "expected int, float found"],
  ])("%s(%p) raises %p", (name, value, Class, message) => {
    const err = thrown(() => SWAPS[name]?.(bad(value)));
    expect(err).toBeInstanceOf(Class);
    expect(err.message).toBe(message);
  });
});
