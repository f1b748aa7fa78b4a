/**
 * --ssl from the compiled binary against TLS peers we did not write: openssl s_server and
 * s_client, ncat --ssl, python3's ssl. Refusals are one line and exit 1.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import { certs } from "../ssl/_certs.ts";
import { cleanup, peer, run, sockit } from "./_cli.ts";

afterEach(cleanup);

/** s_server on an ephemeral port, its stdin kept open (it quits at stdin EOF). */
async function sServer(cert: string, key: string) {
  const server = peer(
    ["openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", cert, "-key", key, "-naccept", "1"],
    { open: true },
  );
  await server.waitForStdout("ACCEPT");
  const port = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(server.stdout)?.[1] ?? "";
  return { server, port };
}

/** A python3 TCP server that answers a client with plain text: not TLS. */
const PLAIN_SERVER = `
import socket, sys
srv = socket.create_server(("127.0.0.1", 0))
print("listening on", srv.getsockname()[1], file=sys.stderr, flush=True)
conn, _ = srv.accept()
conn.sendall(b"SSH-2.0-OpenSSH_9.6\\r\\n")
conn.recv(65536)
conn.close()
`;

describe("connect --ssl", () => {
  test("to s_server: verified against --ssl-trustfile, -v shows the session, bytes both ways", async () => {
    const { leaf, ca } = certs();
    const { server, port } = await sServer(leaf.cert, leaf.key);
    const client = sockit(["connect", "-v", "--ssl", "--ssl-trustfile", ca, "localhost", port], {
      open: true,
      input: "from sockit\n",
    });
    await server.waitForStdout("from sockit");
    server.write("from openssl\n");
    await client.waitForStdout("from openssl\n");
    await client.end();
    const done = await client.finish();
    expect(done.exitCode).toBe(0);
    const fingerprint = new X509Certificate(await Bun.file(leaf.cert).text()).fingerprint256;
    expect(done.lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sockit: TLS: TLSv1\.3, cipher TLS_\w+ \(\d+ bits\)$/),
        "sockit: ALPN: none",
        "sockit: Subject: C=DE, O=sockit tests, CN=localhost",
        "sockit: Issuer: O=sockit tests, CN=sockit test CA",
        expect.stringMatching(/^sockit: Valid: \w{3} .+ GMT to \w{3} .+ GMT$/),
        `sockit: SHA-256 fingerprint: ${fingerprint}`,
        "sockit: Verification: OK (localhost)",
      ]),
    );
  });

  const c = certs();
  test.each([
    [
      "an untrusted (self-signed) certificate",
      c.selfSigned,
      [],
      "localhost",
      "certificate verify failed: self-signed certificate",
    ],
    [
      "a name the certificate does not cover",
      c.leaf,
      ["--ssl-trustfile", c.ca, "--ssl-servername", "x"],
      "127.0.0.1",
      "certificate verify failed: hostname mismatch, certificate is not valid for 'x'",
    ],
    [
      "an expired certificate",
      c.expired,
      ["--ssl-trustfile", c.expired.cert],
      "localhost",
      "certificate verify failed: certificate has expired",
    ],
  ] as const)("refuses %s: one line, exit 1", async (_name, pair, flags, host, why) => {
    const { port } = await sServer(pair.cert, pair.key);
    const done = await run(["connect", "--ssl", ...flags, host, port]);
    expect(done.lines).toEqual([`sockit: connect ${host}:${port}: ${why}`]);
    expect(done.exitCode).toBe(1);
  });

  test("through a SOCKS5 proxy: TLS end to end, the name checked is the target's", async () => {
    const { leaf, ca } = certs();
    const { server, port } = await sServer(leaf.cert, leaf.key);
    const socks = peer(["python3", join(import.meta.dir, "fixtures/proxy.py"), "socks5"]);
    await socks.waitForStdout("\n");
    const proxy = `127.0.0.1:${socks.stdout.trim()}`;
    const args = [
      "connect",
      "-v",
      "--proxy",
      proxy,
      "--proxy-type",
      "socks5",
      "--ssl",
      "--ssl-trustfile",
      ca,
      "localhost",
      port,
    ];
    const client = sockit(args, { open: true, input: "via socks\n" });
    await server.waitForStdout("via socks");
    await client.end();
    const done = await client.finish();
    expect(done.exitCode).toBe(0);
    expect(done.stderr).toContain("sockit: Verification: OK (localhost)");
    expect(socks.stderr).toContain(`CONNECT localhost ${port}`);
  });

  test("--no-ssl-verify accepts the self-signed certificate", async () => {
    const { selfSigned } = certs();
    const { server, port } = await sServer(selfSigned.cert, selfSigned.key);
    const done = await run(["connect", "--tls", "--no-ssl-verify", "127.0.0.1", port], {
      input: "unverified\n",
    });
    await server.waitForStdout("unverified");
    expect(done.exitCode).toBe(0);
  });

  test("a plain-text peer on the port: one line, exit 1", async () => {
    const plain = peer(["python3", "-c", PLAIN_SERVER]);
    const [, port] = (await plain.waitFor(/listening on (\d+)/)) as string[];
    const done = await run(["connect", "--ssl", "127.0.0.1", String(port)]);
    expect(done.lines).toEqual([
      `sockit: connect 127.0.0.1:${port}: TLS handshake failed: wrong version number (is the peer speaking TLS?)`,
    ]);
    expect(done.exitCode).toBe(1);
  });

  test("a missing trust file, a bad --starttls: usage errors", async () => {
    for (const [args, line] of [
      [
        ["--ssl", "--ssl-trustfile", "/nonexistent"],
        "sockit: --ssl-trustfile /nonexistent: [Errno 2] No such file or directory",
      ],
      [
        ["--starttls", "gopher"],
        "sockit: invalid --starttls 'gopher' (one of: smtp, imap, pop3, ftp, xmpp)",
      ],
    ] as const) {
      const done = await run(["connect", ...args, "127.0.0.1", "9"]);
      expect(done.lines[0]).toBe(line);
      expect(done.exitCode).toBe(2);
    }
  });
});

