import { expect, test } from "bun:test";
import {
  create_connection,
  OSError,
  type Socket,
  socket,
  TimeoutError,
} from "../../src/socket/index.ts";
import { PythonProcess } from "../_python.ts";

// The same steps in CPython and in sockit; each prints what a user would look at.
const PYTHON = `
import socket
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen()
peer = socket.create_connection(srv.getsockname()); conn, _ = srv.accept()
conn.settimeout(3)
d = conn.dup()
print("dup", d.fileno() != conn.fileno(), d.gettimeout() == 3, d.family, d.type, d.proto)
conn.close()
d.sendall(b"one"); print("peer", peer.recv(10).decode())
n = d.detach()
print("detach", n >= 0, d.fileno(), "[closed]" in repr(d), d.detach())
for call in (d.dup, lambda: d.getpeername()):
    try: call()
    except OSError as e: print("closed", e)
peer.settimeout(0.2)
try: peer.recv(10); print("EOF")
except TimeoutError: print("no EOF while the descriptor lives")
e = socket.socket(fileno=n); e.sendall(b"two"); print("peer", peer.recv(10).decode())
e.close(); peer.settimeout(3); print("peer EOF", peer.recv(10) == b"")
ld = srv.dup(); srv.close()
c2 = socket.create_connection(ld.getsockname()); a, _ = ld.accept()
print("listener dup accepts", a.getpeername() == c2.getsockname())
l2 = socket.socket(fileno=ld.detach())
c3 = socket.create_connection(l2.getsockname()); b, _ = l2.accept()
print("listener detach accepts", b.getpeername() == c3.getsockname())
for s in (peer, a, b, c2, c3, l2): s.close()
`;

async function sockit(): Promise<string[]> {
  const out: string[] = [];
  // Python's spelling of booleans, so the lines compare as they are.
  const shown = (part: unknown) => (typeof part === "boolean" ? (part ? "True" : "False") : part);
  const print = (...parts: unknown[]) => out.push(parts.map((p) => String(shown(p))).join(" "));
  const open: Socket[] = [];
  const srv = socket();
  await srv.bind(["127.0.0.1", 0]);
  srv.listen();
  const peer = await create_connection(srv.getsockname() as [string, number]);
  const [conn] = await srv.accept();
  open.push(peer, conn);
  try {
    conn.settimeout(3);
    const d = conn.dup();
    print("dup", d.fileno() !== conn.fileno(), d.gettimeout() === 3, d.family, d.type, d.proto);
    conn.close();
    await d.sendall(Buffer.from("one"));
    print("peer", (await peer.recv(10)).toString());
    const n = d.detach();
    print("detach", n >= 0, d.fileno(), String(d).includes("[closed]"), d.detach());
    for (const call of [() => d.dup(), () => d.getpeername()]) {
      try {
        call();
      } catch (err) {
        if (err instanceof OSError) print("closed", err.message);
      }
    }
    peer.settimeout(0.2);
    try {
      await peer.recv(10);
      print("EOF");
    } catch (err) {
      if (err instanceof TimeoutError) print("no EOF while the descriptor lives");
    }
    const e = socket(-1, -1, -1, n);
    open.push(e);
    await e.sendall(Buffer.from("two"));
    print("peer", (await peer.recv(10)).toString());
    e.close();
    peer.settimeout(3);
    print("peer EOF", (await peer.recv(10)).length === 0);
    const ld = srv.dup();
    open.push(ld);
    srv.close();
    const c2 = await create_connection(ld.getsockname() as [string, number]);
    const [a] = await ld.accept();
    open.push(c2, a);
    print("listener dup accepts", String(a.getpeername()) === String(c2.getsockname()));
    const l2 = socket(-1, -1, -1, ld.detach());
    open.push(l2);
    const c3 = await create_connection(l2.getsockname() as [string, number]);
    const [b] = await l2.accept();
    open.push(c3, b);
    print("listener detach accepts", String(b.getpeername()) === String(c3.getsockname()));
  } finally {
    for (const s of [srv, ...open]) s.close();
  }
  return out;
}

test("dup() and detach() behave as CPython's on connections and listeners", async () => {
  const { exitCode, stdout, stderr } = await new PythonProcess(PYTHON).finish();
  expect(stderr).toBe("");
  expect(exitCode).toBe(0);
  const python = stdout.trim().split("\n");
  expect(python).toHaveLength(10);
  expect(await sockit()).toEqual(python);
});

test("dup() of a socket without a descriptor yet says why", () => {
  const fresh = socket();
  try {
    expect(() => fresh.dup()).toThrow("[Errno 95] Operation not supported (no descriptor before");
  } finally {
    fresh.close();
  }
});
