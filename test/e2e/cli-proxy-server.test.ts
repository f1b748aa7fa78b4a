/**
 * `listen --proxy-type http`: sockit as an HTTP proxy. The clients are python3's http.client
 * (its set_tunnel is a real CONNECT client) and raw sockets for malformed requests.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { AF_INET, SOCK_STREAM, socket } from "../../src/index.ts";
import { boundSocket, cleanup, peer, sockit } from "./_cli.ts";
import { farServer } from "./_far.ts";

afterEach(cleanup);

async function proxyServer(extra: string[] = []) {
  const server = sockit(["listen", "-v", "--proxy-type", "http", ...extra, "127.0.0.1", "0"]);
  return { server, port: String(await server.listening()) };
}

/** Sends `request` raw and returns everything the proxy answers until it closes. */
async function ask(port: string, request: string): Promise<string> {
  await using sock = socket(AF_INET, SOCK_STREAM);
  sock.settimeout(10);
  await sock.connect(["127.0.0.1", Number(port)]);
  await sock.sendall(Buffer.from(request, "latin1"));
  let answer = "";
  for (;;) {
    const data = await sock.recv(65536);
    if (data.length === 0) return answer;
    answer += data.toString("latin1");
  }
}

/**
 * A far web server for one request: it keeps what arrived (head and Content-Length body) and
 * answers `HTTP/1.0 200 OK` with body `hi`.
 */
async function originServer() {
  const server = await boundSocket();
  const received = (async () => {
    const [conn] = await server.accept();
    let got = Buffer.alloc(0);
    for (;;) {
      const end = got.indexOf("\r\n\r\n");
      const length = Number(/content-length: *(\d+)/i.exec(got.toString("latin1"))?.[1] ?? 0);
      if (end >= 0 && got.length >= end + 4 + length) break;
      const data = await conn.recv(65536);
      if (data.length === 0) break;
      got = Buffer.concat([got, data]);
    }
    await conn.sendall(Buffer.from("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi"));
    conn.close();
    return got.toString("latin1");
  })();
  return { server, port: (server.getsockname() as [string, number])[1], received };
}

const URLLIB_POST = `
import sys, urllib.request
proxy = urllib.request.ProxyHandler({"http": "http://127.0.0.1:" + sys.argv[1]})
opener = urllib.request.build_opener(proxy)
req = urllib.request.Request(sys.argv[2], data=b"abc", headers={"Keep-Alive": "300", "X-One": "1"})
with opener.open(req, timeout=10) as resp:
    sys.stdout.write("%d %s" % (resp.status, resp.read().decode()))
`;

const TUNNEL_CLIENT = `
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(("CONNECT 127.0.0.1:%s HTTP/1.1\\r\\nHost: x\\r\\n%s\\r\\nearly " % (sys.argv[2], sys.argv[3])).encode())
s.sendall(b"bytes")
s.shutdown(socket.SHUT_WR)
out = b""
while True:
    d = s.recv(65536)
    if not d: break
    out += d
sys.stdout.write(out.decode())
`;

