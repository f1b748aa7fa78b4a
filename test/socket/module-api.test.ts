/** The module's class, enums and small functions, as Python has them. */
import { expect, test } from "bun:test";
import { openSync } from "node:fs";
import { join } from "node:path";
import * as sockit from "../../src/index.ts";
import {
  AddressFamily,
  AF_INET,
  AF_INET6,
  enumRepr,
  getprotobyname,
  has_ipv6,
  MsgFlag,
  OSError,
  SOCK_DGRAM,
  Socket,
  SocketKind,
  SocketType,
  socket,
} from "../../src/index.ts";
import { connectedPair, tempDir, track } from "../_helpers.ts";
import { runPython } from "../_python.ts";

test("socket is a class called like a function: new, instanceof, subclassing, SocketType", async () => {
  const called = track(socket(AF_INET, SOCK_DGRAM));
  const built = track(new socket(AF_INET6));
  class Tagged extends socket {
    tag = "mine";
  }
  const sub = track(new Tagged());
  expect([called instanceof socket, built instanceof socket, sub instanceof socket]).toEqual([
    true,
    true,
    true,
  ]);
  expect([sub instanceof Socket, sub instanceof Tagged, sub.tag, sub.family]).toEqual([
    true,
    true,
    "mine",
    AF_INET,
  ]);
  expect(SocketType).toBe(Socket);
  expect([called.type, built.family]).toEqual([SOCK_DGRAM, AF_INET6]);
});

test("the enums name values as Python's do, and their members are the plain constants", async () => {
  const python = await runPython(`import socket
print(repr(socket.AddressFamily(10)), repr(socket.SocketKind(2)), repr(socket.MsgFlag(2)))
print(socket.AF_INET + 1, socket.getprotobyname("tcp"), socket.getprotobyname("udp"), socket.has_ipv6)`);
  const sock = track(socket(AF_INET6, SOCK_DGRAM));
  const ours = [
    `${enumRepr(AddressFamily, "AddressFamily", sock.family)} ${enumRepr(SocketKind, "SocketKind", sock.type)} ${enumRepr(MsgFlag, "MsgFlag", 2)}`,
    `${AddressFamily.AF_INET + 1} ${getprotobyname("tcp")} ${getprotobyname("udp")} ${has_ipv6 ? "True" : "False"}`,
  ];
  expect(`${ours.join("\n")}\n`).toBe(python);
  expect(AddressFamily.AF_INET).toBe(AF_INET);
  expect(() => getprotobyname("no-such-protocol")).toThrow(new OSError("protocol not found"));
});

test("the timeout attribute follows settimeout", () => {
  const sock = track(socket());
  expect(sock.timeout).toBeNull();
  sock.settimeout(2.5);
  expect(sock.timeout).toBe(2.5);
  sock.setblocking(false);
  expect(sock.timeout).toBe(0);
});

test("sockets start non-inheritable; set_inheritable changes the descriptor's FD_CLOEXEC", async () => {
  const [client] = await connectedPair();
  expect(client.get_inheritable()).toBe(false);
  client.set_inheritable(true);
  expect(client.get_inheritable()).toBe(true);
  client.set_inheritable(false);
  expect(client.get_inheritable()).toBe(false);
});

test("socket.close(fd) closes a descriptor; a closed one raises EBADF", () => {
  const fd = openSync(join(tempDir(), "f"), "w");
  sockit.close(fd);
  expect(() => sockit.close(fd)).toThrow(new OSError(9, "Bad file descriptor"));
});

test("every option, level, flag and protocol constant has python3's value", async () => {
  const pattern = /^(SO|SOL|SCM|TCP|IP|IPV6|IPPROTO|MSG|SOCK|INADDR|AI|NI|EAI|IPPORT)_/;
  const ours = Object.fromEntries(
    Object.entries(sockit).filter(
      ([name, value]) => pattern.test(name) && typeof value === "number",
    ),
  );
  const python = JSON.parse(
    await runPython(
      `import json, socket, sys
print(json.dumps({n: getattr(socket, n, None) for n in json.loads(sys.argv[1])}))`,
      [JSON.stringify(Object.keys(ours))],
    ),
  );
  expect(Object.keys(ours).length).toBeGreaterThan(150);
  expect(ours).toEqual(python);
});
