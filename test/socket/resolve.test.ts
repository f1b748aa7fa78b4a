/**
 * getaddrinfo and the other resolver functions: exact results and Python's error class, errno
 * and message. Only loopback and local names are looked up (localhost from /etc/hosts, literals,
 * nonexistent.invalid); services come from Debian's /etc/services. Expected values are python3's.
 */
import { describe, expect, test } from "bun:test";
import { hostname } from "node:os";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  AI_CANONNAME,
  AI_NUMERICHOST,
  AI_NUMERICSERV,
  AI_PASSIVE,
  AI_V4MAPPED,
  gaierror,
  getaddrinfo,
  getfqdn,
  gethostbyaddr,
  gethostbyname,
  gethostbyname_ex,
  gethostname,
  getnameinfo,
  getservbyname,
  getservbyport,
  herror,
  IPPROTO_UDP,
  NI_DGRAM,
  NI_NAMEREQD,
  NI_NUMERICHOST,
  NI_NUMERICSERV,
  OSError,
  OverflowError,
  SOCK_DGRAM,
  SOCK_STREAM,
} from "../../src/index.ts";
import { loadServices, parseServices } from "../../src/socket/names/_services.ts";

type Failure = Error & { errno?: number | null };
type ErrorClass = new (...args: never[]) => Error;

/** The error a call throws or rejects with; fails the test if it succeeds. */
async function thrown(action: () => unknown): Promise<Failure> {
  try {
    await action();
  } catch (err) {
    return err as Failure;
  }
  throw new Error("expected the call to fail");
}

/**
 * Checks class and message; an OSError's errno must be the `[Errno N]` of its message, or null
 * when there is none, as in Python.
 */
function expectFailure(err: Failure, Class: ErrorClass, message: string): void {
  expect(err).toBeInstanceOf(Class);
  expect(err.message).toBe(message);
  const errno = /^\[Errno (-?\d+)\]/.exec(message)?.[1];
  if (err instanceof OSError) expect(err.errno).toBe(errno === undefined ? null : Number(errno));
}

/** gai_strerror() texts, for gaierror messages. */
const GAI: Readonly<Record<number, string>> = {
  [-1]: "[Errno -1] Bad value for ai_flags",
  [-2]: "[Errno -2] Name or service not known",
  [-6]: "[Errno -6] ai_family not supported",
  [-7]: "[Errno -7] ai_socktype not supported",
  [-8]: "[Errno -8] Servname not supported for ai_socktype",
  [-9]: "[Errno -9] Address family for hostname not supported",
};

const UNKNOWN = "nonexistent.invalid";
const NOT_INT = "'str' object cannot be interpreted as an integer";
const INT_TOO_BIG = "signed integer is greater than maximum";
const LONG_TOO_BIG = "Python int too large to convert to C long";
const NOT_STR = (func: string) => `${func}() argument 1 must be str, not int`;
const NOT_HOST = (func: string) => `${func}() argument 1 must be str, bytes or bytearray, not int`;

/** A value of the wrong type, passed where TypeScript would refuse it. */
const bad = <T = never>(value: unknown) => value as T;
const v4 = (port: number) => ["127.0.0.1", port];
const v6 = (host: string, port: number, scope = 0) => [host, port, 0, scope];
/** The tcp, udp, raw triple getaddrinfo gives per address when no type is asked for. */
const allKinds = (family: number, sockaddr: unknown[]) => [
  [family, 1, 6, "", sockaddr],
  [family, 2, 17, "", sockaddr],
  [family, 3, 0, "", sockaddr],
];

