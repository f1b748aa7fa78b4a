/**
 * Argument conversions at C's limits, the same on a CPython socket and ours: the OverflowError
 * and TypeError wording of each PyArg format ("i" for flags and option names, Py_ssize_t for
 * sizes, C int for socket() and shutdown(), C long for setblocking), setsockopt's bytes-like
 * fallback and getsockopt's buflen range. Python runs all snippets in one process first.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { AF_INET, inet_ntop, inet_pton, SOCK_DGRAM, socket, socketpair } from "../../src/index.ts";
import { tracked } from "../_helpers.ts";
import { type Outcome, outcomeOf, pythonOutcomes } from "../_python.ts";

const S = () => tracked();
const U = () => tracked(AF_INET, SOCK_DGRAM);
const bad = (value: unknown) => value as never;
const buf = () => new Uint8Array(4);
const UDP = "socket.socket(socket.AF_INET, socket.SOCK_DGRAM)";
const HERE = ["127.0.0.1", 9] as [string, number];

type Case = [name: string, python: string, ours: () => unknown];

// biome-ignore format: one case a line, Python beside TypeScript, reads as the table it is.
const CASES: Case[] = [
  // setsockopt: an int that fits a C int, else a bytes-like object.
  ["setsockopt str", `S().setsockopt(1, 2, "x")`, () => S().setsockopt(1, 2, bad("x"))],
  ["setsockopt float", `S().setsockopt(1, 2, 1.5)`, () => S().setsockopt(1, 2, 1.5)],
  ["setsockopt None", `S().setsockopt(1, 2, None)`, () => S().setsockopt(1, 2, bad(null))],
  ["setsockopt tuple", `S().setsockopt(1, 2, (1,))`, () => S().setsockopt(1, 2, bad([1]))],
  ["setsockopt 2**31", `S().setsockopt(1, 2, 2**31)`, () => S().setsockopt(1, 2, 2 ** 31)],
  ["setsockopt -2**31-1", `S().setsockopt(1, 2, -2**31-1)`, () => S().setsockopt(1, 2, -(2 ** 31) - 1)],
  ["setsockopt 2**31-1", `s = S(); s.setsockopt(1, 2, 2**31-1); result = s.getsockopt(1, 2)`, () => {
    const s = S();
    s.setsockopt(1, 2, 2 ** 31 - 1);
    return s.getsockopt(1, 2);
  }],
  ["setsockopt level str", `S().setsockopt("x", 2, 1)`, () => S().setsockopt(bad("x"), 2, 1)],
  ["setsockopt level 2**31", `S().setsockopt(2**31, 2, 1)`, () => S().setsockopt(2 ** 31, 2, 1)],
  ["setsockopt optname 2**40", `S().setsockopt(1, 2**40, 1)`, () => S().setsockopt(1, 2 ** 40, 1)],
  ["setsockopt optname -2**31-1", `S().setsockopt(1, -2**31-1, 1)`, () => S().setsockopt(1, -(2 ** 31) - 1, 1)],
  // getsockopt: buflen 0 is the int form; otherwise 1-1024.
  ["getsockopt buflen 0", `result = S().getsockopt(1, 2, 0)`, () => S().getsockopt(1, 2, 0)],
  ["getsockopt buflen -1", `S().getsockopt(1, 2, -1)`, () => S().getsockopt(1, 2, -1)],
  ["getsockopt buflen 1025", `S().getsockopt(1, 2, 1025)`, () => S().getsockopt(1, 2, 1025)],
  ["getsockopt buflen 2**31", `S().getsockopt(1, 2, 2**31)`, () => S().getsockopt(1, 2, 2 ** 31)],
  ["getsockopt buflen str", `S().getsockopt(1, 2, "x")`, () => S().getsockopt(1, 2, bad("x"))],
  ["getsockopt level 2**31", `S().getsockopt(2**31, 2)`, () => S().getsockopt(2 ** 31, 2)],
  // Sizes are Py_ssize_t.
  ["recv(2**63)", `S().recv(2**63)`, () => S().recv(2 ** 63)],
  ["recv(2**64)", `S().recv(2**64)`, () => S().recv(2 ** 64)],
  ["recv(-2**63-1)", `S().recv(-2**63-1)`, () => S().recv(bad(-(2n ** 63n) - 1n))],
  ["recv(-2**63)", `S().recv(-2**63)`, () => S().recv(-(2 ** 63))],
  ["recvfrom(2**63)", `S().recvfrom(2**63)`, () => S().recvfrom(2 ** 63)],
  ["recv_into nbytes 2**63", `S().recv_into(bytearray(4), 2**63)`, () => S().recv_into(buf(), 2 ** 63)],
  ["recvfrom_into nbytes 2**63", `S().recvfrom_into(bytearray(4), 2**63)`, () => S().recvfrom_into(buf(), 2 ** 63)],
  // Flags are a C int.
  ["recv flags 2**31", `S().recv(1, 2**31)`, () => S().recv(1, 2 ** 31)],
  ["recv flags -2**31-1", `S().recv(1, -2**31-1)`, () => S().recv(1, -(2 ** 31) - 1)],
  ["recvfrom flags 2**31", `S().recvfrom(1, 2**31)`, () => S().recvfrom(1, 2 ** 31)],
  ["recv_into flags 2**31", `S().recv_into(bytearray(4), 0, 2**31)`, () => S().recv_into(buf(), 0, 2 ** 31)],
  ["recvfrom_into flags 2**31", `S().recvfrom_into(bytearray(4), 0, 2**31)`, () => S().recvfrom_into(buf(), 0, 2 ** 31)],
  ["send flags 2**31", `S().send(b"x", 2**31)`, () => S().send(buf(), 2 ** 31)],
  ["sendall flags 2**31", `S().sendall(b"x", 2**31)`, () => S().sendall(buf(), 2 ** 31)],
  ["send flags str", `S().send(b"x", "x")`, () => S().send(buf(), bad("x"))],
  ["sendto flags 2**31", `${UDP}.sendto(b"x", 2**31, ("127.0.0.1", 9))`, () => U().sendto(buf(), 2 ** 31, HERE)],
  ["sendto str, bad flags", `${UDP}.sendto("x", 2**31, ("127.0.0.1", 9))`, () => U().sendto(bad("x"), 2 ** 31, HERE)],
  // listen's backlog is "i"; shutdown's how and socket()'s numbers are a C int.
  ["listen(2**31)", `S().listen(2**31)`, () => S().listen(2 ** 31)],
  ["listen(-2**31-1)", `S().listen(-2**31-1)`, () => S().listen(-(2 ** 31) - 1)],
  ["listen(1.5)", `S().listen(1.5)`, () => S().listen(1.5)],
  ["shutdown(2**31)", `S().shutdown(2**31)`, () => S().shutdown(2 ** 31)],
  ["shutdown(-2**31-1)", `S().shutdown(-2**31-1)`, () => S().shutdown(-(2 ** 31) - 1)],
  ["shutdown(str)", `S().shutdown("x")`, () => S().shutdown(bad("x"))],
  ["socket(2**31)", `socket.socket(2**31)`, () => socket(2 ** 31)],
  ["socket(AF_INET, 2**31)", `socket.socket(2, 2**31)`, () => socket(2, 2 ** 31)],
  ["socket(AF_INET, 1, 2**31)", `socket.socket(2, 1, 2**31)`, () => socket(2, 1, 2 ** 31)],
  ["socket(str)", `socket.socket("x")`, () => socket(bad("x"))],
  ["socket(1.5)", `socket.socket(1.5)`, () => socket(1.5)],
  ["socket(AF_INET, str)", `socket.socket(2, "x")`, () => socket(2, bad("x"))],
  ["socketpair(2**31)", `socket.socketpair(2**31)`, () => socketpair(2 ** 31)],
  ["socketpair(str)", `socket.socketpair("x")`, () => socketpair(bad("x"))],
  ["socketpair(AF_UNIX, 1, 2**31)", `socket.socketpair(1, 1, 2**31)`, () => socketpair(1, 1, 2 ** 31)],
  ["inet_ntop(2**31, ...)", `socket.inet_ntop(2**31, b"")`, () => inet_ntop(2 ** 31, buf())],
  ["inet_pton(2**31, ...)", `socket.inet_pton(2**31, "x")`, () => inet_pton(2 ** 31, "x")],
  // setblocking takes any C long, and nothing but an int.
  ["setblocking(str)", `S().setblocking("x")`, () => S().setblocking(bad("x"))],
  ["setblocking(None)", `S().setblocking(None)`, () => S().setblocking(bad(null))],
  ["setblocking(1.5)", `S().setblocking(1.5)`, () => S().setblocking(bad(1.5))],
  ["setblocking(2**63)", `S().setblocking(2**63)`, () => S().setblocking(bad(2 ** 63))],
  ["setblocking(2**62)", `s = S(); s.setblocking(2**62); result = s.gettimeout()`, () => {
    const s = S();
    s.setblocking(bad(2 ** 62));
    return s.gettimeout();
  }],
  ["setblocking(0)", `s = S(); s.setblocking(0); result = s.gettimeout()`, () => {
    const s = S();
    s.setblocking(bad(0));
    return s.gettimeout();
  }],
];

let python: Outcome[] = [];

beforeAll(async () => {
  python = await pythonOutcomes(CASES.map(([, code]) => code));
});

describe("argument limits match python3", () => {
  test("python3 ran every case", () => {
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
