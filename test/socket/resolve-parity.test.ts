/**
 * inet_*, hton*, getservby*, getaddrinfo and getnameinfo against python3 on this machine: the
 * same call must return the same value or raise the same class, errno and message. Every Python
 * expression runs in one python3 process before our side runs. Only loopback addresses and local
 * names are looked up; bytes travel as hex and tuples as lists.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import {
  AF_INET,
  AF_INET6,
  AI_CANONNAME,
  AI_NUMERICHOST,
  AI_PASSIVE,
  getaddrinfo,
  getfqdn,
  gethostbyaddr,
  gethostbyname,
  gethostbyname_ex,
  gethostname,
  getnameinfo,
  getservbyname,
  getservbyport,
  htonl,
  htons,
  IPPROTO_UDP,
  inet_aton,
  inet_ntoa,
  inet_ntop,
  inet_pton,
  NI_DGRAM,
  NI_NUMERICHOST,
  NI_NUMERICSERV,
  ntohl,
  ntohs,
  SOCK_DGRAM,
  SOCK_STREAM,
} from "../../src/index.ts";
import { runPython } from "../_python.ts";

interface Outcome {
  name: string | null;
  errno: number | null;
  message: string | null;
  result: unknown;
}

/** Evaluates each expression with `from socket import *` and prints one Outcome a line. */
const DRIVER = `
import enum, json, sys
from socket import *
def plain(value):
    if isinstance(value, (bytes, bytearray)):
        return {"hex": value.hex()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, enum.IntEnum):
        return int(value)
    return value
for code in json.loads(sys.argv[1]):
    out = {"name": None, "errno": None, "message": None, "result": None}
    try:
        out["result"] = plain(eval(code))
    except Exception as e:
        out.update(name=type(e).__name__, errno=getattr(e, "errno", None), message=str(e))
    print(json.dumps(out))
`;

/** Our value in the driver's terms: bytes as hex. */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return { hex: Buffer.from(value).toString("hex") };
  if (Array.isArray(value)) return value.map(plain);
  return value ?? null;
}

async function outcomeOf(action: () => unknown): Promise<Outcome> {
  try {
    return { name: null, errno: null, message: null, result: plain(await action()) };
  } catch (err) {
    const { name, message, errno } = err as Error & { errno?: number | null };
    return { name, errno: errno ?? null, message, result: null };
  }
}

const packed = (hex: string) => Buffer.from(hex, "hex");
const bad = (value: unknown) => value as never;
const V6_MAPPED = "00000000000000000000ffff01020304";
const V6_ODD = "00010000000200000000000300000000";

type Case = [python: string, ours: () => unknown];