describe("a TLS flag without --ssl turns TLS on, as in ncat", () => {
  test("listen --ssl-cert, connect --ssl-verify --ssl-trustfile: verified, bytes both ways", async () => {
    const { leaf, ca } = certs();
    const listen = ["listen", "--json", "--ssl-cert", leaf.cert, "--ssl-key", leaf.key];
    const server = sockit([...listen, "127.0.0.1", "0"], { open: true });
    const port = String(await server.listening());
    const client = sockit(["--ssl-verify", "--ssl-trustfile", ca, "localhost", port], {
      open: true,
      input: "over TLS\n",
    });
    await server.waitForStdout("over TLS\n");
    server.write("back\n");
    await client.waitForStdout("back\n");
    await client.end();
    expect((await client.finish()).exitCode).toBe(0);
    expect((await server.finish()).exitCode).toBe(0);
  });

  test("--ssl-alpn alone: the client speaks TLS, so a plain-text peer is refused", async () => {
    const plain = peer(["python3", "-c", PLAIN_SERVER]);
    const [, port] = (await plain.waitFor(/listening on (\d+)/)) as string[];
    const done = await run(["connect", "--ssl-alpn", "h2", "127.0.0.1", String(port)]);
    expect(done.lines[0]).toMatch(/TLS handshake failed/);
    expect(done.exitCode).toBe(1);
  });
});

describe("listen --ssl", () => {
  test("a throwaway certificate: -v prints its fingerprint, the one s_client is shown", async () => {
    const server = sockit(["listen", "-v", "--ssl", "--echo", "127.0.0.1", "0"]);
    const port = await server.listening();
    const [, printed] = (await server.waitFor(/SHA-256 fingerprint: ([0-9A-F:]+)/)) as string[];
    const client = peer(["openssl", "s_client", "-connect", `127.0.0.1:${port}`], {
      open: true,
      input: "echo me\n",
    });
    await client.waitForStdout("echo me\n");
    const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(client.stdout);
    expect(new X509Certificate(pem?.[0] ?? "").fingerprint256).toBe(printed as string);
    expect(client.stdout).toContain("subject=CN = localhost, O = sockit throwaway");
    await client.end();
    expect((await server.finish()).exitCode).toBe(0);
  });

  test("ncat --ssl talks to it; --ssl-cert/--ssl-key serve our CA's certificate", async () => {
    const { leaf, ca } = certs();
    const server = sockit(
      [
        "listen",
        "--ssl",
        "--ssl-cert",
        leaf.cert,
        "--ssl-key",
        leaf.key,
        "--json",
        "127.0.0.1",
        "0",
      ],
      { open: true, input: "from sockit\n" },
    );
    const port = await server.listening();
    const ncat = peer(
      ["ncat", "--ssl", "--ssl-verify", "--ssl-trustfile", ca, "localhost", String(port)],
      { open: true, input: "from ncat\n" },
    );
    await server.waitForStdout("from ncat\n");
    await ncat.waitForStdout("from sockit\n");
    await ncat.end();
    await server.end();
    expect((await server.finish()).exitCode).toBe(0);
  });

  test("-k: a client that fails its handshake is reported, the next one is served", async () => {
    const server = sockit(["listen", "-k", "--ssl", "--echo", "127.0.0.1", "0"]);
    const port = String(await server.listening());
    // A plain client gets a TLS alert and a reset; what matters is the server going on.
    await run(["connect", "127.0.0.1", port], { input: "not tls\n" });
    await server.waitFor(/TLS handshake failed/);
    const done = await run(["connect", "--ssl", "--no-ssl-verify", "127.0.0.1", port], {
      input: "tls works\n",
    });
    expect(done.stdout).toBe("tls works\n");
    expect(done.exitCode).toBe(0);
    expect(server.stderr).toMatch(/^sockit: 127\.0\.0\.1:\d+: TLS handshake failed: .+$/m);
  });

  test("--ssl-verify: a client certificate from --ssl-trustfile's CA is required", async () => {
    const { leaf, ca, client: clientCert } = certs();
    const listen = (...verbose: string[]) =>
      sockit([
        "listen",
        "--ssl",
        "--ssl-verify",
        "--ssl-trustfile",
        ca,
        "--ssl-cert",
        leaf.cert,
        "--ssl-key",
        leaf.key,
        ...verbose,
        "127.0.0.1",
        "0",
      ]);
    const server = listen("-v");
    const port = String(await server.listening());
    const ok = await run(
      [
        "connect",
        "--ssl",
        "--ssl-trustfile",
        ca,
        "--ssl-cert",
        clientCert.cert,
        "--ssl-key",
        clientCert.key,
        "localhost",
        port,
      ],
      { input: "with a certificate\n" },
    );
    expect(ok.exitCode).toBe(0);
    const served = await server.finish();
    expect(served.stdout).toBe("with a certificate\n");
    expect(served.stderr).toContain("sockit: Subject: O=sockit tests, CN=sockit client");

    const strict = listen();
    const strictPort = String(await strict.listening());
    await run(["connect", "--ssl", "--ssl-trustfile", ca, "localhost", strictPort]);
    const refused = await strict.finish();
    expect(refused.lines.at(-1)).toMatch(
      /^sockit: connection from 127\.0\.0\.1:\d+: TLS handshake failed: peer did not return a certificate$/,
    );
    expect(refused.exitCode).toBe(1);
  });
});