describe("getaddrinfo", () => {
  type Args = Parameters<typeof getaddrinfo>;
  test.each<[string, Args, unknown[]]>([
    ["a service name", ["localhost", "http"], [[2, 1, 6, "", v4(80)]]],
    ["a numeric port", ["localhost", 80], allKinds(AF_INET, v4(80))],
    ["a port above 65535 wraps", ["localhost", 70000, 0, SOCK_STREAM], [[2, 1, 6, "", v4(4464)]]],
    ["no port", ["localhost", null, 0, SOCK_STREAM], [[2, 1, 6, "", v4(0)]]],
    ["a numeric string", ["localhost", "80", 0, SOCK_STREAM], [[2, 1, 6, "", v4(80)]]],
    ["strtoul's leading space", ["localhost", " 80", 0, SOCK_STREAM], [[2, 1, 6, "", v4(80)]]],
    ["a 32-bit wrap to 0", ["localhost", "4294967296", 0, SOCK_STREAM], [[2, 1, 6, "", v4(0)]]],
    ["'*' as no service", ["localhost", "*", 0, SOCK_STREAM], [[2, 1, 6, "", v4(0)]]],
    ["an alias", ["localhost", "www", 0, SOCK_STREAM], [[2, 1, 6, "", v4(80)]]],
    [
      "a tcp+udp service",
      ["localhost", "domain"],
      [
        [2, 1, 6, "", v4(53)],
        [2, 2, 17, "", v4(53)],
      ],
    ],
    ["a udp service on DGRAM", ["localhost", "domain", 0, SOCK_DGRAM], [[2, 2, 17, "", v4(53)]]],
    ["a protocol alone", ["localhost", 80, 0, 0, IPPROTO_UDP], [[2, 2, 17, "", v4(80)]]],
    [
      "no host: loopback, IPv6 first",
      [null, 0],
      [...allKinds(AF_INET6, v6("::1", 0)), ...allKinds(AF_INET, v4(0))],
    ],
    [
      "no host, passive, IPv4",
      [null, 80, AF_INET, SOCK_STREAM, 0, AI_PASSIVE],
      [[2, 1, 6, "", ["0.0.0.0", 80]]],
    ],
    [
      "no host, passive, IPv6",
      [null, 80, AF_INET6, SOCK_STREAM, 0, AI_PASSIVE],
      [[10, 1, 6, "", v6("::", 80)]],
    ],
    ["an IPv6 literal", ["::1", 80, 0, SOCK_STREAM], [[10, 1, 6, "", v6("::1", 80)]]],
    ["an inet_aton literal", ["127.1", 80, 0, SOCK_STREAM], [[2, 1, 6, "", v4(80)]]],
    ["a non-canonical IPv6", ["0:0::1", 80, 0, SOCK_STREAM], [[10, 1, 6, "", v6("::1", 80)]]],
    ["a numeric scope", ["fe80::1%7", 80, 0, SOCK_STREAM], [[10, 1, 6, "", v6("fe80::1", 80, 7)]]],
    [
      "AI_CANONNAME on the first entry",
      ["localhost", 80, 0, 0, 0, AI_CANONNAME],
      [
        [2, 1, 6, "localhost", v4(80)],
        [2, 2, 17, "", v4(80)],
        [2, 3, 0, "", v4(80)],
      ],
    ],
    [
      "AI_V4MAPPED",
      ["127.0.0.1", 80, AF_INET6, SOCK_STREAM, 0, AI_V4MAPPED],
      [[10, 1, 6, "", v6("::ffff:127.0.0.1", 80)]],
    ],
    [
      "a v4-mapped literal on AF_INET",
      ["::ffff:127.0.0.1", 80, AF_INET, 1],
      [[2, 1, 6, "", v4(80)]],
    ],
  ])("%s", async (_name, args, expected) => {
    expect(await getaddrinfo(...args)).toEqual(expected as never);
  });

  test.each<[string, Args, number]>([
    ["a tcp-only service on DGRAM", ["localhost", "http", AF_INET, SOCK_DGRAM], -8],
    ["an unknown service", ["localhost", "nosuchsvc"], -8],
    ["a negative port", ["localhost", -1], -8],
    ["a hex port", ["localhost", "0x50"], -8],
    ["a port on SOCK_RAW", ["localhost", 80, 0, 3], -8],
    ["an unknown type", ["localhost", 80, 0, 99], -7],
    ["udp on SOCK_STREAM", ["localhost", 80, 0, SOCK_STREAM, 17], -7],
    ["family 99", ["localhost", 80, 99], -6],
    ["AF_UNIX", ["localhost", 80, AF_UNIX], -6],
    ["'::1' on AF_INET", ["::1", 80, AF_INET], -9],
    ["'127.0.0.1' on AF_INET6", ["127.0.0.1", 80, AF_INET6], -9],
    ["a name with AI_NUMERICHOST", ["localhost", 80, 0, 0, 0, AI_NUMERICHOST], -2],
    ["a name with AI_NUMERICSERV", ["localhost", "http", 0, 0, 0, AI_NUMERICSERV], -2],
    ["an unknown host", [UNKNOWN, 80], -2],
    ["an empty host", ["", 80], -2],
    ["an unknown scope", ["fe80::1%nosuchif", 80], -2],
    ["neither host nor port", [null, null], -2],
    ["AI_CANONNAME with no host", [null, 80, 0, 0, 0, AI_CANONNAME], -1],
    ["an unknown flag", ["localhost", 80, 0, 0, 0, 0x10000], -1],
  ])("%s: gaierror", async (_name, args, errno) => {
    expectFailure(await thrown(() => getaddrinfo(...args)), gaierror, GAI[errno] as string);
  });

  test.each<[string, unknown[], ErrorClass, string]>([
    ["an int host", [5, 80], TypeError, "getaddrinfo() argument 1 must be string or None"],
    ["a float port", ["localhost", 1.5], OSError, "Int or String expected"],
    ["a bool port", ["localhost", true], OSError, "Int or String expected"],
    ["a str family", ["localhost", 80, "x"], TypeError, NOT_INT],
    ["a family over C int", ["localhost", 80, 2 ** 40], OverflowError, INT_TOO_BIG],
    ["a port over C long", ["localhost", 2 ** 63], OverflowError, LONG_TOO_BIG],
  ])("%s: Python's argument error", async (_name, args, Class, message) => {
    expectFailure(await thrown(() => getaddrinfo(...(args as Args))), Class, message);
  });
});

