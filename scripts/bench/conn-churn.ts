/**
 * Connection rate against an echo server: WORKERS clients at a time each connect, send
 * 32 bytes, wait for the echo (so the server really served it), close, and go again, for
 * SECONDS. A fixed duration rather than a fixed count: fork-per-client peers are ~100×
 * slower, and a count that suits sockit would keep them busy for minutes.
 *   bun conn-churn.ts PORT SECONDS WORKERS  → prints {"conns","errors","seconds","per_s"}
 */

const SIZE = 32;

/** One connection's life; resolves false on any failure so the run can count it. */
function oneConnection(port: number, request: Uint8Array): Promise<boolean> {
  const { promise, resolve } = Promise.withResolvers<boolean>();
  let got = 0;
  Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      open(socket) {
        socket.write(request);
      },
      data(socket, data) {
        got += data.length;
        if (got >= SIZE) socket.end();
      },
      close() {
        resolve(got >= SIZE);
      },
      error() {
        resolve(false);
      },
      connectError() {
        resolve(false);
      },
    },
  }).catch(() => resolve(false));
  return promise;
}

export async function churn(port: number, seconds: number, workers: number): Promise<void> {
  const request = new Uint8Array(SIZE).fill(0x62);
  let conns = 0;
  let errors = 0;
  const begin = performance.now();
  const end = begin + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      if (await oneConnection(port, request)) conns++;
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  // Connections in flight at the deadline finish first: count them over the real span.
  const elapsed = (performance.now() - begin) / 1000;
  console.log(JSON.stringify({ conns, errors, seconds: elapsed, per_s: conns / elapsed }));
  if (errors > 0 || conns === 0) process.exit(1);
}

const [port, seconds, workers] = process.argv.slice(2).map(Number);
await churn(port as number, seconds as number, workers as number);
