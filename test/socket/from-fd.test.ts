import { expect, test } from "bun:test";
import { join } from "node:path";
import { socket } from "../../src/socket/index.ts";
import { PythonProcess } from "../_python.ts";

const CHILD = join(import.meta.dir, "fixtures", "from-fd.ts");

// python3 plays systemd: a TCP listener, a Unix listener and one connected socketpair end go
// to a sockit script through pass_fds and LISTEN_FDS; both sides describe each descriptor.
const PARENT = `
import json, os, socket, subprocess, sys, tempfile
tcp = socket.socket(); tcp.bind(("127.0.0.1", 0)); tcp.listen()
path = os.path.join(tempfile.mkdtemp(), "s")
unix = socket.socket(socket.AF_UNIX); unix.bind(path); unix.listen()
mine, theirs = socket.socketpair()
fds = [tcp.fileno(), unix.fileno(), theirs.fileno()]
# The child sees them as 3, 4, 5: move them there as systemd does.
targets = []
for i, fd in enumerate(fds):
    targets.append(os.dup2(fd, 100 + i))
env = dict(os.environ, LISTEN_FDS=str(len(fds)))
child = subprocess.Popen([sys.argv[1], sys.argv[2]], env=env, stdout=subprocess.PIPE, text=True,
    pass_fds=(3, 4, 5), preexec_fn=lambda: [os.dup2(t, 3 + i) for i, t in enumerate(targets)])
for t in targets: os.close(t)
theirs.close()
for fd in fds[:2]:
    s = socket.socket(fileno=os.dup(fd))
    print(json.dumps([s.family, s.type, s.proto, s.getsockname()]))
    s.detach()
lines = []
while True:
    line = child.stdout.readline()
    if line.strip() == "ready" or not line: break
    lines.append(line.strip())
print("child", json.dumps(lines))
for peer in (socket.create_connection(tcp.getsockname()), socket.socket(socket.AF_UNIX), mine):
    if peer.family == socket.AF_UNIX and peer is not mine: peer.connect(path)
    peer.sendall(b"ping")
    print("reply", peer.recv(100).decode())
    peer.close()
print("exit", child.wait())
`;

test("socket(fileno=fd) takes over listening and connected descriptors python3 passed on", async () => {
  const py = new PythonProcess(PARENT, [process.execPath, CHILD]);
  const { exitCode, stdout, stderr } = await py.finish();
  expect(stderr).toBe("");
  expect(exitCode).toBe(0);
  const lines = stdout.trim().split("\n");
  const [tcpPy, unixPy] = [JSON.parse(lines[0] as string), JSON.parse(lines[1] as string)];
  const child = (JSON.parse((lines[2] as string).slice("child ".length)) as string[]).map((l) =>
    JSON.parse(l),
  );
  expect(child[0]).toEqual({ fromfdDiffers: true });
  // Same family, type, proto and address as python3 sees them, on descriptors 3 and 4.
  expect(child[1]).toEqual([3, ...tcpPy]);
  expect(child[2]).toEqual([4, ...unixPy]);
  expect(child[3]).toEqual([5, 1, 1, 0, ""]);
  expect(lines.slice(3)).toEqual(["reply PING", "reply PING", "reply PING", "exit 0"]);
});

test("socket(fileno=...) raises what CPython raises", async () => {
  expect(() => socket(undefined, undefined, undefined, -1)).toThrow("negative file descriptor");
  expect(() => socket(undefined, undefined, undefined, 999)).toThrow(
    "[Errno 9] Bad file descriptor",
  );
  const file = Bun.file(import.meta.path);
  const handle = await import("node:fs/promises").then((fs) => fs.open(file.name as string));
  try {
    expect(() => socket(undefined, undefined, undefined, handle.fd)).toThrow(
      "[Errno 88] Socket operation on non-socket",
    );
  } finally {
    await handle.close();
  }
});