describe("gethostbyname, gethostbyname_ex, gethostbyaddr", () => {
  test.each([
    ["localhost", "127.0.0.1"],
    ["", "0.0.0.0"],
    ["<broadcast>", "255.255.255.255"],
    ["127.1", "127.0.0.1"],
    ["::ffff:1.2.3.4", "1.2.3.4"],
  ])("gethostbyname(%p) = %p", async (host, address) => {
    expect(await gethostbyname(host)).toBe(address);
  });

  test.each([
    ["localhost", ["localhost", [], ["127.0.0.1"]]],
    ["127.1", ["127.1", [], ["127.0.0.1"]]],
  ])("gethostbyname_ex(%p)", async (host, entry) => {
    expect(await gethostbyname_ex(host)).toEqual(entry as never);
  });

  test.each([
    ["localhost", ["localhost", [], ["127.0.0.1"]]],
    ["127.0.0.1", ["localhost", [], ["127.0.0.1"]]],
  ])("gethostbyaddr(%p)", async (host, entry) => {
    expect(await gethostbyaddr(host)).toEqual(entry as never);
  });

  const UNKNOWN_HOST = "[Errno 1] Unknown host";
  test.each<[string, () => Promise<unknown>, ErrorClass, string]>([
    ["gethostbyname('::1')", () => gethostbyname("::1"), gaierror, GAI[-9] as string],
    ["gethostbyname(unknown)", () => gethostbyname(UNKNOWN), gaierror, GAI[-2] as string],
    ["gethostbyname(5)", () => gethostbyname(bad(5)), TypeError, NOT_HOST("gethostbyname")],
    ["gethostbyname_ex('')", () => gethostbyname_ex(""), herror, "[Errno 3] Unknown server error"],
    ["gethostbyname_ex('0x7f.1')", () => gethostbyname_ex("0x7f.1"), herror, UNKNOWN_HOST],
    ["gethostbyname_ex(unknown)", () => gethostbyname_ex(UNKNOWN), gaierror, GAI[-2] as string],
    [
      "gethostbyaddr('')",
      () => gethostbyaddr(""),
      OSError,
      "wildcard resolved to multiple address",
    ],
    ["gethostbyaddr(v4-mapped)", () => gethostbyaddr("::ffff:127.0.0.1"), herror, UNKNOWN_HOST],
    ["gethostbyaddr(unknown)", () => gethostbyaddr(UNKNOWN), gaierror, GAI[-2] as string],
    ["gethostbyaddr(5)", () => gethostbyaddr(bad(5)), TypeError, NOT_HOST("gethostbyaddr")],
  ])("%s raises", async (_name, call, Class, message) => {
    expectFailure(await thrown(call), Class, message);
  });

  test("gethostbyaddr of an address with no name is herror", async () => {
    // A hosts-file miss; with DNS unreachable the resolver's "try again" (errno 2) is also herror.
    const err = await thrown(() => gethostbyaddr("192.0.2.1"));
    expect(err).toBeInstanceOf(herror);
    expect([1, 2]).toContain(err.errno as number);
    if (err.errno === 1) expect(err.message).toBe(UNKNOWN_HOST);
  });
});