describe("listen --proxy-type http", () => {
  test("CONNECT tunnels both ways, bytes sent with the request included", async () => {
    const { port } = await proxyServer();
    const far = await farServer((request) => request.toUpperCase());
    await using _far = far.server;
    const client = peer(["python3", "-c", TUNNEL_CLIENT, port, String(far.port), ""]);
    const done = await client.finish();
    await far.served;
    expect(done.stdout).toBe("HTTP/1.0 200 OK\r\n\r\nEARLY BYTES");
  });

  test("answers 400 to a malformed request and a CONNECT without a port, 405 to others", async () => {
    const { port } = await proxyServer();
    expect(await ask(port, "bad\r\n\r\n")).toStartWith("HTTP/1.0 400 ");
    expect(await ask(port, "CONNECT 127.0.0.1 HTTP/1.0\r\n\r\n")).toStartWith("HTTP/1.0 400 ");
    expect(await ask(port, "CONNECT [::1]: HTTP/1.0\r\n\r\n")).toStartWith("HTTP/1.0 400 ");
    expect(await ask(port, "BREW http://127.0.0.1:9/ HTTP/1.0\r\n\r\n")).toStartWith(
      "HTTP/1.0 405 ",
    );
    const long = await ask(port, `CONNECT ${"A".repeat(24000)}:80 HTTP/1.0\r\n\r\n`);
    expect(long).toStartWith("HTTP/1.0 414 ");
  });

  test("an oversized head gets its 413 and a clean end, not a reset, though more was sent", async () => {
    // 150 KB of fields, as ncat's suite sends: the proxy answers after 64 KiB of them, and
    // closing with the rest unread would reset the connection under the answer.
    const { port } = await proxyServer();
    const head = `CONNECT 127.0.0.1:9 HTTP/1.0\r\n${"Header: Value\r\n".repeat(10000)}\r\n`;
    expect(await ask(port, head)).toStartWith("HTTP/1.0 413 ");
  });

  test("a target that refuses is a 504, and the proxy keeps serving", async () => {
    const { port } = await proxyServer();
    const closed = await boundSocket();
    const closedPort = (closed.getsockname() as [string, number])[1];
    closed.close();
    const answer = await ask(port, `CONNECT 127.0.0.1:${closedPort} HTTP/1.0\r\n\r\n`);
    expect(answer).toStartWith("HTTP/1.0 504 ");
    expect(await ask(port, "bad\r\n\r\n")).toStartWith("HTTP/1.0 400 ");
  });

  test("--proxy-auth: 407 with a Basic challenge, then the right login tunnels", async () => {
    const { port } = await proxyServer(["--proxy-auth", "user:pass"]);
    const challenge = await ask(port, "CONNECT 127.0.0.1:9 HTTP/1.0\r\n\r\n");
    expect(challenge).toStartWith("HTTP/1.0 407 ");
    expect(challenge).toContain('Proxy-Authenticate: Basic realm="Ncat"');
    const wrong = `Proxy-Authorization: Basic ${btoa("user:nope")}`;
    expect(await ask(port, `CONNECT 127.0.0.1:9 HTTP/1.0\r\n${wrong}\r\n\r\n`)).toStartWith(
      "HTTP/1.0 407 ",
    );
    const far = await farServer((request) => request.toUpperCase());
    await using _far = far.server;
    // Folded across lines and with the scheme in another case, as RFC 7230 allows.
    const login = `Proxy-Authorization: bAsIc\r\n ${btoa("user:pass")}\r\n`;
    const client = peer(["python3", "-c", TUNNEL_CLIENT, port, String(far.port), login]);
    const done = await client.finish();
    await far.served;
    expect(done.stdout).toBe("HTTP/1.0 200 OK\r\n\r\nEARLY BYTES");
  });

  test("forwards a POST from urllib in origin form, without hop-by-hop fields", async () => {
    const { port } = await proxyServer();
    const origin = await originServer();
    await using _origin = origin.server;
    const url = `http://127.0.0.1:${origin.port}/path?q=%41`;
    const done = await peer(["python3", "-c", URLLIB_POST, port, url]).finish();
    expect(done.stdout).toBe("200 hi");
    const request = await origin.received;
    expect(request).toStartWith("POST /path?q=%41 HTTP/1.1\r\n");
    expect(request).toContain("\r\nX-One: 1\r\n");
    expect(request).toContain("\r\nContent-Length: 3\r\n");
    expect(request).not.toMatch(/keep-alive/i);
    expect(request).toEndWith("\r\n\r\nabc");
  });

  test("decodes a chunked body and refuses a request for itself with 403", async () => {
    const { port } = await proxyServer();
    const origin = await originServer();
    await using _origin = origin.server;
    const chunked = `POST http://127.0.0.1:${origin.port}/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabc\n\r\n3\r\ndef\r\n0\r\n\r\n`;
    expect(await ask(port, chunked)).toBe("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi");
    const request = await origin.received;
    expect(request).not.toMatch(/transfer-encoding/i);
    expect(request).toEndWith("Content-Length: 7\r\nConnection: close\r\n\r\nabc\ndef");
    const loop = await ask(port, `GET http://127.0.0.1:${port}/ HTTP/1.0\r\n\r\n`);
    expect(loop).toStartWith("HTTP/1.0 403 ");
    expect(await ask(port, "GET / HTTP/1.0\r\n\r\n")).toStartWith("HTTP/1.0 400 ");
  });

  test("rejects another --proxy-type in listen as a usage error", async () => {
    const done = await sockit(["listen", "--proxy-type", "socks5", "127.0.0.1", "0"]).finish();
    expect(done.exitCode).toBe(2);
    expect(done.stderr).toContain("only http is served");
  });
});
