/**
 * HTTP CONNECT (RFC 9110 9.3.6) over a socket already connected to the proxy. The first
 * request carries no credentials, as ncat's does: a 407 names the schemes the proxy takes, and
 * the password is then sent as Digest where offered, so a Digest proxy never sees it.
 */
import { ConnectionError, type Socket } from "../../socket/index.ts";
import { authorization, staleDigest } from "./proxy-http-auth.ts";
import { ProxyRefusal, type ProxyRequest, recvExactly } from "./proxy-wire.ts";

/** The longest response head we read before deciding the proxy is not speaking HTTP. */
const MAX_HEAD = 16 * 1024;
/** The longest 407 body we read through to use the same connection again. */
const MAX_SKIPPED_BODY = 64 * 1024;

interface Answer {
  code: number;
  /** `HTTP 407 Proxy Authentication Required`, for messages. */
  status: string;
  http11: boolean;
  /** Field names lowercased; a field sent more than once keeps every value. */
  fields: Map<string, string[]>;
}

/**
 * Sends CONNECT, answers one 407 when there is a login (and one more when a Digest proxy says
 * only its nonce was stale), and returns the socket that is now the tunnel: `sock`, or a new
 * one from `redial` when the proxy closed the first after its 407. A status other than 2xx is
 * a ProxyRefusal.
 */
export async function httpConnect(
  sock: Socket,
  request: ProxyRequest,
  redial: () => Promise<Socket>,
): Promise<Socket> {
  const authority = request.host.includes(":")
    ? `[${request.host}]:${request.port}`
    : `${request.host}:${request.port}`;
  const first = await ask(sock, authority);
  if (!first) throw new ProxyRefusal("closed the connection before answering");
  if (first.code !== 407 || !request.auth) return tunnelOrRefuse(sock, first, " (--proxy-auth)");
  const login = request.auth;
  let current = sock;
  try {
    let challenge = first;
    for (let retried = false; ; retried = true) {
      const challenges = challenge.fields.get("proxy-authenticate") ?? [];
      const credentials = authorization(challenges, login, authority, challenge.status);
      const reply = await answer(current, challenge, authority, credentials, redial);
      current = reply.sock;
      // RFC 7616 3.3: stale=true means the login was right and only the nonce had expired, so
      // the same login answers the new nonce, once; a proxy that keeps saying so is refused.
      const stale = reply.answer.code === 407 && staleDigest(reply.answer.fields);
      if (stale && !retried) {
        challenge = reply.answer;
        continue;
      }
      const hint = stale
        ? " (its Digest nonce went stale again)"
        : " (wrong user name or password)";
      return tunnelOrRefuse(current, reply.answer, hint);
    }
  } catch (err) {
    // The caller closes the socket it gave; one dialled here is ours to close.
    if (current !== sock) current.close();
    throw err;
  }
}

/**
 * Sends `credentials` in answer to the 407 `challenge`: on the same connection when the proxy
 * keeps it, else on a new one from `redial` (the old one is then closed).
 */
async function answer(
  sock: Socket,
  challenge: Answer,
  authority: string,
  credentials: string,
  redial: () => Promise<Socket>,
): Promise<{ sock: Socket; answer: Answer }> {
  if (await drained(sock, challenge)) {
    const again = await askAgain(sock, authority, credentials);
    if (again) return { sock, answer: again };
  }
  // The proxy ended the connection with its 407 (HTTP/1.0 does by default): ask on a new one.
  sock.close();
  const fresh = await redial();
  try {
    const again = await ask(fresh, authority, credentials);
    if (!again) throw new ProxyRefusal("closed the connection before answering");
    return { sock: fresh, answer: again };
  } catch (err) {
    fresh.close();
    throw err;
  }
}

/**
 * `ask` on a connection the proxy said it would keep; undefined when it closed it all the same
 * (a proxy may close an idle persistent connection at any time), so that a new one is tried.
 */
