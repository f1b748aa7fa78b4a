/**
 * `connect --proxy-type http --proxy-auth`: the first CONNECT goes without credentials, and a
 * 407 is answered with Digest where the proxy offers it, else Basic, on the same connection if
 * the proxy keeps it, else on a new one. The peers: python3 (fixtures/proxy.py, checking Digest
 * with hashlib), sockit's own proxy server, and a scripted proxy here that sends exact bytes.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Socket } from "../../src/index.ts";
import { boundSocket, cleanup, peer, run, sockit } from "./_cli.ts";
import { farServer } from "./_far.ts";

afterEach(cleanup);

const PROXY = join(import.meta.dir, "fixtures/proxy.py");

const portOf = (sock: Socket) => (sock.getsockname() as [string, number])[1];

async function readHead(conn: Socket): Promise<string> {
  let head = "";
  while (!head.includes("\r\n\r\n")) {
    const data = await conn.recv(65536);
    if (data.length === 0) break;
    head += data.toString("latin1");
  }
  return head;
}

/** A proxy that answers each connection's request with the next of `answers`, then closes it. */
async function scriptedProxy(answers: string[]) {
  const server = await boundSocket();
  const heads: string[] = [];
  const served = (async () => {
    for (const answer of answers) {
      const [conn] = await server.accept();
      heads.push(await readHead(conn));
      await conn.sendall(Buffer.from(answer));
      conn.close();
    }
  })();
  return { server, address: `127.0.0.1:${portOf(server)}`, heads, served };
}

const via = (address: string, ...more: string[]) => [
  "connect",
  "--proxy",
  address,
  "--proxy-type",
  "http",
  ...more,
];
const CHALLENGE = "HTTP/1.0 407 Proxy Authentication Required\r\n";
const OK = "HTTP/1.0 200 OK\r\n\r\ntunnel open\n";