// biome-ignore format: one case a line, Python beside TypeScript, reads as the table it is.
const CASES: Case[] = [
  [`inet_aton('127.1')`, () => inet_aton("127.1")],
  [`inet_aton('1.2.3.4 junk')`, () => inet_aton("1.2.3.4 junk")],
  [`inet_aton('0x7f.1')`, () => inet_aton("0x7f.1")],
  [`inet_aton('017.0.0.1')`, () => inet_aton("017.0.0.1")],
  [`inet_aton('08.0.0.1')`, () => inet_aton("08.0.0.1")],
  [`inet_aton('1.2.3.256')`, () => inet_aton("1.2.3.256")],
  [`inet_aton('')`, () => inet_aton("")],
  [`inet_aton(b'1.2.3.4')`, () => inet_aton(bad(packed("31")))],
  [`inet_ntoa(bytes.fromhex('7f000001'))`, () => inet_ntoa(packed("7f000001"))],
  [`inet_ntoa(bytes.fromhex('7f0000'))`, () => inet_ntoa(packed("7f0000"))],
  [`inet_pton(AF_INET, '1.2.3.4')`, () => inet_pton(AF_INET, "1.2.3.4")],
  [`inet_pton(AF_INET, '127.1')`, () => inet_pton(AF_INET, "127.1")],
  [`inet_pton(AF_INET, '01.2.3.4')`, () => inet_pton(AF_INET, "01.2.3.4")],
  [`inet_pton(AF_INET6, '::ffff:1.2.3.4')`, () => inet_pton(AF_INET6, "::ffff:1.2.3.4")],
  [`inet_pton(AF_INET6, '1:2:3:4:5:6:7::')`, () => inet_pton(AF_INET6, "1:2:3:4:5:6:7::")],
  [`inet_pton(AF_INET6, '1::2::3')`, () => inet_pton(AF_INET6, "1::2::3")],
  [`inet_pton(AF_INET6, '1:2:3:4::5:6:7:8')`, () => inet_pton(AF_INET6, "1:2:3:4::5:6:7:8")],
  [`inet_pton(AF_INET6, 'fe80::1%lo')`, () => inet_pton(AF_INET6, "fe80::1%lo")],
  [`inet_pton(99, '1.2.3.4')`, () => inet_pton(99, "1.2.3.4")],
  [`inet_ntop(AF_INET, bytes.fromhex('01020304'))`, () => inet_ntop(AF_INET, packed("01020304"))],
  [`inet_ntop(AF_INET6, bytes.fromhex('${V6_MAPPED}'))`, () => inet_ntop(AF_INET6, packed(V6_MAPPED))],
  [`inet_ntop(AF_INET6, bytes.fromhex('${V6_ODD}'))`, () => inet_ntop(AF_INET6, packed(V6_ODD))],
  [`inet_ntop(AF_INET6, bytes(15) + b'\\x01')`, () => inet_ntop(AF_INET6, packed(`${"00".repeat(15)}01`))],
  [`inet_ntop(AF_INET6, bytes(14) + b'\\x01\\x00')`, () => inet_ntop(AF_INET6, packed(`${"00".repeat(14)}0100`))],
  [`inet_ntop(AF_INET6, bytes(13) + b'\\x01\\x00\\x00')`, () => inet_ntop(AF_INET6, packed(`${"00".repeat(13)}010000`))],
  [`inet_ntop(AF_INET, bytes(3))`, () => inet_ntop(AF_INET, new Uint8Array(3))],
  [`inet_ntop(99, bytes(4))`, () => inet_ntop(99, new Uint8Array(4))],
  [`htons(1)`, () => htons(1)],
  [`htons(70000)`, () => htons(70000)],
  [`htons(-1)`, () => htons(-1)],
  [`ntohs(70000)`, () => ntohs(70000)],
  [`htons('x')`, () => htons(bad("x"))],
  [`htonl(1)`, () => htonl(1)],
  [`ntohl(0x12345678)`, () => ntohl(0x12345678)],
  [`htonl(2**32)`, () => htonl(2 ** 32)],
  [`htonl(-1)`, () => htonl(-1)],
  [`htonl('x')`, () => htonl(bad("x"))],
  [`getservbyname('http')`, () => getservbyname("http")],
  [`getservbyname('domain', 'udp')`, () => getservbyname("domain", "udp")],
  [`getservbyname('http', 'udp')`, () => getservbyname("http", "udp")],
  [`getservbyname('www')`, () => getservbyname("www")],
  [`getservbyport(80)`, () => getservbyport(80)],
  [`getservbyport(53, 'udp')`, () => getservbyport(53, "udp")],
  [`getservbyport(12345)`, () => getservbyport(12345)],
  [`getservbyport(70000)`, () => getservbyport(70000)],
  [`getaddrinfo('localhost', 'http')`, () => getaddrinfo("localhost", "http")],
  [`getaddrinfo('localhost', 'http', AF_INET, SOCK_DGRAM)`, () => getaddrinfo("localhost", "http", AF_INET, SOCK_DGRAM)],
  [`getaddrinfo('localhost', 80)`, () => getaddrinfo("localhost", 80)],
  [`getaddrinfo('localhost', 70000, 0, SOCK_STREAM)`, () => getaddrinfo("localhost", 70000, 0, SOCK_STREAM)],
  [`getaddrinfo('localhost', -1)`, () => getaddrinfo("localhost", -1)],
  [`getaddrinfo('localhost', ' 80', 0, SOCK_STREAM)`, () => getaddrinfo("localhost", " 80", 0, SOCK_STREAM)],
  [`getaddrinfo('localhost', 'domain')`, () => getaddrinfo("localhost", "domain")],
  [`getaddrinfo('localhost', 'amqp')`, () => getaddrinfo("localhost", "amqp")],
  [`getaddrinfo('localhost', 'nosuchsvc')`, () => getaddrinfo("localhost", "nosuchsvc")],
  [`getaddrinfo('localhost', 80, AF_INET6)`, () => getaddrinfo("localhost", 80, AF_INET6)],
  [`getaddrinfo('localhost', 80, 0, 0, IPPROTO_UDP)`, () => getaddrinfo("localhost", 80, 0, 0, IPPROTO_UDP)],
  [`getaddrinfo('localhost', 80, 0, 0, 0, AI_CANONNAME)`, () => getaddrinfo("localhost", 80, 0, 0, 0, AI_CANONNAME)],
  [`getaddrinfo('localhost', 80, 0, 0, 0, AI_NUMERICHOST)`, () => getaddrinfo("localhost", 80, 0, 0, 0, AI_NUMERICHOST)],
  [`getaddrinfo('localhost', 80, 99)`, () => getaddrinfo("localhost", 80, 99)],
  [`getaddrinfo('localhost', 80, 0, 99)`, () => getaddrinfo("localhost", 80, 0, 99)],
  [`getaddrinfo('localhost', 80, 0, SOCK_STREAM, 17)`, () => getaddrinfo("localhost", 80, 0, SOCK_STREAM, 17)],
  [`getaddrinfo('localhost', 1.5)`, () => getaddrinfo("localhost", bad(1.5))],
  [`getaddrinfo(None, 0)`, () => getaddrinfo(null, 0)],
  [`getaddrinfo(None, 0, flags=AI_PASSIVE)`, () => getaddrinfo(null, 0, 0, 0, 0, AI_PASSIVE)],
  [`getaddrinfo(None, None)`, () => getaddrinfo(null, null)],
  [`getaddrinfo('::1', 80)`, () => getaddrinfo("::1", 80)],
  [`getaddrinfo('127.1', 80, 0, SOCK_STREAM)`, () => getaddrinfo("127.1", 80, 0, SOCK_STREAM)],
  [`getaddrinfo('127.0.0.1', 80, AF_INET6)`, () => getaddrinfo("127.0.0.1", 80, AF_INET6)],
  [`getaddrinfo('fe80::1%lo', 80, 0, SOCK_STREAM)`, () => getaddrinfo("fe80::1%lo", 80, 0, SOCK_STREAM)],
  [`getaddrinfo('nonexistent.invalid', 80)`, () => getaddrinfo("nonexistent.invalid", 80)],
  [`getnameinfo(('127.0.0.1', 80), 0)`, () => getnameinfo(["127.0.0.1", 80], 0)],
  [`getnameinfo(('127.0.0.1', 53), NI_DGRAM)`, () => getnameinfo(["127.0.0.1", 53], NI_DGRAM)],
  [`getnameinfo(('127.0.0.1', 80), NI_NUMERICHOST | NI_NUMERICSERV)`, () => getnameinfo(["127.0.0.1", 80], NI_NUMERICHOST | NI_NUMERICSERV)],
  [`getnameinfo(('127.0.0.1', 12345), 0)`, () => getnameinfo(["127.0.0.1", 12345], 0)],
  [`getnameinfo(('::1', 80), 0)`, () => getnameinfo(["::1", 80], 0)],
  [`getnameinfo(('fe80::1', 80, 0, 1), NI_NUMERICHOST)`, () => getnameinfo(["fe80::1", 80, 0, 1], NI_NUMERICHOST)],
  [`getnameinfo(('127.0.0.1',), 0)`, () => getnameinfo(bad(["127.0.0.1"]), 0)],
  [`getnameinfo(('127.0.0.1', 80, 0, 0), 0)`, () => getnameinfo(["127.0.0.1", 80, 0, 0], 0)],
  [`getnameinfo(('localhost', 80), 0)`, () => getnameinfo(["localhost", 80], 0)],
  [`getnameinfo(('127.0.0.1', -1), 0)`, () => getnameinfo(["127.0.0.1", -1], 0)],
  [`gethostbyname('localhost')`, () => gethostbyname("localhost")],
  [`gethostbyname('::1')`, () => gethostbyname("::1")],
  [`gethostbyname('nonexistent.invalid')`, () => gethostbyname("nonexistent.invalid")],
  [`gethostbyname_ex('localhost')`, () => gethostbyname_ex("localhost")],
  [`gethostbyaddr('127.0.0.1')`, () => gethostbyaddr("127.0.0.1")],
  [`gethostbyaddr('::1')`, () => gethostbyaddr("::1")],
  [`gethostname()`, () => gethostname()],
  [`getfqdn('127.0.0.1')`, () => getfqdn("127.0.0.1")],
  [`getfqdn('nonexistent.invalid')`, () => getfqdn("nonexistent.invalid")],
];

let python: Outcome[] = [];

beforeAll(async () => {
  const stdout = await runPython(DRIVER, [JSON.stringify(CASES.map(([code]) => code))]);
  python = stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Outcome);
});

describe("resolver and inet functions match python3", () => {
  test("python3 ran every case", () => {
    expect(new Set(CASES.map(([code]) => code)).size).toBe(CASES.length);
    expect(python.length).toBe(CASES.length);
  });

  test.each(CASES.map(([code, ours], index) => [code, ours, index] as const))(
    "%s",
    async (_code, ours, index) => {
      expect(await outcomeOf(ours)).toEqual(python[index] as Outcome);
    },
  );
});
