/**
 * Bulk transfer through the library, as a Python programmer would write it.
 *   bun lib-bulk.ts recv          → prints {"port":N}, receives one connection, prints the result
 *   bun lib-bulk.ts send PORT N   → sends N bytes in 64 KiB sendall() calls
 *   bun lib-bulk.ts sendfile PORT N FILE → sends FILE (N bytes) with one socket.sendfile()
 * The receiver times from accept to EOF, so process start-up stays out of the figure.
 */
import { openSync } from "node:fs";
import { AF_INET, SHUT_WR, SOCK_STREAM, socket } from "../../src/index.ts";

const CHUNK = 64 * 1024;
const RECV_SIZE = 262144;

async function receive(): Promise<void> {
  await using server = socket(AF_INET, SOCK_STREAM);
  await server.bind(["127.0.0.1", 0]);
  server.listen(1);
  console.log(JSON.stringify({ port: (server.getsockname() as [string, number])[1] }));
  const [conn] = await server.accept();
  const started = performance.now();
  let bytes = 0;
  for (let data = await conn.recv(RECV_SIZE); data.length > 0; data = await conn.recv(RECV_SIZE)) {
    bytes += data.length;
  }
  const seconds = (performance.now() - started) / 1000;
  conn.close();
  console.log(JSON.stringify({ role: "recv", bytes, seconds, mibps: bytes / 1048576 / seconds }));
}

async function send(port: number, total: number): Promise<void> {
  await using sock = socket(AF_INET, SOCK_STREAM);
  await sock.connect(["127.0.0.1", port]);
  const chunk = crypto.getRandomValues(new Uint8Array(CHUNK));
  const started = performance.now();
  for (let sent = 0; sent < total; sent += CHUNK) {
    await sock.sendall(total - sent >= CHUNK ? chunk : chunk.subarray(0, total - sent));
  }
  // Half-close and wait for the receiver's close, so both sides agree the data arrived.
  sock.shutdown(SHUT_WR);
  await sock.recv(1);
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ role: "send", bytes: total, seconds }));
}

async function sendFile(port: number, total: number, path: string): Promise<void> {
  await using sock = socket(AF_INET, SOCK_STREAM);
  await sock.connect(["127.0.0.1", port]);
  const fd = openSync(path, "r");
  const started = performance.now();
  const sent = await sock.sendfile(fd);
  if (sent !== total) throw new Error(`sendfile sent ${sent} of ${total} bytes`);
  sock.shutdown(SHUT_WR);
  await sock.recv(1);
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ role: "send", bytes: total, seconds }));
}

const [mode, port, bytes, path] = process.argv.slice(2);
if (mode === "recv") await receive();
else if (mode === "sendfile") await sendFile(Number(port), Number(bytes), path ?? "");
else await send(Number(port), Number(bytes));
