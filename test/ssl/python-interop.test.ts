/** The library's SSLSocket against python3's ssl, as server and as client, up to 64 MiB. */
import { expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { create_connection, ssl } from "../../src/index.ts";
import { listener, track } from "../_helpers.ts";
import { withPython } from "../_python.ts";
import { certs } from "./_certs.ts";

const MIB64 = 64 * 1024 * 1024;

/** python3 serving TLS: it sends `size` bytes of a seeded pattern, then its sha256, then closes. */
const PY_SERVER = `
import hashlib, socket, ssl, sys
cert, key, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
ctx.set_alpn_protocols(["sockit/1"])
srv = socket.create_server(("127.0.0.1", 0))
print(srv.getsockname()[1], flush=True)
conn, _ = srv.accept()
with ctx.wrap_socket(conn, server_side=True) as tls:
    print(tls.version(), tls.selected_alpn_protocol(), flush=True)
    block = hashlib.sha256(b"seed").digest() * 2048
    digest = hashlib.sha256()
    sent = 0
    while sent < size:
        piece = block[: size - sent]
        tls.sendall(piece)
        digest.update(piece)
        sent += len(piece)
    print(digest.hexdigest(), flush=True)
    tls.unwrap()
`;

/** python3 as a TLS client: sends what it reads from us back with its sha256 on stdout. */
const PY_CLIENT = `
import hashlib, socket, ssl, sys
port, ca = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=ca)
with ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost") as tls:
    print(tls.version(), tls.getpeercert()["subject"], flush=True)
    digest = hashlib.sha256()
    total = 0
    while True:
        data = tls.recv(1 << 20)
        if not data:
            break
        digest.update(data)
        total += len(data)
    print(total, digest.hexdigest(), flush=True)
`;

test("client: 64 MiB from python3's TLS server arrive intact (sha256)", async () => {
  const { leaf, ca } = certs();
  await withPython(PY_SERVER, [leaf.cert, leaf.key, String(MIB64)], async (py) => {
    const port = Number(await py.readLine());
    const ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, { cafile: ca });
    ctx.set_alpn_protocols(["sockit/1"]);
    const sock = await create_connection(["127.0.0.1", port]);
    const tls = track(await ctx.wrap_socket(sock, { server_hostname: "localhost" }));
    expect(await py.readLine()).toBe("TLSv1.3 sockit/1");
    expect(tls.selected_alpn_protocol()).toBe("sockit/1");
    const digest = createHash("sha256");
    let total = 0;
    for (;;) {
      const data = await tls.recv(1 << 20);
      if (data.length === 0) break;
      digest.update(data);
      total += data.length;
    }
    expect(total).toBe(MIB64);
    expect(digest.digest("hex")).toBe(await py.readLine());
  });
});

test("server: python3's client verifies us and receives 64 MiB intact (sha256)", async () => {
  const { leaf, ca } = certs();
  const ctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);
  ctx.load_cert_chain(leaf.cert, leaf.key);
  const srv = track(await ctx.wrap_socket(await listener(), { server_side: true }));
  const [, port] = srv.getsockname() as [string, number];
  await withPython(PY_CLIENT, [String(port), ca], async (py) => {
    const [conn] = await srv.accept();
    track(conn);
    expect(await py.readLine()).toBe(
      "TLSv1.3 ((('countryName', 'DE'),), (('organizationName', 'sockit tests'),), (('commonName', 'localhost'),))",
    );
    const block = Buffer.alloc(1 << 20);
    for (let i = 0; i < block.length; i++) block[i] = (i * 7 + 3) & 0xff;
    const digest = createHash("sha256");
    for (let sent = 0; sent < MIB64; sent += block.length) {
      await conn.sendall(block);
      digest.update(block);
    }
    conn.close();
    expect(await py.readLine()).toBe(`${MIB64} ${digest.digest("hex")}`);
  });
});
