/**
 * `connect --starttls PROTO` against a tiny python3 server written here for each protocol:
 * the plain-text preamble as the protocol has it, then TLS on the same connection.
 */
import { afterEach, expect, test } from "bun:test";
import { certs } from "../ssl/_certs.ts";
import { cleanup, peer, run } from "./_cli.ts";

afterEach(cleanup);

/** Speaks `mode`'s preamble, upgrades, then answers one line over TLS and closes. */
const SERVER = `
import socket, ssl, sys
mode, cert, key = sys.argv[1], sys.argv[2], sys.argv[3]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
srv = socket.create_server(("127.0.0.1", 0))
print("listening on", srv.getsockname()[1], file=sys.stderr, flush=True)
conn, _ = srv.accept()
lines = conn.makefile("rb")
def say(text):
    conn.sendall(text.encode())
def expect(want):
    got = lines.readline().decode()
    assert got == want, (got, want)
if mode == "smtp":
    say("220-mail.example ESMTP\\r\\n220 ready\\r\\n")
    expect("EHLO sockit\\r\\n")
    say("250-mail.example\\r\\n250-PIPELINING\\r\\n250 STARTTLS\\r\\n")
    expect("STARTTLS\\r\\n")
    say("220 go ahead\\r\\n")
elif mode == "imap":
    say("* OK IMAP4rev1 ready\\r\\n")
    expect(". STARTTLS\\r\\n")
    say(". OK begin TLS now\\r\\n")
elif mode == "pop3":
    say("+OK POP3 ready\\r\\n")
    expect("STLS\\r\\n")
    say("+OK begin TLS\\r\\n")
elif mode == "ftp":
    say("220 FTP ready\\r\\n")
    expect("AUTH TLS\\r\\n")
    say("234 AUTH TLS ok\\r\\n")
elif mode == "xmpp":
    header = b""
    while not header.endswith(b">"):
        header += conn.recv(1)
    assert b"to='localhost'" in header, header
    say("<?xml version='1.0'?><stream:stream xmlns='jabber:client' version='1.0'>"
        "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>")
    want = b"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
    got = b""
    while len(got) < len(want):
        got += conn.recv(len(want) - len(got))
    assert got == want, got
    say("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
tls = ctx.wrap_socket(conn, server_side=True)
line = tls.makefile("rb").readline()
tls.sendall(b"over " + tls.version().encode() + b": " + line)
tls.unwrap()
`;

test.each(["smtp", "imap", "pop3", "ftp", "xmpp"])(
  "--starttls %s: the preamble, then TLS on the same connection",
  async (mode) => {
    const { leaf, ca } = certs();
    const server = peer(["python3", "-c", SERVER, mode, leaf.cert, leaf.key]);
    const [, port] = (await server.waitFor(/listening on (\d+)/)) as string[];
    const done = await run(
      ["connect", "-v", "--starttls", mode, "--ssl-trustfile", ca, "localhost", String(port)],
      { input: "NOOP\r\n" },
    );
    expect(done.stdout).toBe("over TLSv1.3: NOOP\r\n");
    expect(done.stderr).toContain(`sockit: STARTTLS (${mode}) accepted, starting TLS.`);
    expect(done.stderr).toContain("sockit: Verification: OK (localhost)");
    expect(done.exitCode).toBe(0);
    expect((await server.finish()).exitCode).toBe(0);
  },
);

test("a server that refuses STARTTLS: one line, exit 1", async () => {
  const refuse = `
import socket, sys
srv = socket.create_server(("127.0.0.1", 0))
print("listening on", srv.getsockname()[1], file=sys.stderr, flush=True)
conn, _ = srv.accept()
conn.sendall(b"+OK POP3 ready\\r\\n")
conn.recv(100)
conn.sendall(b"-ERR TLS not available\\r\\n")
conn.recv(100)
`;
  const server = peer(["python3", "-c", refuse]);
  const [, port] = (await server.waitFor(/listening on (\d+)/)) as string[];
  const done = await run(["connect", "--starttls", "pop3", "127.0.0.1", String(port)]);
  expect(done.lines).toEqual([
    `sockit: connect 127.0.0.1:${port}: STLS: the server said '-ERR TLS not available'`,
  ]);
  expect(done.exitCode).toBe(1);
});
