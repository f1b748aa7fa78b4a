/**
 * The body of a forwarded request, read off the client as its framing says: Content-Length
 * bytes, or chunked transfer coding decoded (the far server then gets a Content-Length), or none.
 */
import { BadRequest, headerValues, type RequestHead } from "./request.ts";

type Read = () => Promise<Uint8Array | null>;

/** Reads the whole body; a client that ends early sends what it sent (ncat does the same). */
export async function readBody(head: RequestHead, read: Read): Promise<Uint8Array> {
  const coding = headerValues(head, "Transfer-Encoding").join(",").toLowerCase();
  if (coding.trim() !== "") {
    if (coding.split(",").at(-1)?.trim() !== "chunked")
      throw new BadRequest(400, `Transfer-Encoding '${coding}' is not chunked`);
    return readChunked(head.rest, read);
  }
  const lengths = headerValues(head, "Content-Length");
  if (lengths.length === 0) return new Uint8Array(0);
  if (new Set(lengths).size !== 1 || !/^\d{1,15}$/.test(lengths[0] as string))
    throw new BadRequest(400, `bad Content-Length '${lengths.join(", ")}'`);
  const length = Number(lengths[0]);
  const parts: Uint8Array[] = [head.rest.subarray(0, length)];
  let have = parts[0]?.length ?? 0;
  while (have < length) {
    const chunk = await read();
    if (chunk === null) break;
    parts.push(chunk.subarray(0, length - have));
    have += Math.min(chunk.length, length - have);
  }
  return Buffer.concat(parts);
}

/** Decodes chunks up to the zero-size one; trailer fields after it are dropped. */
async function readChunked(start: Uint8Array, read: Read): Promise<Uint8Array> {
  let buffered = Buffer.from(start);
  const out: Uint8Array[] = [];
  const more = async () => {
    const chunk = await read();
    if (chunk === null) throw new BadRequest(400, "chunked body cut short");
    buffered = Buffer.concat([buffered, chunk]);
  };
  for (let guard = 0; guard < 1_000_000; guard++) {
    let eol = buffered.indexOf("\n");
    while (eol < 0) {
      if (buffered.length > 1024) throw new BadRequest(400, "chunk size line too long");
      await more();
      eol = buffered.indexOf("\n");
    }
    const sizeText = buffered.subarray(0, eol).toString("latin1").split(";")[0]?.trim() ?? "";
    if (!/^[0-9A-Fa-f]{1,8}$/.test(sizeText))
      throw new BadRequest(400, `bad chunk size '${sizeText.slice(0, 20)}'`);
    const size = Number.parseInt(sizeText, 16);
    buffered = buffered.subarray(eol + 1);
    if (size === 0) return Buffer.concat(out);
    // The data, then its CRLF (a bare LF is tolerated).
    while (buffered.length < size + 1) await more();
    out.push(Buffer.from(buffered.subarray(0, size)));
    let after = size;
    if (buffered[after] === 13) after++;
    while (buffered.length <= after) await more();
    if (buffered[after] !== 10) throw new BadRequest(400, "chunk data not followed by CRLF");
    buffered = buffered.subarray(after + 1);
  }
  throw new BadRequest(400, "too many chunks");
}
