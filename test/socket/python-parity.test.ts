/**
 * The same mistake made on a CPython socket and on ours must raise the same thing: class name,
 * errno and message (or return the same value). All Python snippets run in one python3 process
 * before the cases run ours. JS arrays stand for Python tuples, so the Python side passes tuples.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  type InetAddress,
  SHUT_RDWR,
  SO_REUSEADDR,
  SOL_SOCKET,
  socket,
} from "../../src/index.ts";
import { listener, tracked } from "../_helpers.ts";
import { type Outcome, outcomeOf, pythonOutcomes } from "../_python.ts";

// Our side of the driver's helpers (see _python.ts); every socket is closed after its test.
const S = (family = AF_INET) => tracked(family);
const S6 = () => S(AF_INET6);
const SU = () => S(AF_UNIX);
const closed = (family = AF_INET) => {
  const s = S(family);
  s.close();
  return s;
};
/** A port nothing listens on: each side binds port 0, reads the port, closes. */
const closedPort = async () => {
  const s = S();
  await s.bind(["127.0.0.1", 0]);
  const [, port] = s.getsockname() as InetAddress;
  s.close();
  return port;
};
const listening = async () => (await listener()).getsockname() as InetAddress;
/** A value of the wrong type, passed where TypeScript would refuse it. */
const bad = (value: unknown) => value as never;
const pyStr = (text: string) => JSON.stringify(text);
// sun_path is 108 bytes: a path needs 107 + NUL at most. The directory does not exist.
const pathOf = (bytes: number) => `/nonexistent-sockit/${"a".repeat(bytes - 20)}`;
const LONG = `/tmp/${"a".repeat(120)}`;

type Case = [name: string, python: string, ours: () => unknown];

