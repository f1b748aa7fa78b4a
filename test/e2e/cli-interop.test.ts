/**
 * sockit against stream peers we did not write: python3, socat and nc (netcat-openbsd), over
 * TCP and Unix sockets, with sockit on either end. Every peer listener is waited for through
 * its own log line on stderr, as our own listeners are.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { type Child, cleanup, peer, sockit, tempDir } from "./_cli.ts";

afterEach(cleanup);

const UP = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 31 + 7) & 0xff));
const DOWN = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 17 + 3) & 0xff));

type Kind = "tcp" | "unix";
/** Where a stream server is: a TCP port on 127.0.0.1, or a Unix socket path. */
type Where = { kind: "tcp"; port: string } | { kind: "unix"; path: string };

/** Sends stdin, half-closes, prints everything the server sends until EOF. */
const PY_CLIENT = `
import socket, sys
kind, where = sys.argv[1], sys.argv[2]
if kind == "tcp":
    s = socket.create_connection(("127.0.0.1", int(where)))
else:
    s = socket.socket(socket.AF_UNIX)
    s.connect(where)
s.sendall(sys.stdin.buffer.read())
s.shutdown(socket.SHUT_WR)
while data := s.recv(65536):
    sys.stdout.buffer.write(data)
s.close()
`;

/** Accepts one client, reads it to EOF, answers with stdin, prints what it got. */
const PY_SERVER = `
import socket, sys
kind, where = sys.argv[1], sys.argv[2]
if kind == "tcp":
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
else:
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(where)
srv.listen()
name = srv.getsockname()[1] if kind == "tcp" else where
print("python listening on", name, file=sys.stderr, flush=True)
conn, _ = srv.accept()
received = b""
while data := conn.recv(65536):
    received += data
conn.sendall(sys.stdin.buffer.read())
conn.close()
srv.close()
sys.stdout.buffer.write(received)
`;

/** How each peer connects to `where`, as a client that sends stdin and prints what arrives. */
const CLIENTS: [string, (where: Where) => string[]][] = [
  ["python3", (w) => ["python3", "-c", PY_CLIENT, w.kind, w.kind === "tcp" ? w.port : w.path]],
  // -t: socat would close the other direction 0.5 s after stdin EOF; give it all the time it needs.
  [
    "socat",
    (w) => [
      "socat",
      "-t",
      "30",
      "STDIO",
      w.kind === "tcp" ? `TCP:127.0.0.1:${w.port}` : `UNIX-CONNECT:${w.path}`,
    ],
  ],
  // -N: half-close at stdin EOF, as sockit does, instead of waiting forever.
  [
    "nc.openbsd",
    (w) => ["nc.openbsd", "-N", ...(w.kind === "tcp" ? ["127.0.0.1", w.port] : ["-U", w.path])],
  ],
];

interface PeerServer {
  /** Starts the peer listening (a port of its choosing, or `path`), answering with `reply`. */
  start(kind: Kind, path: string, reply: Buffer): Child;
  /** Its own "listening" line on stderr; group 1 is the port for TCP. */
  ready: RegExp;
}

const SERVERS: [string, PeerServer][] = [
  [
    "python3",
    {
      start: (kind, path, reply) =>
        peer(["python3", "-c", PY_SERVER, kind, path], { input: reply }),
      ready: /^python listening on (\S+)$/m,
    },
  ],
  [
    "socat",
    {
      start: (kind, path, reply) => {
        const address = kind === "tcp" ? "TCP-LISTEN:0,bind=127.0.0.1" : `UNIX-LISTEN:${path}`;
        return peer(["socat", "-d", "-d", "-t", "30", address, "STDIO"], { input: reply });
      },
      ready: /listening on AF=\d+ (?:127\.0\.0\.1:(\d+)|"[^"]+")/,
    },
  ],
  [
    "nc.openbsd",
    {
      start: (kind, path, reply) => {
        const address = kind === "tcp" ? ["-n", "127.0.0.1", "0"] : ["-U", path];
        return peer(["nc.openbsd", "-l", "-v", "-N", ...address], { input: reply });
      },
      ready: /^Listening on (?:127\.0\.0\.1 (\d+)|\/\S+)$/m,
    },
  ],
];

describe.each(["tcp", "unix"] as const)("%s", (kind) => {
  test.each(CLIENTS)("sockit listen <- %s client", async (_name, argv) => {
    const path = join(tempDir(), "s.sock");
    const listenOn = kind === "tcp" ? ["127.0.0.1", "0"] : ["-U", path];
    const server = sockit(["listen", "-v", ...listenOn], { input: DOWN });
    const address = await server.listeningAddress();
    const where: Where =
      kind === "tcp" ? { kind, port: address.split(":")[1] as string } : { kind, path };
    const client = await peer(argv(where), { input: UP }).finish();
    expect({ exitCode: client.exitCode, stderr: client.stderr }).toEqual({
      exitCode: 0,
      stderr: "",
    });
    expect(client.stdoutBytes.equals(DOWN)).toBe(true);
    const served = await server.finish();
    expect(served.exitCode).toBe(0);
    expect(served.stdoutBytes.equals(UP)).toBe(true);
  });

  test.each(SERVERS)("sockit connect -> %s server", async (_name, { start, ready }) => {
    const path = join(tempDir(), "s.sock");
    const server = start(kind, path, DOWN);
    const [, port] = await server.waitFor(ready);
    const target = kind === "tcp" ? ["127.0.0.1", port as string] : ["-U", path];
    const client = await sockit(["connect", ...target], { input: UP }).finish();
    expect({ exitCode: client.exitCode, stderr: client.stderr }).toEqual({
      exitCode: 0,
      stderr: "",
    });
    expect(client.stdoutBytes.equals(DOWN)).toBe(true);
    const served = await server.finish();
    expect(served.exitCode).toBe(0);
    expect(served.stdoutBytes.equals(UP)).toBe(true);
  });
});

describe("sockit on both ends of a socat relay", () => {
  test("bytes pass through socat unchanged, TCP to Unix", async () => {
    const path = join(tempDir(), "relay.sock");
    const server = sockit(["listen", "-v", "-U", path], { input: DOWN });
    await server.listeningAddress();
    const relay = peer([
      "socat",
      "-d",
      "-d",
      "-t",
      "30",
      "TCP-LISTEN:0,bind=127.0.0.1",
      `UNIX-CONNECT:${path}`,
    ]);
    const [, port] = await relay.waitFor(/listening on AF=2 127\.0\.0\.1:(\d+)/);
    const client = await sockit(["connect", "127.0.0.1", port as string], { input: UP }).finish();
    expect(client.exitCode).toBe(0);
    expect(client.stdoutBytes.equals(DOWN)).toBe(true);
    const served = await server.finish();
    expect(served.stdoutBytes.equals(UP)).toBe(true);
    expect((await relay.finish()).exitCode).toBe(0);
  });
});