describe("an HTTP proxy that asks for a login", () => {
  const fixtures: [string, string, boolean][] = [
    ["http-digest", "the tunnel opens with Digest on a new connection", true],
    ["http-digest-keep", "the tunnel opens with Digest on the same connection", false],
    [
      "http-digest-stale",
      "a nonce the proxy calls stale is answered again with the same login, on the same connection",
      false,
    ],
  ];
  for (const [kind, what, redialled] of fixtures) {
    test(`${kind}: ${what}`, async () => {
      const proxy = peer(["python3", PROXY, kind, "alice:s3cret"]);
      await proxy.waitForStdout("\n");
      const far = await farServer();
      await using _far = far.server;
      const address = `127.0.0.1:${proxy.stdout.trim()}`;
      const args = via(address, "--proxy-auth", "alice:s3cret", "127.0.0.1", String(far.port));
      const done = await run(args, { input: "hello" });
      await far.served;
      expect(done).toMatchObject({ exitCode: 0, stdout: "reply to hello", stderr: "" });
      expect(proxy.stderr).toContain(`CONNECT 127.0.0.1 ${far.port}`);
      if (redialled) expect(proxy.stderr).toContain("connection 2");
      else expect(proxy.stderr).not.toContain("connection 2");
    });
  }

  test("a wrong password is not stale: the stale-calling proxy's next 407 ends it", async () => {
    const proxy = peer(["python3", PROXY, "http-digest-stale", "alice:s3cret"]);
    await proxy.waitForStdout("\n");
    const address = `127.0.0.1:${proxy.stdout.trim()}`;
    const wrong = await run(via(address, "--proxy-auth", "alice:nope", "127.0.0.1", "9"));
    expect(wrong.lines).toEqual([
      `sockit: proxy ${address}: HTTP 407 Proxy Authentication Required (wrong user name or password)`,
    ]);
    expect(wrong.exitCode).toBe(1);
  });

  const staleThen: [string, string, string][] = [
    ["stale twice: refused after one retry", ", stale=true", "its Digest nonce went stale again"],
    ["stale, then a plain 407: the login was wrong after all", "", "wrong user name or password"],
  ];
  for (const [name, third, reason] of staleThen) {
    test(`a proxy that calls its nonce ${name}`, async () => {
      const digest = (nonce: string, stale: string) =>
        `${CHALLENGE}Proxy-Authenticate: Digest realm="r", nonce="${nonce}", qop="auth"${stale}\r\n\r\n`;
      const answers = [digest("n1", ""), digest("n2", ", stale=TRUE"), digest("n3", third)];
      const proxy = await scriptedProxy(answers);
      await using _proxy = proxy.server;
      const done = await run(via(proxy.address, "--proxy-auth", "u:p", "example.org", "443"));
      await proxy.served;
      expect(done.lines).toEqual([
        `sockit: proxy ${proxy.address}: HTTP 407 Proxy Authentication Required (${reason})`,
      ]);
      expect(done).toMatchObject({ exitCode: 1, stdout: "" });
      expect(proxy.heads[1]).toContain('nonce="n1"');
      expect(proxy.heads[2]).toContain('nonce="n2"');
    });
  }

  test("sockit's own proxy (Digest and Basic offered): in with the password, out without", async () => {
    const server = sockit(
      ["listen", "-v", "--proxy-type", "http", "--proxy-auth", "u:pw"].concat(["127.0.0.1", "0"]),
    );
    const address = `127.0.0.1:${await server.listening()}`;
    const far = await farServer();
    await using _far = far.server;
    const good = await run(via(address, "--proxy-auth", "u:pw", "127.0.0.1", String(far.port)), {
      input: "via sockit",
    });
    await far.served;
    expect(good).toMatchObject({ exitCode: 0, stdout: "reply to via sockit", stderr: "" });
    const wrong = await run(via(address, "--proxy-auth", "u:nope", "127.0.0.1", String(far.port)));
    expect(wrong.lines).toEqual([
      `sockit: proxy ${address}: HTTP 407 Proxy Authentication Required (wrong user name or password)`,
    ]);
    expect(wrong.exitCode).toBe(1);
    const none = await run(via(address, "127.0.0.1", String(far.port)));
    expect(none.lines).toEqual([
      `sockit: proxy ${address}: HTTP 407 Proxy Authentication Required (--proxy-auth)`,
    ]);
    expect(none.exitCode).toBe(1);
  });

  test("Digest is preferred wherever it stands; Basic is the words exactly as given", async () => {
    const both = `${CHALLENGE}Proxy-Authenticate: Basic realm="r", NTLM, Digest realm="r", nonce="n1", qop="auth"\r\n\r\n`;
    const basic = `${CHALLENGE}Proxy-Authenticate: Basic realm="r"\r\n\r\n`;
    const proxy = await scriptedProxy([both, OK, basic, OK]);
    await using _proxy = proxy.server;
    const first = await run(via(proxy.address, "--proxy-auth", "u:p", "example.org", "443"));
    const second = await run(via(proxy.address, "--proxy-auth", "nocolon~~", "example.org", "443"));
    await proxy.served;
    for (const done of [first, second])
      expect(done).toMatchObject({ exitCode: 0, stdout: "tunnel open\n" });
    const [ask, digest, ask2, basicLogin] = proxy.heads;
    for (const head of [ask, ask2]) expect(head).not.toContain("Proxy-Authorization");
    expect(digest).toStartWith("CONNECT example.org:443 HTTP/1.1\r\n");
    expect(digest).toMatch(
      /\r\nProxy-Authorization: Digest username="u", realm="r", nonce="n1", uri="example.org:443", qop=auth, cnonce="[0-9a-f]{16}", nc=00000001, response="[0-9a-f]{32}"\r\n/,
    );
    const token = Buffer.from("nocolon~~").toString("base64");
    expect(basicLogin).toContain(`\r\nProxy-Authorization: Basic ${token}\r\n`);
  });

  const refusals: [string, string[], string][] = [
    [
      "only schemes sockit does not speak",
      [`${CHALLENGE}Proxy-Authenticate: NTLM\r\nProxy-Authenticate: Negotiate\r\n\r\n`],
      ", asking for NTLM, Negotiate (sockit answers Basic and Digest)",
    ],
    [
      "a Digest algorithm sockit cannot compute",
      [
        `${CHALLENGE}Proxy-Authenticate: Digest realm="r", nonce="n", algorithm=SHA-512-256\r\n\r\n`,
      ],
      ", asking for Digest (algorithm=SHA-512-256) (sockit answers Basic and Digest)",
    ],
    ["no challenge at all", [`${CHALLENGE}\r\n`], ", without a Proxy-Authenticate challenge"],
    [
      "a malformed challenge",
      [`${CHALLENGE}Proxy-Authenticate: Digest realm="r", nonce="n\r\n\r\n`],
      ", with a malformed Proxy-Authenticate: parameter nonce has an unterminated quoted string",
    ],
    [
      "a second 407 after the login",
      [
        `${CHALLENGE}Proxy-Authenticate: Basic realm="r"\r\n\r\n`,
        `${CHALLENGE}Proxy-Authenticate: Basic realm="r"\r\n\r\n`,
      ],
      " (wrong user name or password)",
    ],
  ];
  for (const [name, answers, reason] of refusals) {
    test(`${name}: one line, exit 1`, async () => {
      const proxy = await scriptedProxy(answers);
      await using _proxy = proxy.server;
      const done = await run(via(proxy.address, "--proxy-auth", "u:p", "example.org", "443"));
      await proxy.served;
      expect(done.lines).toEqual([
        `sockit: proxy ${proxy.address}: HTTP 407 Proxy Authentication Required${reason}`,
      ]);
      expect(done).toMatchObject({ exitCode: 1, stdout: "" });
    });
  }
});
