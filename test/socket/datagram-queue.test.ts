/**
 * The receive queue of a datagram socket is bounded like the kernel's: a sender that outpaces
 * the reader loses datagrams instead of growing our memory without end. Loopback UDP may also
 * drop in the kernel, so counts are checked as bounds, never exactly.
 */
import { expect, test } from "bun:test";
import {
  AF_INET,
  BlockingIOError,
  type InetAddress,
  SOCK_DGRAM,
  type Socket,
} from "../../src/index.ts";
import { MAX_DATAGRAMS } from "../../src/socket/datagram/_queue.ts";
import { bytes, expectRaises, tracked } from "../_helpers.ts";

async function udp() {
  const sock = tracked(AF_INET, SOCK_DGRAM);
  await sock.bind(["127.0.0.1", 0]);
  return sock;
}

const addressOf = (sock: Socket) => sock.getsockname() as InetAddress;

/** One turn of the event loop: Bun reads what is already in the kernel's queues. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Sends `count` numbered datagrams in batches small enough for the kernel's buffer, and after
 * each batch waits for a marker sent to `pacer`, then lets the loop finish its turn, so that
 * Bun has read the batch into our queue before the next one (no timing involved).
 */
async function flood(sender: Socket, target: Socket, pacer: Socket, count: number) {
  const BATCH = 64;
  for (let i = 0; i < count; i++) {
    const label = Buffer.alloc(4);
    label.writeUInt32BE(i);
    await sender.sendto(label, addressOf(target));
    if (i % BATCH === BATCH - 1 || i === count - 1) {
      await sender.sendto(bytes("mark"), addressOf(pacer));
      await pacer.recv(4);
      // The pacer's data callback may run before the target's in the same poll round.
      await turn();
    }
  }
}

/** Reads without waiting until BlockingIOError; returns the numbers of the datagrams read. */
async function drain(sock: Socket): Promise<number[]> {
  sock.setblocking(false);
  const seen: number[] = [];
  for (;;) {
    try {
      seen.push((await sock.recv(16)).readUInt32BE());
    } catch (err) {
      if (err instanceof BlockingIOError) return seen;
      throw err;
    }
  }
}

test("more datagrams than the queue holds: at most MAX_DATAGRAMS wait, the socket keeps working", async () => {
  const [target, sender, pacer] = [await udp(), await udp(), await udp()];
  const total = MAX_DATAGRAMS + 1000;
  await flood(sender, target, pacer, total);

  const seen = await drain(target);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.length).toBeLessThanOrEqual(MAX_DATAGRAMS);
  // What was kept is in the order it was sent, with no number twice.
  expect(seen).toEqual([...new Set(seen)].sort((a, b) => a - b));
  await expectRaises(
    () => target.recv(16),
    BlockingIOError,
    "[Errno 11] Resource temporarily unavailable",
    11,
  );

  // A datagram sent now is received: skip any of the flood Bun had not yet read.
  target.setblocking(true);
  await sender.sendto(bytes("after the flood"), addressOf(target));
  let late = 0;
  for (;;) {
    const data = await target.recv(64);
    if (data.toString() === "after the flood") break;
    late++;
    expect(late).toBeLessThanOrEqual(total);
  }
});

test("draining frees room: a second flood is queued again", async () => {
  const [target, sender, pacer] = [await udp(), await udp(), await udp()];
  await flood(sender, target, pacer, MAX_DATAGRAMS + 64);
  const first = await drain(target);
  expect(first.length).toBeLessThanOrEqual(MAX_DATAGRAMS);

  await flood(sender, target, pacer, 64);
  const second = await drain(target);
  expect(second.length).toBeGreaterThan(0);
  expect(second.length).toBeLessThanOrEqual(64);
});
