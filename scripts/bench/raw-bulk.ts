/**
 * The same bulk transfer on Bun's own callbacks (write + drain), the ceiling for the library.
 *   bun raw-bulk.ts recv          → prints {"port":N}, receives one connection, prints the result
 *   bun raw-bulk.ts send PORT N   → sends N bytes, 64 KiB at a time
 */
import type { Socket } from "bun";

const CHUNK = 64 * 1024;

function receive(): void {
  let bytes = 0;
  let started = 0;
  const server = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open() {
        started = performance.now();
      },
      data(_socket, data) {
        bytes += data.length;
      },
      end(socket) {
        const seconds = (performance.now() - started) / 1000;
        console.log(
          JSON.stringify({ role: "recv", bytes, seconds, mibps: bytes / 1048576 / seconds }),
        );
        socket.end();
        server.stop(true);
      },
    },
  });
  console.log(JSON.stringify({ port: server.port }));
}

function send(port: number, total: number): Promise<void> {
  const chunk = crypto.getRandomValues(new Uint8Array(CHUNK));
  let sent = 0;
  let started = 0;
  const { promise, resolve } = Promise.withResolvers<void>();
  // write() takes what the kernel accepts now; a short write means "wait for drain".
  const pump = (socket: Socket) => {
    while (sent < total) {
      const offset = sent % CHUNK;
      const want = Math.min(CHUNK - offset, total - sent);
      const written = socket.write(chunk.subarray(offset, offset + want));
      if (written > 0) sent += written;
      if (written < want) return;
    }
    socket.shutdown();
  };
  void Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      open(socket) {
        started = performance.now();
        pump(socket);
      },
      drain: pump,
      close() {
        const seconds = (performance.now() - started) / 1000;
        console.log(JSON.stringify({ role: "send", bytes: sent, seconds }));
        resolve();
      },
      connectError(_socket, error) {
        console.error(error.message);
        process.exit(1);
      },
    },
  });
  return promise;
}

const [mode, port, bytes] = process.argv.slice(2);
if (mode === "recv") receive();
else await send(Number(port), Number(bytes));
