/**
 * Peers our client must refuse, each met by python3's ssl and by ours: the same exception
 * class, message and verify_code. Also proves the default context refuses a self-signed peer.
 */
import { expect, test } from "bun:test";
import { create_connection, ssl } from "../../src/index.ts";
import { withPython } from "../_python.ts";
import { certs } from "./_certs.ts";

/** Serves `count` connections: TLS with the given certificate, or plain text, or a hang-up. */
const PY_PEER = `
import socket, ssl, sys
mode, cert, key = sys.argv[1], sys.argv[2], sys.argv[3]
srv = socket.create_server(("127.0.0.1", 0))
print(srv.getsockname()[1], flush=True)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
if mode == "tls":
    ctx.load_cert_chain(cert, key)
for _ in range(2):
    conn, _ = srv.accept()
    try:
        if mode == "plain":
            conn.sendall(b"220 plain text here\\r\\n")
            conn.recv(4096)
        elif mode == "hangup":
            # Read the ClientHello first: closing with it unread would send RST, not FIN.
            conn.recv(4096)
        elif mode == "tls":
            ctx.wrap_socket(conn, server_side=True).recv(1)
    except (OSError, ssl.SSLError):
        pass
    conn.close()
`;

/** python3's client: prints class, verify_code and message of what wrap_socket raised. */
const PY_CLIENT = `
import json, socket, ssl, sys
port, host, cafile = int(sys.argv[1]), sys.argv[2], sys.argv[3] or None
ctx = ssl.create_default_context(cafile=cafile)
try:
    ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname=host)
    print(json.dumps(["ok", None, ""]))
except Exception as e:
    print(json.dumps([type(e).__name__, getattr(e, "verify_code", None), str(e)]))
`;

async function ours(port: number, host: string, cafile: string) {
  const ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile ? { cafile } : {});
  const sock = await create_connection(["127.0.0.1", port]);
  try {
    (await ctx.wrap_socket(sock, { server_hostname: host })).close();
    return ["ok", null, ""];
  } catch (err) {
    const e = err as Error & { verify_code?: number };
    return [e.name, e.verify_code ?? null, e.message];
  } finally {
    sock.close();
  }
}

const c = certs();
const CASES: {
  name: string;
  mode: string;
  cert: typeof c.leaf;
  host: string;
  cafile: string;
  expected: unknown[];
}[] = [
  {
    name: "self-signed, default context",
    mode: "tls",
    cert: c.selfSigned,
    host: "localhost",
    cafile: "",
    expected: [
      "SSLCertVerificationError",
      18,
      "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)",
    ],
  },
  {
    name: "issuer unknown to the system store",
    mode: "tls",
    cert: c.leaf,
    host: "localhost",
    cafile: "",
    expected: [
      "SSLCertVerificationError",
      20,
      "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)",
    ],
  },
  {
    name: "expired",
    mode: "tls",
    cert: c.expired,
    host: "localhost",
    cafile: c.expired.cert,
    expected: [
      "SSLCertVerificationError",
      10,
      "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)",
    ],
  },
  {
    name: "wrong host name",
    mode: "tls",
    cert: c.leaf,
    host: "wrong.example",
    cafile: c.ca,
    expected: [
      "SSLCertVerificationError",
      62,
      "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'wrong.example'. (_ssl.c:1006)",
    ],
  },
  {
    name: "wrong IP address",
    mode: "tls",
    cert: c.leaf,
    host: "127.0.0.2",
    cafile: c.ca,
    expected: [
      "SSLCertVerificationError",
      64,
      "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: IP address mismatch, certificate is not valid for '127.0.0.2'. (_ssl.c:1006)",
    ],
  },
  {
    name: "plain-text peer",
    mode: "plain",
    cert: c.leaf,
    host: "localhost",
    cafile: c.ca,
    expected: ["SSLError", null, "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)"],
  },
  {
    name: "peer hangs up in the handshake",
    mode: "hangup",
    cert: c.leaf,
    host: "localhost",
    cafile: c.ca,
    expected: [
      "SSLEOFError",
      null,
      "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)",
    ],
  },
  {
    name: "trusted and matching",
    mode: "tls",
    cert: c.leaf,
    host: "localhost",
    cafile: c.ca,
    expected: ["ok", null, ""],
  },
];

test.each(CASES)(
  "$name: python3 and sockit raise the same",
  async ({ mode, cert, host, cafile, expected }) => {
    await withPython(PY_PEER, [mode, cert.cert, cert.key], async (peer) => {
      const port = await peer.readLine();
      const python = await withPython(PY_CLIENT, [port, host, cafile], async (py) =>
        JSON.parse(await py.readLine()),
      );
      expect(python).toEqual(expected);
      expect(await ours(Number(port), host, cafile)).toEqual(python);
    });
  },
);

test("the default context's errors are SSLError subclasses of OSError, with verify_message", async () => {
  await withPython(PY_PEER, ["tls", c.selfSigned.cert, c.selfSigned.key], async (peer) => {
    const port = Number(await peer.readLine());
    const ctx = ssl.create_default_context();
    const sock = await create_connection(["127.0.0.1", port]);
    const err = await ctx.wrap_socket(sock, { server_hostname: "localhost" }).catch((e) => e);
    sock.close();
    expect(err).toBeInstanceOf(ssl.SSLCertVerificationError);
    expect(err).toBeInstanceOf(ssl.SSLError);
    expect(err.errno).toBe(1);
    expect(err.verify_message).toBe("self-signed certificate");
    expect([err.library, err.reason]).toEqual(["SSL", "CERTIFICATE_VERIFY_FAILED"]);
    // Release the peer's second connection.
    (await create_connection(["127.0.0.1", port])).close();
  });
});
