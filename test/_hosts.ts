/**
 * Two test seams for names with several addresses, both real: a black-hole address (python3
 * listening on ::1 with its accept queue full, so a SYN is dropped and connect() hangs, as on
 * a dead IPv6 route), and a private /etc/hosts. Tests cannot edit the machine's hosts file, so
 * `withHosts` runs a program in its own mount namespace (`unshare -rm`) with a file of ours
 * bind-mounted over /etc/hosts: the system resolver reads it as it would the real one, and the
 * mount vanishes with the process, whatever happens to the test.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PythonProcess } from "./_python.ts";

/** `argv` wrapped to run with `hosts` as its /etc/hosts; the file goes into `dir`. */
export function withHosts(dir: string, hosts: string, argv: readonly string[]): string[] {
  const file = join(dir, "hosts");
  writeFileSync(file, hosts);
  const script = 'mount --bind "$0" /etc/hosts && exec "$@"';
  return ["unshare", "-rm", "sh", "-c", script, file, ...argv];
}

const BLACK_HOLE = `
import socket, sys, time
srv = socket.socket(socket.AF_INET6)
srv.bind(("::1", int(sys.argv[1])))
srv.listen(0)
# backlog 0 holds one connection; the second fills the SYN queue, and later SYNs are dropped.
fill = []
for _ in range(2):
    c = socket.socket(socket.AF_INET6)
    c.setblocking(False)
    c.connect_ex(("::1", srv.getsockname()[1]))
    fill.append(c)
time.sleep(0.1)
print(srv.getsockname()[1], flush=True)
time.sleep(120)
`;

/** A port on ::1 (the given one, or any) where connect() hangs; kill() it when done. */
export async function blackHole(port = 0): Promise<{ port: number; kill: () => Promise<void> }> {
  const py = new PythonProcess(BLACK_HOLE, [String(port)]);
  const line = await py.readLine();
  return { port: Number(line), kill: () => py.kill() };
}