// biome-ignore format: one case a line, Python beside TypeScript, reads as the table it is.
const CASES: Case[] = [
  // Address validation.
  ["bind str, AF_INET", `S().bind("x")`, () => S().bind(bad("x"))],
  ["bind str, AF_INET6", `S6().bind("x")`, () => S6().bind(bad("x"))],
  ["connect 3-tuple", `S().connect(("127.0.0.1", 1, 2))`, () => S().connect(bad(["127.0.0.1", 1, 2]))],
  ["connect_ex 1-tuple, AF_INET6", `S6().connect_ex(("::1",))`, () => S6().connect_ex(bad(["::1"]))],
  ["bind port 70000", `S().bind(("127.0.0.1", 70000))`, () => S().bind(["127.0.0.1", 70000])],
  ["connect port -1", `S().connect(("127.0.0.1", -1))`, () => S().connect(["127.0.0.1", -1])],
  ["connect_ex port 70000", `S().connect_ex(("", 70000))`, () => S().connect_ex(["", 70000])],
  ["port as str", `S().bind(("127.0.0.1", "80"))`, () => S().bind(bad(["127.0.0.1", "80"]))],
  ["port as float", `S().bind(("127.0.0.1", 1.5))`, () => S().bind(["127.0.0.1", 1.5])],
  ["port None", `S().bind(("127.0.0.1", None))`, () => S().bind(bad(["127.0.0.1", null]))],
  ["host as int", `S().bind((1, 0))`, () => S().bind(bad([1, 0]))],
  ["host with NUL", `S().bind(("127.0.0.1\\0", 0))`, () => S().bind(["127.0.0.1\0", 0])],
  ["flowinfo 2**20", `S6().bind(("::1", 0, 1 << 20, 0))`, () => S6().bind(["::1", 0, 2 ** 20, 0])],
  ["flowinfo -1", `S6().bind(("::1", 0, -1, 0))`, () => S6().bind(["::1", 0, -1, 0])],
  ["flowinfo float, then port", `S6().bind(("::1", 70000, 1.5))`, () => S6().bind(["::1", 70000, 1.5])],
  ["scope_id 2**32 wraps", `S6().bind(("::1", 0, 0, 2**32))`, () => S6().bind(["::1", 0, 0, 2 ** 32])],
  ["'::1' on AF_INET", `S().bind(("::1", 0))`, () => S().bind(["::1", 0])],
  ["IPv4 on AF_INET6", `S6().connect(("127.0.0.1", 1))`, () => S6().connect(["127.0.0.1", 1])],
  ["unresolvable", `S().connect(("nonexistent.invalid", 80))`, () => S().connect(["nonexistent.invalid", 80])],
  ["AF_UNIX path too long", `SU().bind(${pyStr(LONG)})`, () => SU().bind(LONG)],
  ["AF_UNIX path 108 bytes", `SU().bind(${pyStr(pathOf(108))})`, () => SU().bind(pathOf(108))],
  ["AF_UNIX path 107 bytes", `SU().bind(${pyStr(pathOf(107))})`, () => SU().bind(pathOf(107))],
  ["AF_UNIX int address", `SU().connect(5)`, () => SU().connect(bad(5))],
  ["AF_UNIX tuple address", `SU().bind(("a", 1))`, () => SU().bind(bad(["a", 1]))],
  ["AF_UNIX missing path", `SU().connect(${pyStr(pathOf(40))})`, () => SU().connect(pathOf(40))],
  // Argument checks.
  ["send(str)", `S().send("x")`, () => S().send(bad("x"))],
  ["sendall(str)", `S().sendall("x")`, () => S().sendall(bad("x"))],
  ["recv(-1)", `S().recv(-1)`, () => S().recv(-1)],
  ["recv(str)", `S().recv("x")`, () => S().recv(bad("x"))],
  ["recvfrom(-1)", `S().recvfrom(-1)`, () => S().recvfrom(-1)],
  ["recv_into too small", `S().recv_into(bytearray(4), 8)`, () => S().recv_into(new Uint8Array(4), 8)],
  ["recv_into(buf, -1)", `S().recv_into(bytearray(4), -1)`, () => S().recv_into(new Uint8Array(4), -1)],
  ["recvfrom_into nbytes", `S().recvfrom_into(bytearray(8), 1024)`, () => S().recvfrom_into(new Uint8Array(8), 1024)],
  ["settimeout(-1)", `S().settimeout(-1)`, () => S().settimeout(-1)],
  ["settimeout(NaN)", `S().settimeout(float("nan"))`, () => S().settimeout(Number.NaN)],
  ["settimeout(str)", `S().settimeout("1")`, () => S().settimeout(bad("1"))],
  ["settimeout(inf)", `S().settimeout(float("inf"))`, () => S().settimeout(Number.POSITIVE_INFINITY)],
  ["settimeout(-1e300)", `S().settimeout(-1e300)`, () => S().settimeout(-1e300)],
  ["settimeout(10**10)", `S().settimeout(10**10)`, () => S().settimeout(1e10)],
  ["settimeout(9.21e9)", `s = S(); s.settimeout(9.21e9); result = s.gettimeout()`, () => {
    const s = S();
    s.settimeout(9.21e9);
    return s.gettimeout();
  }],
  ["settimeout(True)", `s = S(); s.settimeout(True); result = s.gettimeout()`, () => {
    const s = S();
    s.settimeout(bad(true));
    return s.gettimeout();
  }],
  ["listen(str)", `S().listen("x")`, () => S().listen(bad("x"))],
  ["socket(99)", `socket.socket(99)`, () => socket(99)],
  ["socket(AF_INET, 99)", `socket.socket(socket.AF_INET, 99)`, () => socket(AF_INET, 99)],
  // A closed socket.
  ["closed: recv", `closed().recv(1)`, () => closed().recv(1)],
  ["closed: send", `closed().send(b"x")`, () => closed().send(new Uint8Array(1))],
  ["closed: bind", `closed().bind(("127.0.0.1", 0))`, () => closed().bind(["127.0.0.1", 0])],
  ["closed: connect", `closed().connect(("127.0.0.1", 1))`, () => closed().connect(["127.0.0.1", 1])],
  ["closed: getsockname", `closed().getsockname()`, () => closed().getsockname()],
  ["closed: getpeername", `closed().getpeername()`, () => closed().getpeername()],
  ["closed: listen", `closed().listen()`, () => closed().listen()],
  ["closed: accept", `closed().accept()`, () => closed().accept()],
  ["closed: shutdown", `closed().shutdown(socket.SHUT_RDWR)`, () => closed().shutdown(SHUT_RDWR)],
  ["closed: getsockopt", `closed().getsockopt(1, 2)`, () => closed().getsockopt(SOL_SOCKET, 2)],
  ["closed: settimeout", `closed().settimeout(1)`, () => closed().settimeout(1)],
  ["closed: settimeout(-1)", `closed().settimeout(-1)`, () => closed().settimeout(-1)],
  ["closed: setblocking", `closed().setblocking(False)`, () => closed().setblocking(false)],
  ["closed: gettimeout", `result = closed().gettimeout()`, () => closed().gettimeout()],
  ["closed: fileno", `result = closed().fileno()`, () => closed().fileno()],
  ["closed AF_UNIX: bind", `closed(socket.AF_UNIX).bind("x")`, () => closed(AF_UNIX).bind("x")],
  // Wrong state.
  ["unconnected: send", `S().send(b"x")`, () => S().send(new Uint8Array(1))],
  ["unconnected: sendall", `S().sendall(b"x")`, () => S().sendall(new Uint8Array(1))],
  ["unconnected: recv", `S().recv(1)`, () => S().recv(1)],
  ["unconnected: getpeername", `S().getpeername()`, () => S().getpeername()],
  ["unconnected: shutdown", `S().shutdown(socket.SHUT_RDWR)`, () => S().shutdown(SHUT_RDWR)],
  ["shutdown(5)", `S().shutdown(5)`, () => S().shutdown(5)],
  ["accept before listen", `s = S(); s.bind(("127.0.0.1", 0)); s.accept()`, async () => {
    const s = S();
    await s.bind(["127.0.0.1", 0]);
    return s.accept();
  }],
  ["getsockopt unknown", `S().getsockopt(socket.SOL_SOCKET, 999)`, () => S().getsockopt(1, 999)],
  ["setsockopt unknown", `S().setsockopt(socket.SOL_SOCKET, 999, 1)`, () => S().setsockopt(1, 999, 1)],
  ["setsockopt then getsockopt", `s = S(); s.setsockopt(1, 2, 5); result = s.getsockopt(1, 2)`, () => {
    const s = S();
    s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 5);
    return s.getsockopt(SOL_SOCKET, SO_REUSEADDR);
  }],
  ["connect, closed port", `S().connect(("127.0.0.1", closed_port()))`, async () => {
    return S().connect(["127.0.0.1", await closedPort()]);
  }],
  ["connect_ex, closed port", `result = S().connect_ex(("127.0.0.1", closed_port()))`, async () => {
    return S().connect_ex(["127.0.0.1", await closedPort()]);
  }],
  ["bind a port in use", `S().bind(listening().getsockname())`, async () => {
    return S().bind(await listening());
  }],
  ["bind twice", `s = S(); s.bind(("127.0.0.1", 0)); s.bind(("127.0.0.1", 0))`, async () => {
    const s = S();
    await s.bind(["127.0.0.1", 0]);
    await s.bind(["127.0.0.1", 0]);
  }],
  ["connect twice", `s = S(); a = listening().getsockname(); s.connect(a); s.connect(a)`, async () => {
    const s = S();
    const address = await listening();
    await s.connect(address);
    await s.connect(address);
  }],
  ["connect a listener", `s = listening(); s.connect(s.getsockname())`, async () => {
    const s = await listener();
    await s.connect(s.getsockname() as InetAddress);
  }],
];

let python: Outcome[] = [];

beforeAll(async () => {
  python = await pythonOutcomes(CASES.map(([, code]) => code));
});

describe("errors match python3", () => {
  test("python3 ran every case", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(CASES.map(([name]) => name)).size).toBe(CASES.length);
    expect(python.length).toBe(CASES.length);
  });

  test.each(CASES.map((c, index) => [...c, index] as const))(
    "%s",
    async (_name, _code, ours, index) => {
      expect(await outcomeOf(ours)).toEqual(python[index] as Outcome);
    },
  );
});
