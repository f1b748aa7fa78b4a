/**
 * Our UDP sockets against python3, both ways (a python3 echo server for our client, our server
 * for a python3 client), and the same UDP mistakes made on both sides raising the same class,
 * errno and message. A python3 server binds port 0 and announces its port on stdout's first
 * line; nothing probes it. One datagram is in flight at a time, so loopback never drops one.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import {
  AF_INET,
  AF_INET6,
  type InetAddress,
  SHUT_RDWR,
  SO_BROADCAST,
  SO_TYPE,
  SOCK_DGRAM,
  SOL_SOCKET,
} from "../../src/index.ts";
import { tracked } from "../_helpers.ts";
import { type Outcome, outcomeOf, pythonOutcomes, withPython } from "../_python.ts";

/** argv: family name, host, count. Echoes `count` datagrams to their senders, then reports. */
const PY_ECHO_SERVER = `
import json, socket, sys
family, host, count = getattr(socket, sys.argv[1]), sys.argv[2], int(sys.argv[3])
with socket.socket(family, socket.SOCK_DGRAM) as s:
    s.bind((host, 0))
    print(s.getsockname()[1], flush=True)
    sizes, peers = [], []
    for _ in range(count):
        data, peer = s.recvfrom(65536)
        s.sendto(data, peer)
        sizes.append(len(data))
        peers.append(peer)
print(json.dumps({"sizes": sizes, "peers": peers}))
`;

/** argv: port, datagrams as JSON. Sends each, waits for its reply, prints the replies. */
const PY_CLIENT = `
import json, socket, sys
port, messages = int(sys.argv[1]), json.loads(sys.argv[2])
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    s.settimeout(10)
    replies = []
    for message in messages:
        s.sendto(message.encode(), ("127.0.0.1", port))
        data, sender = s.recvfrom(65536)
        replies.append([data.decode(), sender])
    local = s.getsockname()
print(json.dumps({"replies": replies, "local": local}))
`;

/** A payload whose bytes depend on their position, so any reordering shows. */
function pattern(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

const PAYLOADS = [Buffer.from("hello"), Buffer.alloc(0), pattern(65507)];

describe("python3 echo server, our client", () => {
  test.each([
    ["AF_INET", AF_INET, "127.0.0.1"],
    ["AF_INET6", AF_INET6, "::1"],
  ] as const)(
    "%s: each datagram comes back whole, empty ones too",
    async (pyFamily, family, host) => {
      const args = [pyFamily, host, String(PAYLOADS.length)];
      await withPython(PY_ECHO_SERVER, args, async (py) => {
        const port = Number(await py.readLine());
        const client = tracked(family, SOCK_DGRAM);
        for (const payload of PAYLOADS) {
          expect(await client.sendto(payload, [host, port])).toBe(payload.length);
          const [data, sender] = await Promise.race([client.recvfrom(65536), py.exited()]);
          expect(Buffer.compare(data, payload)).toBe(0);
          expect((sender as InetAddress).slice(0, 2)).toEqual([host, port]);
        }
        const local = client.getsockname() as InetAddress;
        const { exitCode, stdout, stderr } = await py.finish();
        expect(stderr).toBe("");
        expect(exitCode).toBe(0);
        const report = JSON.parse(stdout);
        expect(report.sizes).toEqual(PAYLOADS.map((p) => p.length));
        // python3 saw our bound address, wildcard host replaced by the loopback it came from.
        for (const peer of report.peers) expect(peer[1]).toBe(local[1]);
      });
    },
  );

  test("a connected client talks to the python3 server with send/recv", async () => {
    await withPython(PY_ECHO_SERVER, ["AF_INET", "127.0.0.1", "2"], async (py) => {
      const port = Number(await py.readLine());
      const client = tracked(AF_INET, SOCK_DGRAM);
      await client.connect(["127.0.0.1", port]);
      for (const message of ["first", "second"]) {
        await client.send(Buffer.from(message));
        const reply = await Promise.race([client.recv(100), py.exited()]);
        expect(reply.toString()).toBe(message);
      }
      const { exitCode, stdout } = await py.finish();
      expect(exitCode).toBe(0);
      expect(JSON.parse(stdout).peers).toEqual([client.getsockname(), client.getsockname()]);
    });
  });
});

describe("our server, python3 client", () => {
  test("answers each datagram to its sender", async () => {
    const server = tracked(AF_INET, SOCK_DGRAM);
    await server.bind(["127.0.0.1", 0]);
    const [, port] = server.getsockname() as InetAddress;
    const messages = ["ping", "", "last one"];
    await withPython(PY_CLIENT, [String(port), JSON.stringify(messages)], async (py) => {
      const senders: InetAddress[] = [];
      for (let i = 0; i < messages.length; i++) {
        const [data, sender] = await Promise.race([server.recvfrom(65536), py.exited()]);
        senders.push(sender as InetAddress);
        await server.sendto(Buffer.from(data.toString().toUpperCase()), sender as InetAddress);
      }
      const { exitCode, stdout, stderr } = await py.finish();
      expect(stderr).toBe("");
      expect(exitCode).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.replies).toEqual(messages.map((m) => [m.toUpperCase(), ["127.0.0.1", port]]));
      for (const sender of senders) expect(sender).toEqual(["127.0.0.1", report.local[1]]);
    });
  });
});

