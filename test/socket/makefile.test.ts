/** makefile(): Python's file objects over a socket, checked on socketpairs and against python3. */
import { expect, test } from "bun:test";
import {
  AF_INET,
  BufferedReader,
  BufferedRWPair,
  BufferedWriter,
  type Socket,
  SocketIO,
  socketpair,
  TextIOWrapper,
  TimeoutError,
  UnsupportedOperation,
  ValueError,
} from "../../src/index.ts";
import { connectedPair, track } from "../_helpers.ts";
import { runPython } from "../_python.ts";

async function pair(): Promise<[Socket, Socket]> {
  const [a, b] = await socketpair();
  return [track(a), track(b)];
}

const bytes = (text: string) => Buffer.from(text, "latin1");

test.each([
  ["r", TextIOWrapper, "r"],
  ["w", TextIOWrapper, "w"],
  ["rw", TextIOWrapper, "rw"],
  ["rb", BufferedReader, "rb"],
  ["wb", BufferedWriter, "wb"],
  ["rwb", BufferedRWPair, undefined],
] as const)("makefile(%p) gives Python's file type and mode", async (mode, Class, shown) => {
  const [a] = await pair();
  const f = a.makefile(mode);
  expect(f).toBeInstanceOf(Class);
  expect((f as { mode?: string }).mode).toBe(shown as string);
  await f.close();
});

test("makefile argument errors are Python's", async () => {
  const [a] = await pair();
  expect(() => a.makefile("x")).toThrow(new ValueError("invalid mode 'x' (only r, w, b allowed)"));
  expect(() => a.makefile("r", 0)).toThrow(new ValueError("unbuffered streams must be binary"));
  const raw = a.makefile("rb", 0);
  expect(raw).toBeInstanceOf(SocketIO);
  expect((raw as unknown as SocketIO).mode).toBe("rb");
  await raw.close();
});

test("a binary reader: readline, read(n), readlines, read() to EOF", async () => {
  const [a, b] = await pair();
  const f = a.makefile("rb");
  await b.sendall(bytes("one\ntwo\nthree\nfour\nfive"));
  b.close();
  expect(await f.readline()).toEqual(bytes("one\n"));
  expect(await f.read(5)).toEqual(bytes("two\nt"));
  expect(await f.readline(3)).toEqual(bytes("hre"));
  expect(await f.readlines()).toEqual([bytes("e\n"), bytes("four\n"), bytes("five")]);
  expect(await f.read()).toEqual(Buffer.alloc(0));
  expect(await f.readline()).toEqual(Buffer.alloc(0));
  await f.close();
});

test("read(n) waits for n bytes across several sends, as a BufferedReader does", async () => {
  const [a, b] = await pair();
  const f = a.makefile("rb");
  const reading = f.read(6);
  await b.sendall(bytes("abc"));
  await b.sendall(bytes("defgh"));
  expect(await reading).toEqual(bytes("abcdef"));
  expect(await f.read1()).toEqual(bytes("gh"));
  await f.close();
});

test("a binary writer holds bytes until flush(), and close() flushes", async () => {
  const [a, b] = await pair();
  const f = a.makefile("wb");
  expect(await f.write(bytes("held"))).toBe(4);
  b.setblocking(false);
  await expect(b.recv(10)).rejects.toMatchObject({ errno: 11 });
  await f.flush();
  b.setblocking(true);
  expect(await b.recv(10)).toEqual(bytes("held"));
  await f.write(bytes("tail"));
  await f.close();
  expect(await b.recv(10)).toEqual(bytes("tail"));
});

test("text files decode, encode, and iterate over lines with for await", async () => {
  const [a, b] = await pair();
  const w = b.makefile("w", null, { encoding: "utf-8" });
  await w.write("héllo\nwörld\n");
  await w.close();
  b.close();
  const r = a.makefile("r");
  const lines: string[] = [];
  for await (const line of r) lines.push(line);
  expect(lines).toEqual(["héllo\n", "wörld\n"]);
  await r.close();
});

