/**
 * `listen --proxy-type http --proxy-auth`: Digest logins (RFC 7616, MD5), computed here the way
 * a client does, against the nonce of the proxy's own 407 challenge.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { AF_INET, SOCK_STREAM, socket } from "../../src/index.ts";
import { boundSocket, cleanup, sockit } from "./_cli.ts";

afterEach(cleanup);

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

/** Sends `request` raw and returns the first answer the proxy gives (it may keep the line open). */
async function ask(port: string, request: string): Promise<string> {
  await using sock = socket(AF_INET, SOCK_STREAM);
  sock.settimeout(10);
  await sock.connect(["127.0.0.1", Number(port)]);
  await sock.sendall(Buffer.from(request));
  let answer = "";
  while (!answer.includes("\r\n\r\n")) {
    const data = await sock.recv(65536);
    if (data.length === 0) break;
    answer += data.toString();
  }
  return answer;
}

async function digestProxy() {
  const server = sockit(
    ["listen", "-v", "--proxy-type", "http", "--proxy-auth", "user:pass"].concat([
      "127.0.0.1",
      "0",
    ]),
  );
  return String(await server.listening());
}

function login(fields: Record<string, string>): string {
  const list = Object.entries(fields).map(([k, v]) => `${k}="${v}"`);
  return `Proxy-Authorization: Digest ${list.join(", ")}\r\n`;
}

describe("listen --proxy-auth, Digest", () => {
  test("the challenge's nonce with the right password opens the tunnel, qop=auth or none", async () => {
    const port = await digestProxy();
    const far = await boundSocket();
    const farPort = (far.getsockname() as [string, number])[1];
    await using _far = far;
    const target = `127.0.0.1:${farPort}`;
    const challenge = await ask(port, `CONNECT ${target} HTTP/1.0\r\n\r\n`);
    expect(challenge).toStartWith("HTTP/1.0 407 ");
    const digest = /Proxy-Authenticate: Digest ([^\r]*)/.exec(challenge)?.[1] ?? "";
    const realm = /realm="([^"]*)"/.exec(digest)?.[1] ?? "";
    const nonce = /nonce="([^"]*)"/.exec(digest)?.[1] ?? "";
    expect(realm).toBe("Ncat");
    expect(nonce).not.toBe("");
    const ha1 = md5(`user:${realm}:pass`);
    const ha2 = md5(`CONNECT:${target}`);
    const withQop = md5(`${ha1}:${nonce}:00000001:abcdefg:auth:${ha2}`);
    const base = { username: "user", realm, nonce, uri: target };
    const qop = { ...base, qop: "auth", nc: "00000001", cnonce: "abcdefg", response: withQop };
    const ok = `CONNECT ${target} HTTP/1.0\r\n${login(qop)}\r\n`;
    expect(await ask(port, ok)).toBe("HTTP/1.0 200 OK\r\n\r\n");
    const noQop = { ...base, response: md5(`${ha1}:${nonce}:${ha2}`) };
    expect(await ask(port, `CONNECT ${target} HTTP/1.0\r\n${login(noQop)}\r\n`)).toBe(
      "HTTP/1.0 200 OK\r\n\r\n",
    );
    const wrongPass = { ...base, response: md5(`${md5(`user:${realm}:nope`)}:${nonce}:${ha2}`) };
    const missingUri = { username: "user", nonce, response: noQop.response };
    const madeUpNonce = { ...base, nonce: "1234-abcd", response: md5(`${ha1}:1234-abcd:${ha2}`) };
    for (const fields of [wrongPass, missingUri, madeUpNonce]) {
      const answer = await ask(port, `CONNECT ${target} HTTP/1.0\r\n${login(fields)}\r\n`);
      expect(answer).toStartWith("HTTP/1.0 407 ");
    }
  });
});
