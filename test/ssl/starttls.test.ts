/**
 * STARTTLS: wrap_socket on a socket that has already exchanged plain lines, either side; and
 * sendfile on an upgraded socket.
 */
import { expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { create_connection, SHUT_WR, ssl } from "../../src/index.ts";
import { listener, tempDir, track } from "../_helpers.ts";
import { withPython } from "../_python.ts";
import { certs } from "./_certs.ts";

const PY_SERVER = `
import socket, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
srv = socket.create_server(("127.0.0.1", 0))
print(srv.getsockname()[1], flush=True)
conn, _ = srv.accept()
plain = conn.makefile("rb")
conn.sendall(b"220 ready\\r\\n")
assert plain.readline() == b"STARTTLS\\r\\n"
conn.sendall(b"220 go ahead\\r\\n")
tls = ctx.wrap_socket(conn, server_side=True)
line = tls.recv(100)
tls.sendall(b"250 " + line.strip() + b" over " + tls.version().encode() + b"\\r\\n")
tls.unwrap()
`;

/** A TLS server that prints the size and sha256 of what arrives before EOF. */
const PY_DIGEST_SERVER = `
import hashlib, socket, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
srv = socket.create_server(("127.0.0.1", 0))
print(srv.getsockname()[1], flush=True)
conn, _ = srv.accept()
tls = ctx.wrap_socket(conn, server_side=True)
digest, total = hashlib.sha256(), 0
while data := tls.recv(65536):
    digest.update(data)
    total += len(data)
print(total, digest.hexdigest(), flush=True)
`;

const PY_CLIENT = `
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
plain = sock.makefile("rb")
print(plain.readline().decode().strip(), flush=True)
sock.sendall(b"STARTTLS\\r\\n")
print(plain.readline().decode().strip(), flush=True)
tls = ctx.wrap_socket(sock, server_hostname="localhost")
tls.sendall(b"EHLO python\\r\\n")
print(tls.recv(100).decode().strip(), flush=True)
`;

test("client: plain lines, then wrap_socket upgrades the same connection", async () => {
  const { leaf, ca } = certs();
  await withPython(PY_SERVER, [leaf.cert, leaf.key], async (py) => {
    const sock = track(await create_connection(["127.0.0.1", Number(await py.readLine())]));
    expect((await sock.readline()).toString()).toBe("220 ready\r\n");
    await sock.sendall(Buffer.from("STARTTLS\r\n"));
    expect((await sock.readline()).toString()).toBe("220 go ahead\r\n");
    const ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, { cafile: ca });
    const tls = track(await ctx.wrap_socket(sock, { server_hostname: "localhost" }));
    // The plain socket handed its connection over, as Python's detach() does.
    expect(sock.fileno()).toBe(-1);
    await tls.sendall(Buffer.from("EHLO sockit\r\n"));
    expect((await tls.readline()).toString()).toBe("250 EHLO sockit over TLSv1.3\r\n");
  });
});

test("server: plain lines, then a server-side wrap_socket of the accepted socket", async () => {
  const { leaf, ca } = certs();
  const srv = await listener();
  const [, port] = srv.getsockname() as [string, number];
  await withPython(PY_CLIENT, [String(port), ca], async (py) => {
    const [conn] = await srv.accept();
    track(conn);
    await conn.sendall(Buffer.from("220 ready\r\n"));
    expect(await py.readLine()).toBe("220 ready");
    expect((await conn.readline()).toString()).toBe("STARTTLS\r\n");
    await conn.sendall(Buffer.from("220 go ahead\r\n"));
    const ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH);
    ctx.load_cert_chain(leaf.cert, leaf.key);
    const tls = track(await ctx.wrap_socket(conn, { server_side: true }));
    expect(await py.readLine()).toBe("220 go ahead");
    expect((await tls.readline()).toString()).toBe("EHLO python\r\n");
    await tls.sendall(Buffer.from("250 welcome\r\n"));
    expect(await py.readLine()).toBe("250 welcome");
  });
});

test("sendfile on an SSLSocket sends through TLS, not sendfile(2) under it", async () => {
  const { leaf, ca } = certs();
  const file = join(tempDir(), "payload");
  const payload = Buffer.alloc(300_000, "sockit sendfile over tls\n");
  writeFileSync(file, payload);
  await withPython(PY_DIGEST_SERVER, [leaf.cert, leaf.key], async (py) => {
    const sock = await create_connection(["127.0.0.1", Number(await py.readLine())]);
    const ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, { cafile: ca });
    const tls = track(await ctx.wrap_socket(sock, { server_hostname: "localhost" }));
    expect(await tls.sendfile(file)).toBe(payload.length);
    tls.shutdown(SHUT_WR);
    const digest = createHash("sha256").update(payload).digest("hex");
    expect(await py.readLine()).toBe(`${payload.length} ${digest}`);
  });
});
