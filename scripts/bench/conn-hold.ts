/**
 * Opens COUNT connections to an echo server and keeps them all open, to weigh the server.
 * Each sends 32 bytes and waits for the echo, so the server has really accepted and served
 * it; at most BATCH are being set up at once, below any listen backlog.
 *   bun conn-hold.ts PORT COUNT  → prints {"held":N,"seconds":S}, then holds until killed
 */
import type { Socket } from "bun";

const SIZE = 32;
const BATCH = 50;

function openOne(port: number, request: Uint8Array): Promise<Socket> {
  const { promise, resolve, reject } = Promise.withResolvers<Socket>();
  let got = 0;
  void Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      open(socket) {
        socket.write(request);
      },
      data(socket, data) {
        got += data.length;
        if (got >= SIZE) resolve(socket);
      },
      close() {
        reject(new Error("closed by the server"));
      },
      connectError(_socket, error) {
        reject(error);
      },
    },
  }).catch(reject);
  return promise;
}

async function hold(port: number, count: number): Promise<void> {
  const request = new Uint8Array(SIZE).fill(0x63);
  const sockets: Socket[] = [];
  const started = performance.now();
  while (sockets.length < count) {
    const batch = Math.min(BATCH, count - sockets.length);
    sockets.push(
      ...(await Promise.all(Array.from({ length: batch }, () => openOne(port, request)))),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ held: sockets.length, seconds }));
  // Hold until the harness kills us; the timer only bounds a forgotten run.
  setTimeout(() => process.exit(2), 300_000);
}

const [port, count] = process.argv.slice(2).map(Number);
await hold(port as number, count as number);
