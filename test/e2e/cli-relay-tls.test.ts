/**
 * relay's ssl-listen: (TLS termination) and ssl: (origination): against python3's ssl and
 * openssl on the far side, 256 MiB TLS to TCP by sha256, and a failed verification as one line.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { AF_INET, SHUT_WR, SOCK_STREAM, type Socket, socket, ssl } from "../../src/index.ts";
import { certs } from "../ssl/_certs.ts";
import { CHUNK, chunk, digester, MiB } from "./_bulk.ts";
import { boundSocket, cleanup, jsonEvents, peer, sockit } from "./_cli.ts";

afterEach(cleanup);

const TOTAL = 256 * MiB;
const BULK_DEADLINE_MS = 60_000;

async function relay(args: string[]) {
  const child = sockit(["relay", "--json", ...args]);
  const address = await child.listeningAddress();
  return { child, port: Number(address.slice(address.lastIndexOf(":") + 1)) };
}

/** A TLS client from the library that trusts the test CA. */
async function tlsClient(port: number): Promise<Socket> {
  const context = ssl.create_default_context(undefined, { cafile: certs().ca });
  const sock = socket(AF_INET, SOCK_STREAM);
  await sock.connect(["127.0.0.1", port]);
  return context.wrap_socket(sock, { server_hostname: "localhost" });
}

async function readAll(sock: Socket) {
  const got = digester();
  const parts: Buffer[] = [];
  for (;;) {
    const data = await sock.recv(4 * MiB);
    if (data.length === 0) return { ...got.result(), text: Buffer.concat(parts).toString() };
    got.update(data);
    if (parts.length < 4) parts.push(data);
  }
}

/** python3's ssl as the far server: one client, its request upper-cased once it has ended. */
const PY_SERVER = `
import socket, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
srv = socket.create_server(("127.0.0.1", 0))
print(srv.getsockname()[1], flush=True)
conn, _ = srv.accept()
with ctx.wrap_socket(conn, server_side=True) as tls:
    data = b""
    while chunk := tls.recv(65536):
        data += chunk
    tls.sendall(data.upper() + b" (" + tls.version().encode() + b")")
`;

describe("relay with TLS", () => {
  test("ssl-listen: terminates TLS for a plain TCP server", async () => {
    const { leaf } = certs();
    await using far = await boundSocket();
    const farPort = (far.getsockname() as [string, number])[1];
    const listen = `ssl-listen:127.0.0.1:0,cert=${leaf.cert},key=${leaf.key}`;
    const { child, port } = await relay(["--once", listen, `tcp:127.0.0.1:${farPort}`]);
    await using client = await tlsClient(port);
    await client.sendall(Buffer.from("over tls"));
    client.shutdown(SHUT_WR);
    const [conn] = await far.accept();
    await using _conn = conn;
    expect((await readAll(conn)).text).toBe("over tls");
    await conn.sendall(Buffer.from("plain reply"));
    conn.close();
    expect((await readAll(client)).text).toBe("plain reply");
    expect((await child.finish()).exitCode).toBe(0);
  });

  test("ssl: originates TLS to python3's ssl server, verified against cafile=", async () => {
    const { ca, leaf } = certs();
    const far = peer(["python3", "-c", PY_SERVER, leaf.cert, leaf.key]);
    await far.waitForStdout("\n");
    const farPort = far.stdout.trim();
    const right = `ssl:localhost:${farPort},cafile=${ca}`;
    const { child, port } = await relay(["--once", "tcp-listen:127.0.0.1:0", right]);
    await using client = socket(AF_INET, SOCK_STREAM);
    await client.connect(["127.0.0.1", port]);
    await client.sendall(Buffer.from("to python"));
    client.shutdown(SHUT_WR);
    expect((await readAll(client)).text).toMatch(/^TO PYTHON \(TLSv1\.[23]\)$/);
    expect((await child.finish()).exitCode).toBe(0);
    expect((await far.finish()).exitCode).toBe(0);
  });

  test("ssl: to a server the CA did not sign fails in one line, exit 1", async () => {
    const { ca, selfSigned } = certs();
    const far = peer(["python3", "-c", PY_SERVER, selfSigned.cert, selfSigned.key]);
    await far.waitForStdout("\n");
    const right = `ssl:localhost:${far.stdout.trim()},cafile=${ca}`;
    const { child, port } = await relay(["--once", "tcp-listen:127.0.0.1:0", right]);
    await using client = socket(AF_INET, SOCK_STREAM);
    await client.connect(["127.0.0.1", port]);
    const done = await child.finish();
    expect(done.exitCode).toBe(1);
    const errors = jsonEvents(done.stderr).filter((e) => e.event === "error");
    expect(errors).toHaveLength(1);
    // The CLI words ssl errors in one short line (src/cli/_tls-errors.ts).
    expect(String(errors[0]?.message)).toMatch(
      /^TLS with localhost:\d+: certificate verify failed: self-signed certificate$/,
    );
    await far.kill();
  });

  test(
    "256 MiB TLS to TCP keeps its sha256",
    async () => {
      const { leaf } = certs();
      await using far = await boundSocket();
      const farPort = (far.getsockname() as [string, number])[1];
      const listen = `ssl-listen:127.0.0.1:0,cert=${leaf.cert},key=${leaf.key}`;
      const child = sockit(["relay", "--once", "-v", listen, `tcp:127.0.0.1:${farPort}`]);
      const address = await child.listeningAddress();
      await using client = await tlsClient(Number(address.split(":")[1]));
      const [conn] = await far.accept();
      await using _conn = conn;
      const sending = (async () => {
        const sent = digester();
        for (let index = 0; index < TOTAL / CHUNK; index++) {
          const data = chunk(5, index);
          sent.update(data);
          await client.sendall(data);
        }
        client.shutdown(SHUT_WR);
        return sent.result();
      })();
      const [sent, atFar] = await Promise.all([sending, readAll(conn)]);
      expect({ size: atFar.size, sha256: atFar.sha256 }).toEqual(sent);
      conn.close();
      const done = await child.finish(BULK_DEADLINE_MS);
      expect(done.exitCode).toBe(0);
      expect(done.lines.at(-1)).toMatch(
        new RegExp(`^sockit: 0 bytes sent, ${TOTAL} bytes received`),
      );
    },
    BULK_DEADLINE_MS,
  );
});