describe("getnameinfo", () => {
  type Sockaddr = Parameters<typeof getnameinfo>[0];
  test.each<[Sockaddr, number, [string, string]]>([
    [["127.0.0.1", 80], 0, ["localhost", "http"]],
    [["127.0.0.1", 53], NI_DGRAM, ["localhost", "domain"]],
    [["127.0.0.1", 69], NI_DGRAM, ["localhost", "tftp"]],
    [["127.0.0.1", 69], 0, ["localhost", "69"]],
    [["127.0.0.1", 80], NI_NUMERICHOST, ["127.0.0.1", "http"]],
    [["127.0.0.1", 80], NI_NUMERICSERV, ["localhost", "80"]],
    [["127.0.0.1", 80], NI_NAMEREQD, ["localhost", "http"]],
    [["127.0.0.1", 12345], 0, ["localhost", "12345"]],
    [["127.0.0.1", 70000], 0, ["localhost", "4464"]],
    [["127.1", 80], 0, ["localhost", "http"]],
    [["::1", 80], NI_NUMERICHOST, ["::1", "http"]],
    [["::1", 80, 0, 1], NI_NUMERICHOST, ["::1%1", "http"]],
    [["::ffff:127.0.0.1", 80], 0, ["::ffff:127.0.0.1", "http"]],
  ])("getnameinfo(%p, %p) = %p", async (sockaddr, flags, expected) => {
    expect(await getnameinfo(sockaddr, flags)).toEqual(expected);
  });

  const ILLEGAL = "getnameinfo(): illegal sockaddr argument";
  const FLOWINFO = "getnameinfo(): flowinfo must be 0-1048575.";
  test.each<[string, unknown, number, ErrorClass, string]>([
    ["a 1-tuple", ["127.0.0.1"], 0, TypeError, ILLEGAL],
    ["a 5-tuple", ["127.0.0.1", 80, 0, 0, 0], 0, TypeError, ILLEGAL],
    ["an int host", [5, 80], 0, TypeError, ILLEGAL],
    ["a str", "x", 0, TypeError, "getnameinfo() argument 1 must be a tuple"],
    ["a str port", ["127.0.0.1", "80"], 0, TypeError, NOT_INT],
    ["a port over C int", ["127.0.0.1", 2 ** 31], 0, OverflowError, INT_TOO_BIG],
    ["a big flowinfo", ["::1", 80, 1 << 20, 0], 0, OverflowError, FLOWINFO],
    ["an IPv4 4-tuple", ["127.0.0.1", 80, 0, 0], 0, OSError, "IPv4 sockaddr must be 2 tuple"],
    ["a host name", ["localhost", 80], 0, gaierror, GAI[-2] as string],
    ["a negative port", ["127.0.0.1", -1], 0, gaierror, GAI[-8] as string],
    ["an unknown flag", ["127.0.0.1", 80], 1024, gaierror, GAI[-1] as string],
    ["NI_NAMEREQD without a name", ["::1", 80], NI_NAMEREQD, gaierror, GAI[-2] as string],
  ])("%s raises", async (_name, sockaddr, flags, Class, message) => {
    expectFailure(await thrown(() => getnameinfo(bad(sockaddr), flags)), Class, message);
  });
});

