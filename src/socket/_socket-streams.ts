/**
 * What TypeScript users expect of a byte source beyond Python: async iteration and web streams. All of it is built on the Python-style calls, so timeouts and errors apply.
 */

import type { SocketViews as Socket } from "./_socket-views.ts";
import { SHUT_WR, SOCK_STREAM } from "./constants.ts";
import { OSError } from "./errors.ts";

const CHUNK = 64 * 1024;

/** Chunks until EOF; a datagram socket yields datagrams until it is closed. */
export async function* socketChunks(sock: Socket): AsyncGenerator<Buffer> {
  for (;;) {
    let data: Buffer;
    try {
      data = await sock.recv(CHUNK);
    } catch (err) {
      if (sock.fileno() === -1 && err instanceof OSError) return;
      throw err;
    }
    if (data.length === 0 && sock.type === SOCK_STREAM) return;
    yield data;
  }
}

export function toReadable(sock: Socket): ReadableStream<Uint8Array> {
  const chunks = socketChunks(sock);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    // Read only when the consumer asks: with the default high-water mark of 1 the stream would
    // recv() a chunk as soon as `sock.readable` is touched, and cancel() would lose it.
    { highWaterMark: 0 },
  );
}

export function toWritable(sock: Socket): WritableStream<Uint8Array> {
  return new WritableStream<Uint8Array>({
    write: (chunk) => sock.sendall(chunk),
    close: () => {
      if (sock.type === SOCK_STREAM) sock.shutdown(SHUT_WR);
    },
    abort: () => sock.close(),
  });
}
