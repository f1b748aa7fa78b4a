/** `sockit relay LEFT RIGHT`: every address kind, many connections, UDP sessions, errors. */
import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { AF_INET, SOCK_DGRAM, SOCK_STREAM, type Socket, socket } from "../../src/index.ts";
import { boundSocket, cleanup, jsonEvents, peer, run, sockit, tempDir } from "./_cli.ts";
import { answer } from "./_far.ts";
import { talk } from "./_talk.ts";

afterEach(cleanup);

/** A relay with a listening LEFT, and its port (or path) from its own listening event. */
async function relay(args: string[]) {
  const child = sockit(["relay", "--json", ...args]);
  const address = await child.listeningAddress();
  return { child, port: Number(address.slice(address.lastIndexOf(":") + 1)) };
}

/**
 * A far end on a library socket that answers each connection with `reply(request)` once the
 * request has ended (so a lost half-close would hang the test, not pass it).
 */
async function farServer(server: Socket, reply: (request: string) => string, count = 1) {
  for (let i = 0; i < count; i++) {
    const [conn] = await server.accept();
    void answer(conn, reply);
  }
}

const portOf = (sock: Socket) => (sock.getsockname() as [string, number])[1];

describe("relay tcp-listen: to tcp:", () => {
  test("carries a request and its reply, half-close included, for each of many clients", async () => {
    await using server = await boundSocket();
    const serving = farServer(server, (r) => `reply to ${r}`, 3);
    const { child, port } = await relay([
      `tcp-listen:127.0.0.1:0`,
      `tcp:127.0.0.1:${portOf(server)}`,
    ]);
    const replies = await Promise.all(["a", "b", "c"].map((w) => talk(port, w)));
    expect(replies.map(String).sort()).toEqual(["reply to a", "reply to b", "reply to c"]);
    await serving;
    await child.waitFor(/"event":"closed"/, 3);
    const events = jsonEvents(child.stderr);
    expect(events.filter((e) => e.event === "connected" && e.direction === "in")).toHaveLength(3);
    expect(events.filter((e) => e.event === "connected" && e.direction === "out")).toHaveLength(3);
    expect((await child.terminate()).exitCode).toBe(143);
  });

  test("--once serves one connection and exits 0", async () => {
    await using server = await boundSocket();
    const serving = farServer(server, (r) => r.toUpperCase());
    const { child, port } = await relay([
      "--once",
      "tcp-listen:127.0.0.1:0",
      `tcp:127.0.0.1:${portOf(server)}`,
    ]);
    expect((await talk(port, "once")).toString()).toBe("ONCE");
    await serving;
    const done = await child.finish();
    expect(done.exitCode).toBe(0);
    expect(jsonEvents(done.stderr).at(-1)).toMatchObject({
      event: "summary",
      sent: 4,
      received: 4,
    });
  });

  test("a refused RIGHT is one line per connection; the relay keeps serving", async () => {
    await using closed = await boundSocket();
    const deadPort = portOf(closed);
    closed.close();
    const child = sockit(["relay", "-v", "tcp-listen:127.0.0.1:0", `tcp:127.0.0.1:${deadPort}`]);
    const address = await child.listeningAddress();
    const port = Number(address.split(":")[1]);
    for (let i = 1; i <= 2; i++) {
      expect((await talk(port, "x").catch(() => Buffer.alloc(0))).length).toBe(0);
      await child.waitFor(
        new RegExp(
          `sockit: connect 127\\.0\\.0\\.1:${deadPort}: \\[Errno 111\\] Connection refused`,
        ),
        i,
      );
    }
    expect((await child.terminate()).exitCode).toBe(143);
  });

  test("with --once a refused RIGHT exits 1 with one line", async () => {
    await using closed = await boundSocket();
    const deadPort = portOf(closed);
    closed.close();
    const { child, port } = await relay([
      "--once",
      "tcp-listen:127.0.0.1:0",
      `tcp:127.0.0.1:${deadPort}`,
    ]);
    await talk(port).catch(() => undefined);
    const done = await child.finish();
    expect(done.exitCode).toBe(1);
    expect(jsonEvents(done.stderr).filter((e) => e.event === "error")).toEqual([
      expect.objectContaining({
        message: `connect 127.0.0.1:${deadPort}: [Errno 111] Connection refused`,
      }),
    ]);
  });

  test("-m 1 refuses a second connection while one is served", async () => {
    await using server = await boundSocket();
    const { child, port } = await relay([
      "-m",
      "1",
      "tcp-listen:127.0.0.1:0",
      `tcp:127.0.0.1:${portOf(server)}`,
    ]);
    await using first = socket(AF_INET, SOCK_STREAM);
    await first.connect(["127.0.0.1", port]);
    const [far] = await server.accept();
    expect((await talk(port)).length).toBe(0);
    await child.waitFor(/"event":"refused"/);
    await first.sendall(Buffer.from("still here"));
    expect((await far.recv(100)).toString()).toBe("still here");
    far.close();
    expect((await child.terminate()).exitCode).toBe(143);
  });

  test("socat's spellings work: TCP-LISTEN:..,fork,reuseaddr and TCP4:", async () => {
    await using server = await boundSocket();
    const serving = farServer(server, () => "ok");
    const { child, port } = await relay([
      "TCP4-LISTEN:0,bind=127.0.0.1,fork,reuseaddr",
      `TCP4:127.0.0.1:${portOf(server)}`,
    ]);
    expect((await talk(port, "q")).toString()).toBe("ok");
    await serving;
    expect((await child.terminate()).exitCode).toBe(143);
  });
});

