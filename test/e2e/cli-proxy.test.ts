/**
 * --proxy on connect and proxy= on relay addresses: SOCKS5, SOCKS4(a) and HTTP CONNECT, with
 * and without a login, a refused target, a wrong password, and where the name is resolved.
 * The proxies are python3 (fixtures/proxy.py): Debian's danted and tinyproxy both need a fixed
 * port in their configuration, and the tests only ever bind port 0.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { boundSocket, cleanup, jsonEvents, peer, run, sockit } from "./_cli.ts";
import { farServer } from "./_far.ts";
import { talk } from "./_talk.ts";

afterEach(cleanup);

const PROXY = join(import.meta.dir, "fixtures/proxy.py");

async function proxy(kind: string, auth?: string) {
  const child = peer(["python3", PROXY, kind, ...(auth ? [auth] : [])]);
  await child.waitForStdout("\n");
  return { child, address: `127.0.0.1:${child.stdout.trim()}` };
}

const TYPES: [string, string][] = [
  ["socks5", "5"],
  ["socks4", "4"],
  ["http", "connect"],
];

describe.each(TYPES)("connect --proxy-type %s", (kind, letter) => {
  test("carries the conversation; the proxy resolves the name", async () => {
    const { child, address } = await proxy(kind);
    const far = await farServer();
    await using _far = far.server;
    const args = [
      "connect",
      "--proxy",
      address,
      "--proxy-type",
      kind,
      "localhost",
      String(far.port),
    ];
    const done = await run(args, { input: "hello" });
    await far.served;
    expect(done).toMatchObject({ exitCode: 0, stdout: "reply to hello" });
    expect(child.stderr).toContain(`CONNECT localhost ${far.port}`);
  });

  test("with --proxy-auth, and nc's -X for the type", async () => {
    const { child, address } = await proxy(kind, "alice:s3cret");
    const far = await farServer();
    await using _far = far.server;
    const args = [
      "-X",
      letter,
      "--proxy",
      address,
      "--proxy-auth",
      "alice:s3cret",
      "127.0.0.1",
      String(far.port),
    ];
    const done = await run(args, { input: "with login" });
    await far.served;
    expect(done).toMatchObject({ exitCode: 0, stdout: "reply to with login" });
    expect(child.stderr).toContain(`CONNECT 127.0.0.1 ${far.port}`);
  });

  test("a wrong login is one line with the proxy's reason, exit 1", async () => {
    const { address } = await proxy(kind, "alice:s3cret");
    // SOCKS4 has no password: its user id is what the proxy checks.
    const auth = kind === "socks4" ? "mallory:x" : "alice:wrong";
    const done = await run([
      "connect",
      "--proxy",
      address,
      "-X",
      letter,
      "--proxy-auth",
      auth,
      "127.0.0.1",
      "9",
    ]);
    expect(done.exitCode).toBe(1);
    expect(done.lines).toHaveLength(1);
    const reason = {
      socks5: "authentication failed: wrong user name or password (SOCKS5 status 1)",
      socks4: "request rejected or failed (SOCKS4 code 5bh)",
      http: "HTTP 407 Proxy Authentication Required (wrong user name or password)",
    }[kind];
    expect(done.lines[0]).toBe(`sockit: proxy ${address}: ${reason}`);
  });

  test("a refused target is one line with the proxy's reason, exit 1", async () => {
    const { address } = await proxy(kind);
    await using closed = await boundSocket();
    const deadPort = (closed.getsockname() as [string, number])[1];
    closed.close();
    const done = await run([
      "connect",
      "--proxy",
      address,
      "-X",
      letter,
      "127.0.0.1",
      String(deadPort),
    ]);
    expect(done.exitCode).toBe(1);
    const reason = {
      socks5: "connection refused by the target (SOCKS5 code 5)",
      socks4: "request rejected or failed (SOCKS4 code 5bh)",
      http: "HTTP 502 Bad Gateway",
    }[kind];
    expect(done.lines).toEqual([`sockit: proxy ${address}: ${reason}`]);
  });
});

describe("proxy details", () => {
  test("a SOCKS5 proxy that wants a login, asked without one, says so", async () => {
    const { address } = await proxy("socks5", "alice:s3cret");
    const done = await run(["connect", "--proxy", address, "-X", "5", "127.0.0.1", "9"]);
    expect(done.lines).toEqual([
      `sockit: proxy ${address}: wants a user name and password (--proxy-auth)`,
    ]);
    expect(done.exitCode).toBe(1);
  });

  test("--proxy-dns local sends the address, not the name", async () => {
    const { child, address } = await proxy("socks5");
    const far = await farServer();
    await using _far = far.server;
    const args = [
      "connect",
      "--proxy",
      address,
      "-X",
      "5",
      "--proxy-dns",
      "local",
      "-4",
      "localhost",
      String(far.port),
    ];
    expect(await run(args, { input: "x" })).toMatchObject({ exitCode: 0, stdout: "reply to x" });
    expect(child.stderr).toContain(`CONNECT 127.0.0.1 ${far.port}`);
  });

  test("a proxy that is not there: connect proxy ...: Connection refused", async () => {
    await using closed = await boundSocket();
    const deadPort = (closed.getsockname() as [string, number])[1];
    closed.close();
    const done = await run(["connect", "--proxy", `127.0.0.1:${deadPort}`, "example.org", "80"]);
    expect(done.lines).toEqual([
      `sockit: connect proxy 127.0.0.1:${deadPort}: [Errno 111] Connection refused`,
    ]);
    expect(done.exitCode).toBe(1);
  });

  test("relay tcp:...,proxy= goes through the proxy for each connection", async () => {
    const { child: socks, address } = await proxy("socks5");
    const far = await farServer();
    await using _far = far.server;
    const right = `tcp:localhost:${far.port},proxy=${address},proxy-type=socks5`;
    const relay = sockit(["relay", "--once", "--json", "tcp-listen:127.0.0.1:0", right]);
    const listening = await relay.listeningAddress();
    expect((await talk(Number(listening.split(":")[1]), "relayed")).toString()).toBe(
      "reply to relayed",
    );
    await far.served;
    expect((await relay.finish()).exitCode).toBe(0);
    expect(socks.stderr).toContain(`CONNECT localhost ${far.port}`);
    expect(jsonEvents(relay.stderr).some((e) => e.event === "error")).toBe(false);
  });

  const usage: [string, string[], string][] = [
    ["an unknown type", ["--proxy", "127.0.0.1:1", "-X", "9", "h", "1"], "invalid proxy type '9'"],
    ["--proxy with -u", ["--proxy", "127.0.0.1:1", "-u", "h", "1"], "TCP connections only"],
    ["--proxy-auth without --proxy", ["--proxy-auth", "a:b", "h", "1"], "need --proxy HOST:PORT"],
    [
      "a bad --proxy-dns",
      ["--proxy", "p:1", "--proxy-dns", "here", "h", "1"],
      "invalid --proxy-dns 'here'",
    ],
  ];
  for (const [name, args, message] of usage) {
    test(`usage: ${name}`, async () => {
      const done = await run(["connect", ...args]);
      expect(done.exitCode).toBe(2);
      expect(done.lines[0]).toStartWith("sockit: ");
      expect(done.lines[0]).toContain(message);
    });
  }

  test("connect --help explains why -x is not the proxy", async () => {
    const done = await run(["connect", "--help"]);
    expect(done.stdout).toContain("sockit keeps -x for ncat's hex\ndump");
    expect(done.stdout).toMatch(/-X, --proxy-type TYPE/);
  });
});