test("makefile('rw') gives one text file for a line protocol in both directions", async () => {
  const [client, server] = await connectedPair(AF_INET);
  const f = client.makefile("rw");
  const s = server.makefile("rw");
  await f.write("PING 1\n");
  await f.flush();
  expect(await s.readline()).toBe("PING 1\n");
  await s.write("PONG 1\n");
  await s.flush();
  expect(await f.readline()).toBe("PONG 1\n");
  await Promise.all([f.close(), s.close()]);
});

test("the socket's timeout applies, and a timed-out file refuses further reads", async () => {
  const [a] = await pair();
  a.settimeout(0.02);
  const f = a.makefile("rb");
  await expect(f.readline()).rejects.toBeInstanceOf(TimeoutError);
  await expect(f.read(1)).rejects.toThrow("cannot read from timed out object");
  await f.close();
});

test("the socket stays open until it and every file are closed (Python's _io_refs)", async () => {
  const [a, b] = await pair();
  const r = a.makefile("rb");
  const w = a.makefile("wb");
  a.close();
  expect(String(a)).toStartWith("<socket.socket [closed] fd=");
  expect(a.fileno()).toBeGreaterThan(0);
  await w.write(bytes("still open"));
  await w.close();
  expect(await b.recv(20)).toEqual(bytes("still open"));
  expect(a.fileno()).toBeGreaterThan(0);
  await r.close();
  expect(a.fileno()).toBe(-1);
  expect(await b.recv(20)).toEqual(Buffer.alloc(0));
});

test("operations on closed or one-way files raise Python's errors", async () => {
  const [a] = await pair();
  const rb = a.makefile("rb");
  await expect(rb.write(bytes("x"))).rejects.toEqual(new UnsupportedOperation("write"));
  await rb.close();
  await expect(rb.read()).rejects.toEqual(new ValueError("read of closed file"));
  const wb = a.makefile("wb");
  await expect(wb.read()).rejects.toBeInstanceOf(UnsupportedOperation);
  await wb.close();
  const r = a.makefile("r");
  await expect(r.write("x")).rejects.toEqual(new UnsupportedOperation("not writable"));
  await r.close();
  await expect(r.read()).rejects.toEqual(new ValueError("I/O operation on closed file."));
  const w = a.makefile("w");
  await expect(w.read()).rejects.toEqual(new UnsupportedOperation("not readable"));
  await w.close();
});

const NEWLINE_INPUT = "a\r\nb\rc\nd\r\n\re";
const NEWLINES: (string | null)[] = [null, "", "\n", "\r", "\r\n"];

test("text readlines() splits and translates newlines as python3 does for every newline=", async () => {
  const script = `
import json, socket, sys
out = []
for nl in json.loads(sys.argv[1]):
    a, b = socket.socketpair()
    data = sys.argv[2].encode()
    # One byte a send, so a \\r\\n may straddle two receives.
    for i in range(len(data)):
        b.sendall(data[i:i+1])
    b.close()
    f = a.makefile("r", newline=nl)
    out.append(f.readlines())
    f.close(); a.close()
print(json.dumps(out))`;
  const python = JSON.parse(await runPython(script, [JSON.stringify(NEWLINES), NEWLINE_INPUT]));
  const ours: string[][] = [];
  for (const newline of NEWLINES) {
    const [a, b] = await pair();
    for (const byte of bytes(NEWLINE_INPUT)) await b.sendall(Uint8Array.of(byte));
    b.close();
    const f = a.makefile("r", null, { newline });
    ours.push(await f.readlines());
    await f.close();
  }
  expect(ours).toEqual(python);
});

test("text writes turn \\n into the newline asked for", async () => {
  const [a, b] = await pair();
  const w = a.makefile("w", null, { newline: "\r\n" });
  expect(await w.write("x\ny\n")).toBe(4);
  await w.close();
  expect(await b.recv(10)).toEqual(bytes("x\r\ny\r\n"));
});
