/**
 * Sends COUNT datagrams of SIZE bytes to 127.0.0.1:PORT as fast as the socket takes them.
 *   bun udp-send.ts PORT SIZE COUNT  → prints {"sent","seconds","per_s"}
 */

const BATCH = 64;

export async function blast(port: number, size: number, count: number): Promise<void> {
  const payload = new Uint8Array(size).fill(0x64);
  let drained = Promise.withResolvers<void>();
  const sock = await Bun.udpSocket({
    hostname: "127.0.0.1",
    socket: {
      drain() {
        drained.resolve();
      },
    },
  });
  // sendMany in small batches: one syscall-ish call per batch, as a fast sender would.
  const packets: (Uint8Array | number | string)[] = [];
  for (let i = 0; i < BATCH; i++) packets.push(payload, port, "127.0.0.1");
  const started = performance.now();
  let sent = 0;
  while (sent < count) {
    const want = Math.min(BATCH, count - sent);
    const batch = want === BATCH ? packets : packets.slice(0, want * 3);
    const n = sock.sendMany(batch);
    sent += n;
    // A partial batch means the socket buffer is full: wait for room instead of spinning.
    if (n < want) {
      drained = Promise.withResolvers<void>();
      await drained.promise;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  sock.close();
  console.log(JSON.stringify({ sent, seconds, per_s: sent / seconds }));
}

const [port, size, count] = process.argv.slice(2).map(Number);
await blast(port as number, size as number, count as number);