describe("gethostname, getfqdn", () => {
  test("gethostname is the OS host name", () => {
    expect(gethostname()).toBe(hostname());
  });

  test.each([
    ["127.0.0.1", "localhost"],
    ["  localhost ", "localhost"],
    [UNKNOWN, UNKNOWN],
  ])("getfqdn(%p) = %p", async (name, fqdn) => {
    expect(await getfqdn(name)).toBe(fqdn);
  });
});

describe("getservbyname, getservbyport", () => {
  test.each<[string, string | undefined, number]>([
    ["http", undefined, 80],
    ["http", "tcp", 80],
    ["www", undefined, 80],
    ["domain", "udp", 53],
    ["ssh", undefined, 22],
  ])("getservbyname(%p, %p) = %p", (name, proto, port) => {
    expect(getservbyname(name, proto)).toBe(port);
  });

  test.each<[number, string | undefined, string]>([
    [80, undefined, "http"],
    [80, "tcp", "http"],
    [53, "udp", "domain"],
    [22, undefined, "ssh"],
  ])("getservbyport(%p, %p) = %p", (port, proto, name) => {
    expect(getservbyport(port, proto)).toBe(name);
  });

  const NO_SERVICE = "service/proto not found";
  const NO_PORT = "port/proto not found";
  const PORT_RANGE = "getservbyport: port must be 0-65535.";
  test.each<[string, () => unknown, ErrorClass, string]>([
    ["http/udp", () => getservbyname("http", "udp"), OSError, NO_SERVICE],
    ["an unknown name", () => getservbyname("nosuch"), OSError, NO_SERVICE],
    ["names are case-sensitive", () => getservbyname("HTTP"), OSError, NO_SERVICE],
    ["an int name", () => getservbyname(bad(5)), TypeError, NOT_STR("getservbyname")],
    ["80/udp", () => getservbyport(80, "udp"), OSError, NO_PORT],
    ["an unlisted port", () => getservbyport(12345), OSError, NO_PORT],
    ["port 70000", () => getservbyport(70000), OverflowError, PORT_RANGE],
    ["port -1", () => getservbyport(-1), OverflowError, PORT_RANGE],
    ["a port over C int", () => getservbyport(2 ** 40), OverflowError, INT_TOO_BIG],
    ["a str port", () => getservbyport(bad("80")), TypeError, NOT_INT],
  ])("%s raises", async (_name, call, Class, message) => {
    expectFailure(await thrown(call), Class, message);
  });

  test("services(5) lines parse into name, port, protocol and aliases", () => {
    const text = "# comment\nhttp\t80/tcp\twww  # web\n\nbad line\nntp 123/udp\nbig 70000/tcp\n";
    expect(parseServices(text)).toEqual([
      { name: "http", port: 80, proto: "tcp", aliases: ["www"] },
      { name: "ntp", port: 123, proto: "udp", aliases: [] },
    ]);
  });

  test("without /etc/services the built-in table has the common services", () => {
    const builtin = loadServices("/nonexistent-sockit/services");
    const find = (name: string, proto: string) =>
      builtin.find((entry) => entry.name === name && entry.proto === proto)?.port;
    expect(find("http", "tcp")).toBe(80);
    expect(find("https", "tcp")).toBe(443);
    expect(find("ssh", "tcp")).toBe(22);
    expect([find("domain", "tcp"), find("domain", "udp")]).toEqual([53, 53]);
    expect(builtin.length).toBeGreaterThanOrEqual(20);
  });
});
