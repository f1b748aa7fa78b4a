/**
 * The script of the parity table, on sockit: scripts/ssl-parity/parity.py line by line. Each
 * step prints one JSON line: [step, what sockit shows].
 */
import { create_connection, ssl } from "../../src/index.ts";

const [portText = "", cafile = ""] = process.argv.slice(2);
const port = Number(portText);
const show = (step: string, value: unknown) => console.log(JSON.stringify([step, value]));

const ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, { cafile });
ctx.set_alpn_protocols(["sockit/1", "http/1.1"]);
show("context", [ctx.verify_mode, ctx.check_hostname, ctx.minimum_version, ctx.cert_store_stats()]);
const sock = await create_connection(["127.0.0.1", port]);
const tls = await ctx.wrap_socket(sock, { server_hostname: "localhost" });
show("wrap: plain socket after", sock.fileno());
show("version()", tls.version());
show("cipher()", tls.cipher());
show("selected_alpn_protocol()", tls.selected_alpn_protocol());
const cert = tls.getpeercert() as Record<string, unknown>;
for (const field of [
  "subject",
  "issuer",
  "version",
  "serialNumber",
  "notBefore",
  "notAfter",
  "subjectAltName",
]) {
  show(`getpeercert()['${field}']`, cert[field]);
}
show("len(getpeercert(True))", tls.getpeercert(true)?.length);
await tls.sendall(Buffer.from("hello over tls\n"));
show("sendall", "ok");
tls.close();
show("close: fileno()", tls.fileno());
try {
  await ctx.wrap_socket(await create_connection(["127.0.0.1", port]), {
    server_hostname: "wrong.example",
  });
} catch (err) {
  const e = err as ssl.SSLCertVerificationError;
  show("wrong host name", [e.name, e.verify_code, e.message]);
}
