/**
 * Our stream sockets against real python3 peers over loopback, both directions: python3 echoes
 * what our client sends, and a python3 client talks to our server. Ports are always 0; a python3
 * server announces its address on its first stdout line, so nothing probes it with a connection.
 */
import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { type Address, AF_INET, AF_INET6, AF_UNIX, SHUT_WR } from "../../src/index.ts";
import { recvAll, tempDir, track, tracked } from "../_helpers.ts";
import { withPython } from "../_python.ts";

/** argv: family name, bind address as JSON. Prints getsockname(), echoes one client, reports. */
const ECHO_SERVER = `
import json, socket, sys
address = json.loads(sys.argv[2])
with socket.socket(getattr(socket, sys.argv[1])) as srv:
    srv.bind(address if isinstance(address, str) else tuple(address))
    srv.listen(1)
    print(json.dumps(srv.getsockname()), flush=True)
    conn, peer = srv.accept()
    with conn:
        echoed = 0
        while data := conn.recv(65536):
            conn.sendall(data)
            echoed += len(data)
print(json.dumps({"echoed": echoed, "peer": peer}))
`;

/** argv: family name, server address as JSON, size. Sends size seeded bytes, half-closes, reads. */
const CLIENT = `
import hashlib, json, random, socket, sys
address = json.loads(sys.argv[2])
size = int(sys.argv[3])
data = random.Random(size).randbytes(size)
with socket.socket(getattr(socket, sys.argv[1])) as s:
    s.connect(address if isinstance(address, str) else tuple(address))
    local = s.getsockname()
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    reply = bytearray()
    while chunk := s.recv(65536):
        reply += chunk
print(json.dumps({
    "sent": hashlib.sha256(data).hexdigest(),
    "reply": hashlib.sha256(reply).hexdigest(),
    "replyBytes": len(reply),
    "local": local,
}))
`;

const MiB = 1024 * 1024;

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

/** Seeded pseudo-random bytes (xorshift32): a failure can be replayed byte for byte. */
function pattern(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

interface Transport {
  name: string;
  family: number;
  pyFamily: string;
  /** Where a server binds: port 0 on loopback, or a path in a fresh temp dir. */
  bindAddress: () => Address;
}

const TCP4: Transport = {
  name: "TCP 127.0.0.1",
  family: AF_INET,
  pyFamily: "AF_INET",
  bindAddress: () => ["127.0.0.1", 0],
};
const TCP6: Transport = {
  name: "TCP ::1",
  family: AF_INET6,
  pyFamily: "AF_INET6",
  bindAddress: () => ["::1", 0, 0, 0],
};
const UNIX: Transport = {
  name: "AF_UNIX path",
  family: AF_UNIX,
  pyFamily: "AF_UNIX",
  bindAddress: () => join(tempDir(), "peer.sock"),
};

describe("python3 server, our client", () => {
  test.each([TCP4, UNIX, TCP6])("$name: 1 MiB echoed intact", async (transport) => {
    const args = [transport.pyFamily, JSON.stringify(transport.bindAddress())];
    await withPython(ECHO_SERVER, args, async (py) => {
      const serverAddress = JSON.parse(await py.readLine()) as Address;
      const client = tracked(transport.family);
      await client.connect(serverAddress);
      const local = client.getsockname();
      const payload = pattern(MiB, 1);
      // Send and receive at once: neither side has to buffer the whole MiB.
      const sending = client.sendall(payload).then(() => client.shutdown(SHUT_WR));
      const [, echoed] = await Promise.all([sending, recvAll(client)]);
      client.close();

      expect(echoed.length).toBe(MiB);
      expect(sha256(echoed)).toBe(sha256(payload));
      const result = await py.finish();
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ echoed: MiB, peer: local });
    });
  });
});

describe("our server, python3 client", () => {
  test.each([TCP4, UNIX])("$name: request in, half-close, reply out", async (transport) => {
    const server = tracked(transport.family);
    await server.bind(transport.bindAddress());
    server.listen(1);
    const args = [transport.pyFamily, JSON.stringify(server.getsockname()), String(MiB)];
    await withPython(CLIENT, args, async (py) => {
      const [conn] = await Promise.race([server.accept(), py.exited()]);
      track(conn);
      const peer = conn.getpeername();
      const request = await recvAll(conn);
      const reply = pattern(256 * 1024, 2);
      await conn.sendall(reply);
      conn.close();
      server.close();

      expect(request.length).toBe(MiB);
      const result = await py.finish();
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        sent: sha256(request),
        reply: sha256(reply),
        replyBytes: reply.length,
        local: peer,
      });
    });
  });
});
