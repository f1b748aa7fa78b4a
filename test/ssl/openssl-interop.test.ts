/** The library's SSLSocket against openssl s_server and s_client, both directions. */
import { afterEach, expect, test } from "bun:test";
import { create_connection, OSError, ssl } from "../../src/index.ts";
import { expectRaises, listener, track } from "../_helpers.ts";
import { certs } from "./_certs.ts";
import { OpensslPeer, sServer } from "./_openssl.ts";

const peers: OpensslPeer[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) await peer.stop();
});

test("client: verifies s_server against our CA, reads its certificate, talks both ways", async () => {
  const { leaf, ca } = certs();
  const { peer, port } = await sServer(leaf.cert, leaf.key);
  peers.push(peer);
  const ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, { cafile: ca });
  const sock = await create_connection(["127.0.0.1", port]);
  const tls = track(await ctx.wrap_socket(sock, { server_hostname: "localhost" }));
  expect(tls.version()).toBe("TLSv1.3");
  expect(tls.cipher()?.[1]).toBe("TLSv1.3");
  const cert = tls.getpeercert();
  expect(cert?.subject).toEqual([
    [["countryName", "DE"]],
    [["organizationName", "sockit tests"]],
    [["commonName", "localhost"]],
  ]);
  expect(cert?.issuer).toContainEqual([["commonName", "sockit test CA"]]);
  expect(cert?.subjectAltName).toEqual([
    ["DNS", "localhost"],
    ["IP Address", "127.0.0.1"],
  ]);
  await tls.sendall(Buffer.from("hello from sockit\n"));
  await peer.waitFor(/hello from sockit/);
  peer.write("hello from openssl\n");
  let got = "";
  while (!got.includes("\n")) got += (await tls.recv(100)).toString();
  expect(got).toBe("hello from openssl\n");
  // Bun cannot take TLS off a connection: unwrap() says so instead of pretending.
  await expectRaises(
    () => tls.unwrap(),
    OSError,
    "[Errno 95] Operation not supported (Bun cannot take TLS off a socket)",
  );
  tls.close();
});

test("client: TLS 1.2 when maximum_version says so, with the cipher openssl picked", async () => {
  const { leaf, ca } = certs();
  const { peer, port } = await sServer(leaf.cert, leaf.key);
  peers.push(peer);
  const ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, { cafile: ca });
  ctx.maximum_version = ssl.TLSVersion.TLSv1_2;
  ctx.set_ciphers("ECDHE-ECDSA-AES256-GCM-SHA384");
  const tls = track(
    await ctx.wrap_socket(await create_connection(["127.0.0.1", port]), {
      server_hostname: "localhost",
    }),
  );
  expect(tls.version()).toBe("TLSv1.2");
  expect(tls.cipher()).toEqual(["ECDHE-ECDSA-AES256-GCM-SHA384", "TLSv1.2", 256]);
});

test("server: a wrapped listening socket accepts s_client, which verifies us", async () => {
  const { leaf, ca } = certs();
  const ctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);
  ctx.load_cert_chain(leaf.cert, leaf.key);
  ctx.set_alpn_protocols(["h2", "http/1.1"]);
  const srv = track(await ctx.wrap_socket(await listener(), { server_side: true }));
  const [, port] = srv.getsockname() as [string, number];
  const client = new OpensslPeer([
    "s_client",
    "-connect",
    `127.0.0.1:${port}`,
    "-CAfile",
    ca,
    "-verify_return_error",
    "-servername",
    "localhost",
    "-alpn",
    "http/1.1",
  ]);
  peers.push(client);
  const [conn] = await srv.accept();
  track(conn);
  expect(conn).toBeInstanceOf(ssl.SSLSocket);
  expect(conn.selected_alpn_protocol()).toBe("http/1.1");
  // s_client sent no certificate: a server that did not ask gets none.
  expect(conn.getpeercert()).toBeNull();
  client.write("ping from s_client\n");
  let got = "";
  while (!got.includes("\n")) got += (await conn.recv(100)).toString();
  expect(got).toBe("ping from s_client\n");
  await conn.sendall(Buffer.from("pong from sockit\n"));
  await client.waitFor(/pong from sockit/);
  expect(client.text).toContain("Verify return code: 0 (ok)");
  expect(client.text).toContain("ALPN protocol: http/1.1");
});

test("server: CERT_REQUIRED takes s_client's certificate from our CA", async () => {
  const { leaf, ca, client: clientCert } = certs();
  const ctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);
  ctx.load_cert_chain(leaf.cert, leaf.key);
  ctx.verify_mode = ssl.CERT_REQUIRED;
  ctx.load_verify_locations(ca);
  const srv = track(await ctx.wrap_socket(await listener(), { server_side: true }));
  const [, port] = srv.getsockname() as [string, number];
  const client = new OpensslPeer([
    "s_client",
    "-connect",
    `127.0.0.1:${port}`,
    "-CAfile",
    ca,
    "-cert",
    clientCert.cert,
    "-key",
    clientCert.key,
  ]);
  peers.push(client);
  const [conn] = await srv.accept();
  track(conn);
  expect(conn.getpeercert()?.subject).toContainEqual([["commonName", "sockit client"]]);
});
