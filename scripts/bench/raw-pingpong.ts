/**
 * Bun's own callbacks, both ends: the ceiling for the library, and the client used against
 * every echo server (sockit --echo, socat, ncat), so only the server differs.
 *   bun raw-pingpong.ts serve          → prints {"port":N}, echoes any number of clients until killed
 *   bun raw-pingpong.ts client PORT N  → N untimed 32-byte round trips, then N timed;
 *                                        prints {"rtts","seconds","per_s"} of the timed ones
 */
import type { Socket } from "bun";

const SIZE = 32;

/** Echo server; a short write keeps the rest for drain, so nothing is ever dropped. */
function serve(): void {
  const pending = new Map<Socket, Uint8Array>();
  const flush = (socket: Socket, data: Uint8Array) => {
    const written = Math.max(0, socket.write(data));
    if (written < data.length) pending.set(socket, data.subarray(written));
    else pending.delete(socket);
  };
  const server = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(socket, data) {
        const queued = pending.get(socket);
        flush(socket, queued ? Buffer.concat([queued, data]) : data);
      },
      drain(socket) {
        const queued = pending.get(socket);
        if (queued) flush(socket, queued);
      },
      close(socket) {
        pending.delete(socket);
      },
    },
  });
  console.log(JSON.stringify({ port: server.port }));
}

function client(port: number, count: number): Promise<void> {
  const request = new Uint8Array(SIZE).fill(0x61);
  const { promise, resolve, reject } = Promise.withResolvers<void>();
  let done = 0;
  let got = 0;
  let started = 0;
  void Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      open(socket) {
        socket.write(request);
      },
      data(socket, data) {
        got += data.length;
        if (got < SIZE) return;
        got -= SIZE;
        // The first `count` warm both ends up; the clock starts as the timed ones begin.
        if (++done === count) started = performance.now();
        if (done < 2 * count) {
          socket.write(request);
          return;
        }
        const seconds = (performance.now() - started) / 1000;
        console.log(JSON.stringify({ rtts: count, seconds, per_s: count / seconds }));
        socket.end();
        resolve();
      },
      close() {
        if (done < 2 * count) reject(new Error(`closed after ${done} round trips`));
      },
      connectError(_socket, error) {
        reject(error);
      },
    },
  });
  return promise;
}

const [mode, port, count] = process.argv.slice(2);
if (mode === "serve") serve();
else await client(Number(port), Number(count));
