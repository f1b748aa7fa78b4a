/** SSLContext's settings and argument rules, with the errors and messages python3 3.11 gives. */
import { describe, expect, test } from "bun:test";
import {
  FileNotFoundError,
  OSError,
  SOCK_DGRAM,
  socket,
  ssl,
  ValueError,
} from "../../src/index.ts";
import { expectRaises, track } from "../_helpers.ts";
import { certs } from "./_certs.ts";

const client = () => new ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT);

describe("defaults", () => {
  test("a client context verifies and checks host names; a server context asks nothing", () => {
    expect([client().verify_mode, client().check_hostname]).toEqual([ssl.CERT_REQUIRED, true]);
    const server = new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);
    expect([server.verify_mode, server.check_hostname]).toEqual([ssl.CERT_NONE, false]);
    expect([client().minimum_version, client().maximum_version]).toEqual([771, -1]);
  });

  test("create_default_context loads the system store; CLIENT_AUTH makes a server context", () => {
    const ctx = ssl.create_default_context();
    expect(ctx.protocol).toBe(ssl.PROTOCOL_TLS_CLIENT);
    expect(ctx.cert_store_stats().x509_ca).toBeGreaterThan(0);
    const server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH);
    expect([server.protocol, server.verify_mode]).toEqual([ssl.PROTOCOL_TLS_SERVER, ssl.CERT_NONE]);
  });

  test("check_hostname on turns verification on; CERT_NONE is refused while it is on", async () => {
    const ctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);
    ctx.check_hostname = true;
    expect(ctx.verify_mode).toBe(ssl.CERT_REQUIRED);
    await expectRaises(
      () => {
        ctx.verify_mode = ssl.CERT_NONE;
      },
      ValueError,
      "Cannot set verify_mode to CERT_NONE when check_hostname is enabled.",
    );
  });
});

describe("loading", () => {
  test("load_verify_locations counts the certificates it read", () => {
    const ctx = client();
    ctx.load_verify_locations(certs().ca);
    expect(ctx.cert_store_stats()).toEqual({ x509: 1, crl: 0, x509_ca: 1 });
  });

  const { leaf, selfSigned } = certs();
  test.each([
    [
      "missing certfile",
      () => client().load_cert_chain("/nonexistent.pem"),
      FileNotFoundError,
      "[Errno 2] No such file or directory",
    ],
    [
      "not PEM",
      () => client().load_cert_chain(import.meta.path),
      ssl.SSLError,
      "[SSL] PEM lib (_ssl.c:3926)",
    ],
    [
      "key of another certificate",
      () => client().load_cert_chain(leaf.cert, selfSigned.key),
      ssl.SSLError,
      "[X509: KEY_VALUES_MISMATCH] key values mismatch (_ssl.c:3926)",
    ],
    [
      "cafile with no certificate",
      () => client().load_verify_locations(import.meta.path),
      ssl.SSLError,
      "[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found (_ssl.c:4154)",
    ],
    [
      "nothing to load",
      () => client().load_verify_locations(),
      TypeError,
      "cafile, capath and cadata cannot be all omitted",
    ],
    [
      "cadata not PEM",
      () => client().load_verify_locations(null, null, "garbage"),
      ssl.SSLError,
      "no start line: cadata does not contain a certificate (_ssl.c:4020)",
    ],
  ] as const)("%s", async (_name, action, Class, message) => {
    await expectRaises(action, Class, message);
  });
});

test("load_cert_chain unlocks an encrypted key with a password, or a function giving one", async () => {
  const { leaf, dir } = certs();
  const encrypted = `${dir}/leaf-encrypted.key`;
  const made = Bun.spawnSync([
    "openssl",
    "pkcs8",
    "-topk8",
    "-in",
    leaf.key,
    "-out",
    encrypted,
    "-passout",
    "pass:secret",
  ]);
  expect(made.exitCode).toBe(0);
  client().load_cert_chain(leaf.cert, encrypted, "secret");
  client().load_cert_chain(leaf.cert, encrypted, () => "secret");
  await expectRaises(
    () => client().load_cert_chain(leaf.cert, encrypted, "wrong"),
    ssl.SSLError,
    "[SSL] PEM lib (_ssl.c:3926)",
  );
});

describe("settings", () => {
  test.each([
    [
      "minimum_version 5",
      (c: ssl.SSLContext) => {
        c.minimum_version = 5;
      },
      ValueError,
      "Unsupported TLS/SSL version 0x5",
    ],
    [
      "verify_mode 7",
      (c: ssl.SSLContext) => {
        c.verify_mode = 7;
      },
      ValueError,
      "invalid value for verify_mode",
    ],
    [
      "empty ALPN name",
      (c: ssl.SSLContext) => c.set_alpn_protocols(["h2", ""]),
      ssl.SSLError,
      "ALPN protocols must be 1 to 255 in length",
    ],
    [
      "cipher list",
      (c: ssl.SSLContext) => c.set_ciphers("NO PE#"),
      ssl.SSLError,
      "No cipher can be selected.",
    ],
  ] as const)("%s", async (_name, action, Class, message) => {
    await expectRaises(() => action(client()), Class, message);
  });
});

describe("wrap_socket's argument rules", () => {
  test("a client context needs server_hostname", async () => {
    await expectRaises(
      () => client().wrap_socket(track(socket())),
      ValueError,
      "check_hostname requires server_hostname",
    );
  });

  test("server_hostname is for clients", async () => {
    await expectRaises(
      () => client().wrap_socket(track(socket()), { server_side: true, server_hostname: "x" }),
      ValueError,
      "server_hostname can only be specified in client mode",
    );
  });

  test("datagram sockets are refused", async () => {
    await expectRaises(
      () => client().wrap_socket(track(socket(2, SOCK_DGRAM)), { server_hostname: "x" }),
      ssl.NotImplementedError,
      "only stream sockets are supported",
    );
  });

  test("an unconnected SSLSocket: Python's repr, None before the handshake, ENOTCONN", async () => {
    const tls = track(await client().wrap_socket(track(socket()), { server_hostname: "x" }));
    expect(String(tls)).toBe(
      "<ssl.SSLSocket fd=-1, family=2, type=1, proto=0, laddr=('0.0.0.0', 0)>",
    );
    expect([tls.version(), tls.cipher(), tls.selected_alpn_protocol()]).toEqual([null, null, null]);
    expect([tls.server_side, tls.server_hostname, tls.do_handshake_on_connect]).toEqual([
      false,
      "x",
      true,
    ]);
    await expectRaises(
      () => tls.do_handshake(),
      OSError,
      "[Errno 107] Transport endpoint is not connected",
    );
    await expectRaises(
      () => tls.unwrap(),
      ValueError,
      "No SSL wrapper around <ssl.SSLSocket fd=-1, family=2, type=1, proto=0, laddr=('0.0.0.0', 0)>",
    );
  });

  test("SSLSocket has no public constructor", async () => {
    await expectRaises(
      () => new ssl.SSLSocket(socket(), client(), {}),
      TypeError,
      "SSLSocket does not have a public constructor. Instances are returned by SSLContext.wrap_socket().",
    );
  });
});
