/**
 * Reading one HTTP request head (Request-Line and header fields) from a client of
 * `listen --proxy-type http`. What follows the blank line is handed back untouched: a CONNECT
 * client may send tunnel bytes in the same packet as its request.
 */

/** A request head that cannot be served; `status` is the answer the client gets. */
export class BadRequest extends Error {
  override name = "BadRequest";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface RequestHead {
  method: string;
  uri: string;
  version: string;
  /** Field names as sent, values with line folding undone, in order. */
  headers: [string, string][];
  /** Bytes after the head, already read from the client. */
  rest: Uint8Array;
}

/** Longer request lines get 414, longer heads 413 (ncat's limits are of the same order). */
const MAX_LINE = 8192;
const MAX_HEAD = 64 * 1024;

/**
 * Reads from `read` until the blank line ending the head; null when the client leaves before
 * sending anything. Throws BadRequest for a malformed, truncated or oversized head.
 */
export async function readRequestHead(
  read: () => Promise<Uint8Array | null>,
): Promise<RequestHead | null> {
  let buffered: Uint8Array = new Uint8Array(0);
  // Where the search for the blank line resumes: a head sent a few bytes at a time must not be
  // rescanned from its start for every chunk.
  let scanned = 0;
  for (;;) {
    const end = headEnd(buffered, scanned);
    scanned = Math.max(0, buffered.length - 3);
    const firstLine = buffered.subarray(0, MAX_LINE + 2).indexOf(10);
    if ((firstLine < 0 ? buffered.length : firstLine) > MAX_LINE)
      throw new BadRequest(414, "Request-Line too long");
    if ((end < 0 ? buffered.length : end) > MAX_HEAD)
      throw new BadRequest(413, "request head too long");
    if (end >= 0) {
      const text = new TextDecoder("latin1").decode(buffered.subarray(0, end));
      return { ...parseHead(text), rest: buffered.subarray(end) };
    }
    const chunk = await read();
    if (chunk === null) {
      if (buffered.length === 0) return null;
      throw new BadRequest(400, "request head cut short");
    }
    buffered = concat(buffered, chunk);
  }
}

/** Index just past the empty line (CRLF CRLF, or bare LF LF as lenient servers accept). */
function headEnd(data: Uint8Array, from: number): number {
  for (let i = from; i < data.length; i++) {
    if (data[i] !== 10) continue;
    if (data[i + 1] === 10) return i + 2;
    if (data[i + 1] === 13 && data[i + 2] === 10) return i + 3;
  }
  return -1;
}

function parseHead(text: string): Omit<RequestHead, "rest"> {
  const lines = text.split(/\r?\n/);
  // RFC 7230 3.5: empty lines before the Request-Line are ignored.
  while (lines[0] === "") lines.shift();
  const requestLine = lines.shift() ?? "";
  const parts = requestLine.split(" ");
  if (parts.length !== 3 || parts.some((p) => p === ""))
    throw new BadRequest(400, `malformed Request-Line '${requestLine.slice(0, 80)}'`);
  const [method, uri, version] = parts as [string, string, string];
  if (!/^HTTP\/\d\.\d$/.test(version) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(method))
    throw new BadRequest(400, `malformed Request-Line '${requestLine.slice(0, 80)}'`);
  const headers: [string, string][] = [];
  for (const line of lines) {
    if (line === "") continue;
    const last = headers[headers.length - 1];
    // Obsolete line folding: a line starting with space or tab continues the previous value.
    if (/^[ \t]/.test(line)) {
      if (!last) throw new BadRequest(400, "header continuation before any header");
      last[1] = `${last[1]} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0 || /[ \t]/.test(line.slice(0, colon)))
      throw new BadRequest(400, `malformed header line '${line.slice(0, 80)}'`);
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return { method, uri, version, headers };
}

/** Every value of header `name` (case-insensitive), in order. */
export function headerValues(head: Pick<RequestHead, "headers">, name: string): string[] {
  const wanted = name.toLowerCase();
  return head.headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
