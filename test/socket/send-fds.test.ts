import { expect, test } from "bun:test";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AF_UNIX,
  recv_fds,
  SCM_RIGHTS,
  SOL_SOCKET,
  send_fds,
  socket,
  socketpair,
} from "../../src/socket/index.ts";
import { PythonProcess } from "../_python.ts";

// python3 listens on a Unix path, takes two descriptors with recv_fds, writes a line into each
// and reports what it received.
const RECEIVER = `
import os, socket, sys
srv = socket.socket(socket.AF_UNIX); srv.bind(sys.argv[1]); srv.listen()
print("listening", flush=True)
conn, _ = srv.accept()
data, fds, flags, addr = socket.recv_fds(conn, 100, 4)
print("got", data.decode(), len(fds), flags, addr)
for i, fd in enumerate(fds):
    os.write(fd, b"python3 wrote through descriptor %d\\n" % i); os.close(fd)
conn.sendall(b"done")
print("tail", conn.recv(100).decode())
`;

test("send_fds hands descriptors to python3's recv_fds; the stream goes on around them", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sockit-fds-"));
  const path = join(dir, "s");
  const files = [join(dir, "a"), join(dir, "b")];
  const fds = files.map((f) => openSync(f, "w"));
  const py = new PythonProcess(RECEIVER, [path]);
  const sock = socket(AF_UNIX);
  try {
    expect(await py.readLine()).toBe("listening");
    await sock.connect(path);
    expect(await send_fds(sock, [Buffer.from("two "), Buffer.from("files")], fds)).toBe(9);
    expect(await py.readLine()).toBe("got two files 2 0 None");
    expect((await sock.recv(100)).toString()).toBe("done");
    await sock.sendall(Buffer.from("plain bytes after"));
    sock.close();
    expect(await py.readLine()).toBe("tail plain bytes after");
    expect((await py.finish()).exitCode).toBe(0);
    for (const fd of fds) closeSync(fd);
    expect(files.map((f) => readFileSync(f, "utf8"))).toEqual([
      "python3 wrote through descriptor 0\n",
      "python3 wrote through descriptor 1\n",
    ]);
  } finally {
    sock.close();
    await py.finish();
    rmSync(dir, { recursive: true, force: true });
  }
});

// The other way is out of reach: Bun reads the stream before recvmsg could ask for the
// descriptors, so recv_fds says so instead of returning data without them.
test("recv_fds and recvmsg with room for ancillary data raise OSError 95 saying why", async () => {
  const [a, b] = await socketpair();
  try {
    await expect(recv_fds(a, 10, 1)).rejects.toThrow(
      "[Errno 95] Operation not supported (Bun reads the stream itself",
    );
    await expect(a.recvmsg(10, -1)).rejects.toThrow("invalid ancillary data buffer length");
    await b.sendmsg([Buffer.from("no "), Buffer.from("ancillary")]);
    expect(await a.recvmsg(100)).toEqual([Buffer.from("no ancillary"), [], 0, null]);
    const inet = socket();
    await expect(
      inet.sendmsg([Buffer.from("x")], [[SOL_SOCKET, SCM_RIGHTS, new Int32Array([0])]]),
    ).rejects.toThrow(
      "[Errno 95] Operation not supported (ancillary data goes only over a connected AF_UNIX stream)",
    );
    inet.close();
  } finally {
    a.close();
    b.close();
  }
});