/** Python code run with a fresh UDP socket `u` (and `u6`), closed after the snippet. */
const py = (code: string) =>
  `u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); opened.append(u)
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); opened.append(u6)
${code}`;
const U = () => tracked(AF_INET, SOCK_DGRAM);
const U6 = () => tracked(AF_INET6, SOCK_DGRAM);
const bad = (value: unknown) => value as never;
const X = new Uint8Array([0x78]);

type Case = [name: string, python: string, ours: () => unknown];

// biome-ignore format: one case a line, Python beside TypeScript, reads as the table it is.
const CASES: Case[] = [
  ["send unconnected", py(`u.send(b"x")`), () => U().send(X)],
  ["send unconnected binds", py(`
try: u.send(b"x")
except OSError: pass
result = u.getsockname()[1] > 0`), async () => {
    const u = U();
    await u.send(X).catch(() => undefined);
    return (u.getsockname() as InetAddress)[1] > 0;
  }],
  ["sendto 65507 bytes", py(`result = u.sendto(bytes(65507), ("127.0.0.1", 9))`), () => U().sendto(new Uint8Array(65507), ["127.0.0.1", 9])],
  ["sendto 65508 bytes", py(`u.sendto(bytes(65508), ("127.0.0.1", 9))`), () => U().sendto(new Uint8Array(65508), ["127.0.0.1", 9])],
  ["sendto 65508 bytes, AF_INET6", py(`result = u6.sendto(bytes(65508), ("::1", 9))`), () => U6().sendto(new Uint8Array(65508), ["::1", 9])],
  ["sendto port 0", py(`u.sendto(b"x", ("127.0.0.1", 0))`), () => U().sendto(X, ["127.0.0.1", 0])],
  ["sendto str", py(`u.sendto("x", ("127.0.0.1", 9))`), () => U().sendto(bad("x"), ["127.0.0.1", 9])],
  ["sendto IPv4 on AF_INET6", py(`u6.sendto(b"x", ("127.0.0.1", 9))`), () => U6().sendto(X, ["127.0.0.1", 9])],
  ["sendto bad address", py(`u.sendto(b"x", "nowhere")`), () => U().sendto(X, bad("nowhere"))],
  ["listen on UDP", py(`u.listen()`), () => U().listen()],
  ["accept on UDP", py(`u.bind(("127.0.0.1", 0)); u.accept()`), async () => {
    const u = U();
    await u.bind(["127.0.0.1", 0]);
    return u.accept();
  }],
  ["getpeername unconnected", py(`u.getpeername()`), () => U().getpeername()],
  ["shutdown unconnected", py(`u.shutdown(socket.SHUT_RDWR)`), () => U().shutdown(SHUT_RDWR)],
  ["getsockname unbound", py(`result = u.getsockname()`), () => U().getsockname()],
  ["getsockname unbound AF_INET6", py(`result = u6.getsockname()`), () => U6().getsockname()],
  ["recvfrom_into(bytearray(4), 8)", py(`u.recvfrom_into(bytearray(4), 8)`), () => U().recvfrom_into(new Uint8Array(4), 8)],
  ["recv_into(bytearray(4), 8)", py(`u.recv_into(bytearray(4), 8)`), () => U().recv_into(new Uint8Array(4), 8)],
  ["recvfrom(-1)", py(`u.recvfrom(-1)`), () => U().recvfrom(-1)],
  ["recv non-blocking", py(`u.bind(("127.0.0.1", 0)); u.setblocking(False); u.recv(1)`), async () => {
    const u = U();
    await u.bind(["127.0.0.1", 0]);
    u.setblocking(false);
    return u.recv(1);
  }],
  ["recv with a timeout", py(`u.bind(("127.0.0.1", 0)); u.settimeout(0.05); u.recvfrom(1)`), async () => {
    const u = U();
    await u.bind(["127.0.0.1", 0]);
    u.settimeout(0.05);
    return u.recvfrom(1);
  }],
  ["bind twice", py(`u.bind(("127.0.0.1", 0)); u.bind(("127.0.0.1", 0))`), async () => {
    const u = U();
    await u.bind(["127.0.0.1", 0]);
    return u.bind(["127.0.0.1", 0]);
  }],
  ["SO_TYPE", py(`result = u.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)`), () => U().getsockopt(SOL_SOCKET, SO_TYPE)],
  ["SO_BROADCAST set", py(`u.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1); result = u.getsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST)`), () => {
    const u = U();
    u.setsockopt(SOL_SOCKET, SO_BROADCAST, 1);
    return u.getsockopt(SOL_SOCKET, SO_BROADCAST);
  }],
];

let python: Outcome[] = [];

beforeAll(async () => {
  python = await pythonOutcomes(CASES.map(([, code]) => code));
});

describe("UDP errors match python3", () => {
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
