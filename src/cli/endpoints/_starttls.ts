/**
 * --starttls: the plain-text exchange each protocol needs before TLS, as `openssl s_client
 * -starttls` speaks it. Each reads the server's replies line by line, so no byte of the
 * handshake that follows is read as plain text.
 */
import type { Socket } from "../../socket/index.ts";
import { UsageError } from "../_errors.ts";

export const STARTTLS_PROTOCOLS = ["smtp", "imap", "pop3", "ftp", "xmpp"] as const;
type Protocol = (typeof STARTTLS_PROTOCOLS)[number];

/** The server refused, or said something the protocol does not allow. */
export class StartTlsRefused extends Error {
  override name = "StartTlsRefused";
}

async function line(sock: Socket): Promise<string> {
  const data = await sock.readline(65536);
  if (data.length === 0) throw new StartTlsRefused("the server closed the connection");
  return data.toString("latin1").replace(/\r?\n$/, "");
}

async function send(sock: Socket, text: string): Promise<void> {
  await sock.sendall(Buffer.from(text, "latin1"));
}

/** A reply with a numeric code, multi-line replies (`250-...`) included; its last line. */
async function reply(sock: Socket, want: string, what: string): Promise<string> {
  for (;;) {
    const text = await line(sock);
    if (/^\d{3}-/.test(text)) continue;
    if (text.startsWith(want)) return text;
    throw new StartTlsRefused(`${what}: the server said '${text}'`);
  }
}

/** Lines until one starts with `prefix`; untagged IMAP data lines are skipped. */
async function tagged(sock: Socket, tag: string, what: string): Promise<void> {
  for (;;) {
    const text = await line(sock);
    if (text.startsWith("* ")) continue;
    if (text.startsWith(`${tag} OK`)) return;
    throw new StartTlsRefused(`${what}: the server said '${text}'`);
  }
}

/** XML until `pattern` shows up (XMPP has no lines). */
async function until(sock: Socket, pattern: RegExp, what: string): Promise<void> {
  let seen = "";
  while (!pattern.test(seen)) {
    const data = await sock.recv(4096);
    if (data.length === 0) throw new StartTlsRefused(`${what}: the server closed the connection`);
    seen += data.toString("latin1");
    if (/<failure|<stream:error/.test(seen)) throw new StartTlsRefused(`${what}: refused`);
  }
}

const PREAMBLES: Readonly<Record<Protocol, (sock: Socket, host: string) => Promise<void>>> = {
  async smtp(sock) {
    await reply(sock, "220", "greeting");
    await send(sock, "EHLO sockit\r\n");
    await reply(sock, "250", "EHLO");
    await send(sock, "STARTTLS\r\n");
    await reply(sock, "220", "STARTTLS");
  },
  async imap(sock) {
    const greeting = await line(sock);
    if (!greeting.startsWith("* OK")) throw new StartTlsRefused(`greeting: '${greeting}'`);
    await send(sock, ". STARTTLS\r\n");
    await tagged(sock, ".", "STARTTLS");
  },
  async pop3(sock) {
    const greeting = await line(sock);
    if (!greeting.startsWith("+OK")) throw new StartTlsRefused(`greeting: '${greeting}'`);
    await send(sock, "STLS\r\n");
    const answer = await line(sock);
    if (!answer.startsWith("+OK")) throw new StartTlsRefused(`STLS: the server said '${answer}'`);
  },
  async ftp(sock) {
    await reply(sock, "220", "greeting");
    await send(sock, "AUTH TLS\r\n");
    await reply(sock, "234", "AUTH TLS");
  },
  async xmpp(sock, host) {
    await send(
      sock,
      `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='${host}' version='1.0'>`,
    );
    await until(sock, /<starttls[\s/>]/, "stream features");
    await send(sock, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    await until(sock, /<proceed[\s/>]/, "starttls");
  },
};

/** Checks the --starttls value; returns it typed. */
export function parseStartTls(value: string): Protocol {
  const protocol = value.toLowerCase() as Protocol;
  if (!STARTTLS_PROTOCOLS.includes(protocol)) {
    throw new UsageError(
      `invalid --starttls '${value}' (one of: ${STARTTLS_PROTOCOLS.join(", ")})`,
    );
  }
  return protocol;
}

/** Speaks `protocol`'s preamble on a connected plain socket, up to where TLS begins. */
export function startTlsPreamble(sock: Socket, protocol: Protocol, host: string): Promise<void> {
  return PREAMBLES[protocol](sock, host);
}