async function askAgain(sock: Socket, authority: string, credentials: string) {
  try {
    return await ask(sock, authority, credentials);
  } catch (err) {
    if (err instanceof ConnectionError) return undefined;
    throw err;
  }
}

function tunnelOrRefuse(sock: Socket, answer: Answer, hint407: string): Socket {
  if (answer.code >= 200 && answer.code < 300) return sock;
  throw new ProxyRefusal(answer.status + (answer.code === 407 ? hint407 : ""));
}

/** Sends one CONNECT and reads the answer's head; undefined if the proxy closed without a byte. */
async function ask(
  sock: Socket,
  authority: string,
  credentials?: string,
): Promise<Answer | undefined> {
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (credentials) lines.push(`Proxy-Authorization: ${credentials}`);
  await sock.sendall(Buffer.from(`${lines.join("\r\n")}\r\n\r\n`));
  const head = await readHead(sock);
  return head === undefined ? undefined : parseHead(head);
}

function parseHead(head: string): Answer {
  // A line starting with white space continues the one before (obsolete folding).
  const [statusLine = "", ...rest] = head
    .slice(0, -4)
    .replace(/\r\n[ \t]+/g, " ")
    .split("\r\n");
  const status = /^HTTP\/(\d)(?:\.(\d))? (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!status) throw new ProxyRefusal("did not answer in HTTP");
  const fields = new Map<string, string[]>();
  for (const line of rest) {
    const colon = line.indexOf(":");
    // A line that is no field is passed over: a tunnel matters more than the proxy's grammar.
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return {
    code: Number(status[3]),
    status: `HTTP ${status[3]} ${status[4] ?? ""}`.trimEnd(),
    http11: Number(status[1]) * 10 + Number(status[2] ?? 0) >= 11,
    fields,
  };
}

/**
 * True when the proxy keeps the connection after `answer` and its body has been read past, so
 * the next request can go on it: persistent (HTTP/1.1 unless `Connection: close`, HTTP/1.0 only
 * with `keep-alive`) and framed by a Content-Length; a body ended by closing cannot be reused.
 */
async function drained(sock: Socket, answer: Answer): Promise<boolean> {
  const connection = (answer.fields.get("connection") ?? []).join(",").toLowerCase();
  const persistent = answer.http11
    ? !/\bclose\b/.test(connection)
    : /\bkeep-alive\b/.test(connection);
  const lengths = answer.fields.get("content-length") ?? [];
  if (!persistent || answer.fields.has("transfer-encoding") || lengths.length !== 1) return false;
  const length = /^\d{1,9}$/.test(lengths[0] as string) ? Number(lengths[0]) : Number.NaN;
  if (!(length <= MAX_SKIPPED_BODY)) return false;
  try {
    if (length > 0) await recvExactly(sock, length);
    return true;
  } catch (err) {
    if (err instanceof ProxyRefusal) return false;
    throw err;
  }
}

/**
 * The response up to its blank line, read a byte at a time: the tunnel's first bytes may
 * follow in the same packet, and they belong to the stream, not to us.
 */
async function readHead(sock: Socket): Promise<string | undefined> {
  const bytes: number[] = [];
  while (bytes.length < MAX_HEAD) {
    const byte = await sock.recv(1);
    if (byte.length === 0) {
      if (bytes.length === 0) return undefined;
      throw new ProxyRefusal("closed the connection in the middle of its answer");
    }
    bytes.push(byte[0] as number);
    const n = bytes.length;
    if (
      n >= 4 &&
      bytes[n - 4] === 13 &&
      bytes[n - 3] === 10 &&
      bytes[n - 2] === 13 &&
      bytes[n - 1] === 10
    ) {
      // UTF-8, so that a realm outside ASCII is hashed and echoed as the proxy's own bytes.
      return Buffer.from(bytes).toString("utf8");
    }
  }
  throw new ProxyRefusal("sent a response head longer than 16 KiB");
}
