/**
 * Closing a client the proxy has refused without losing the refusal. The client may still be
 * sending (an oversized head is refused after 64 KiB of it), and closing a socket with unread
 * bytes sends RST, which can reach the client before it has read the answer: Linux then
 * discards the answer and the client sees only "connection reset". So, as HTTP servers do
 * (RFC 9112 §9.6), the proxy half-closes and reads on until the client's EOF, within bounds.
 */
import { type Endpoint, PeerGone } from "../endpoints/endpoint.ts";

/** How long, and how much, a refused client may go on sending before it is cut off. */
const LINGER_MS = 2000;
const LINGER_BYTES = 4 * 1024 * 1024;

/** Half-closes `client`, then discards what it sends until its EOF or the bounds run out. */
export async function lingerBeforeClose(client: Endpoint): Promise<void> {
  try {
    client.shutdownWrite();
  } catch (err) {
    if (err instanceof PeerGone) return;
    throw err;
  }
  if (!client.read) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), LINGER_MS);
  });
  try {
    for (let discarded = 0; discarded < LINGER_BYTES; ) {
      const reading = client.read();
      // The read that loses to the deadline fails once the caller closes the socket.
      reading.catch(() => {});
      const chunk = await Promise.race([reading, expired]);
      if (chunk === null) return;
      discarded += chunk.length;
    }
  } catch {
    // A reset or a close: nothing is left to protect.
  } finally {
    clearTimeout(timer);
  }
}
