/** socketpair(AF_UNIX, SOCK_DGRAM): kernel-made, boundaries kept, behaving as python3's. */
import { expect, test } from "bun:test";
import { AF_UNIX, SOCK_DGRAM, select, socketpair, TimeoutError } from "../../src/index.ts";
import { track } from "../_helpers.ts";
import { runPython } from "../_python.ts";

async function pair() {
  const [a, b] = await socketpair(AF_UNIX, SOCK_DGRAM);
  return [track(a), track(b)] as const;
}

test("names, datagram boundaries, truncation and a closed peer are as in python3", async () => {
  const python = await runPython(`import socket
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
print(a.family, a.type, repr(a.getsockname()), repr(a.getpeername()))
b.send(b"one"); b.send(b"two")
data, addr = a.recvfrom(100)
print(data, addr, a.recv(2))
b.close(); a.settimeout(0.05)
try: a.recv(10)
except TimeoutError as e: print("TimeoutError", e)
try: a.send(b"x")
except OSError as e: print(type(e).__name__, e)`);
  const [a, b] = await pair();
  const lines = [`${a.family} ${a.type} '${a.getsockname()}' '${a.getpeername()}'`];
  await b.send(Buffer.from("one"));
  await b.send(Buffer.from("two"));
  const [data, addr] = await a.recvfrom(100);
  lines.push(`b'${data}' ${addr === null ? "None" : addr} b'${await a.recv(2)}'`);
  b.close();
  a.settimeout(0.05);
  await a
    .recv(10)
    .catch((e: Error) =>
      lines.push(`${e instanceof TimeoutError ? "TimeoutError" : e.name} ${e.message}`),
    );
  await a.send(Buffer.from("x")).catch((e: Error) => lines.push(`${e.name} ${e.message}`));
  expect(`${lines.join("\n")}\n`).toBe(python);
});

test("many datagrams of different sizes arrive whole and in order; select sees them", async () => {
  const [a, b] = await pair();
  expect(await select([a], [b], [], 0)).toEqual([[], [b], []]);
  const sizes = Array.from({ length: 300 }, (_, i) => 1 + ((i * 977) % 9000));
  const sending = (async () => {
    for (const [i, size] of sizes.entries()) await b.send(Buffer.alloc(size, i % 251));
  })();
  for (const [i, size] of sizes.entries()) {
    const datagram = await a.recv(65536);
    expect([datagram.length, datagram[0], datagram[size - 1]]).toEqual([size, i % 251, i % 251]);
  }
  await sending;
});