describe("relay with Unix sockets", () => {
  test("unix-listen: to tcp: and tcp-listen: to unix:", async () => {
    const dir = tempDir();
    await using server = await boundSocket();
    const serving = farServer(server, (r) => `[${r}]`);
    const front = join(dir, "front.sock");
    const a = sockit([
      "relay",
      "--json",
      `unix-listen:${front}`,
      `tcp:127.0.0.1:${portOf(server)}`,
    ]);
    await a.listeningAddress();
    const b = await relay(["tcp-listen:127.0.0.1:0", `unix:${front}`]);
    expect((await talk(b.port, "via unix")).toString()).toBe("[via unix]");
    await serving;
    expect((await b.child.terminate()).exitCode).toBe(143);
    expect((await a.terminate()).exitCode).toBe(143);
    // The relay removed the socket file it created.
    expect(await Bun.file(front).exists()).toBe(false);
  });
});

describe("relay with programs and stdio", () => {
  test("exec: runs a program per connection, with the client's address", async () => {
    const { child, port } = await relay([
      "tcp-listen:127.0.0.1:0",
      "system:echo $SOCKIT_PROTO $SOCKIT_LOCAL_PORT; tr a-z A-Z",
    ]);
    const replies = await Promise.all(["one", "two"].map((w) => talk(port, w)));
    expect(replies.map(String).sort()).toEqual([`TCP ${port}\nONE`, `TCP ${port}\nTWO`]);
    expect((await child.terminate()).exitCode).toBe(143);
  });

  test("exec:CMD takes the command whole, commas included", async () => {
    const { child, port } = await relay(["--once", "tcp-listen:127.0.0.1:0", "exec:printf a,b,c"]);
    expect((await talk(port)).toString()).toBe("a,b,c");
    expect((await child.finish()).exitCode).toBe(0);
  });

  test("- joins stdin/stdout to a connection, like connect", async () => {
    await using server = await boundSocket();
    const serving = farServer(server, (r) => `got ${r}`);
    const done = await run(["relay", "-", `tcp:127.0.0.1:${portOf(server)}`], { input: "hi" });
    await serving;
    expect(done).toMatchObject({ exitCode: 0, stdout: "got hi" });
  });

  test("interop: socat and nc on either side of the relay", async () => {
    const far = peer(["socat", "-d", "-d", "TCP-LISTEN:0,bind=127.0.0.1", "SYSTEM:tr a-z A-Z"]);
    const [, farPort] = (await far.waitFor(/listening on .*:(\d+)/)) as unknown as [string, string];
    const { child, port } = await relay([
      "--once",
      "tcp-listen:127.0.0.1:0",
      `tcp:127.0.0.1:${farPort}`,
    ]);
    const nc = await peer(["nc", "-N", "127.0.0.1", String(port)], {
      input: "through nc\n",
    }).finish();
    expect(nc).toMatchObject({ exitCode: 0, stdout: "THROUGH NC\n" });
    expect((await child.finish()).exitCode).toBe(0);
    await far.finish();
  });
});

describe("relay udp-listen: to udp:", () => {
  test("keeps a session per client, so each reply goes back to its own client", async () => {
    await using far = socket(AF_INET, SOCK_DGRAM);
    await far.bind(["127.0.0.1", 0]);
    const { child, port } = await relay([
      "-i",
      "0.5",
      "udp-listen:127.0.0.1:0",
      `udp:127.0.0.1:${portOf(far)}`,
    ]);
    await using a = socket(AF_INET, SOCK_DGRAM);
    await using b = socket(AF_INET, SOCK_DGRAM);
    const seen = new Set<string>();
    for (const [client, word] of [
      [a, "from a"],
      [b, "from b"],
    ] as const) {
      await client.sendto(Buffer.from(word), ["127.0.0.1", port]);
      const [data, from] = await far.recvfrom(100);
      seen.add(JSON.stringify(from));
      await far.sendto(Buffer.from(`echo ${data}`), from as [string, number]);
      expect((await client.recv(100)).toString()).toBe(`echo ${word}`);
    }
    // Two clients, two sessions: the far end saw two different relay ports.
    expect(seen.size).toBe(2);
    // A second datagram from a reuses its session.
    await a.sendto(Buffer.from("again"), ["127.0.0.1", port]);
    const [, from] = await far.recvfrom(100);
    expect(seen.has(JSON.stringify(from))).toBe(true);
    // -i ends idle sessions.
    await child.waitFor(/"event":"closed"/, 2);
    expect((await child.terminate()).exitCode).toBe(143);
  });
});

describe("relay usage errors: one line, exit 2", () => {
  const cases: [string, string[], string][] = [
    ["one address", ["tcp-listen:0"], "relay needs two addresses"],
    ["unknown kind", ["foo:1", "-"], "unknown address type 'foo' in 'foo:1'"],
    ["unknown option", ["tcp-listen:0,frob", "-"], "unknown option 'frob' in 'tcp-listen:0,frob'"],
    ["missing port", ["tcp:localhost", "-"], "'tcp:localhost' needs HOST:PORT"],
    [
      "bad port",
      ["tcp-listen:99999", "-"],
      "invalid port '99999': must be 0-65535 in 'tcp-listen:99999'",
    ],
    [
      "missing program",
      ["tcp-listen:0", "exec:no-such-program-y"],
      "no-such-program-y: command not found",
    ],
    ["bad backlog", ["tcp-listen:0,backlog=x", "-"], "invalid backlog 'x'"],
    ["stdio twice", ["-", "stdio"], "not stdio"],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const done = await run(["relay", ...args]);
      expect(done.exitCode).toBe(2);
      expect(done.lines[0]).toContain(message);
      expect(done.lines[0]).toStartWith("sockit: ");
    });
  }

  test("forward is relay", async () => {
    const done = await run(["forward", "--help"]);
    expect(done.stdout).toContain("TCP-LISTEN:PORT,fork");
  });
});
