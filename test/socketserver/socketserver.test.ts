/** socketserver: the request loop, its hooks, threading, handlers, Unix and UDP servers. */
import { expect, test } from "bun:test";
import { join } from "node:path";
import {
  type Address,
  AF_INET,
  AF_UNIX,
  SO_REUSEADDR,
  SOCK_DGRAM,
  SOL_SOCKET,
  type Socket,
  socket,
} from "../../src/index.ts";
import {
  BaseRequestHandler,
  DatagramRequestHandler,
  type Request,
  StreamRequestHandler,
  TCPServer,
  ThreadingTCPServer,
  UDPServer,
  UnixStreamServer,
} from "../../src/socketserver/index.ts";
import { tempDir, track } from "../_helpers.ts";

class Echo extends StreamRequestHandler {
  override async handle() {
    for await (const line of this.rfile) await this.wfile.write(line);
  }
}

async function talk(address: Address, text: string, family = AF_INET): Promise<string> {
  await using sock = socket(family);
  await sock.connect(address);
  await sock.sendall(Buffer.from(text));
  sock.shutdown(1);
  let reply = "";
  for await (const chunk of sock) reply += chunk.toString();
  return reply;
}

test("serve_forever serves until shutdown(); server_address is the bound one", async () => {
  await using server = await new TCPServer(["127.0.0.1", 0], Echo).ready();
  const [host, port] = server.server_address as [string, number];
  expect([host, port > 0]).toEqual(["127.0.0.1", true]);
  const serving = server.serve_forever(30);
  expect(await talk(server.server_address, "one\ntwo\n")).toBe("one\ntwo\n");
  expect(await talk(server.server_address, "three\n")).toBe("three\n");
  // shutdown() wakes the loop at once rather than after poll_interval (30 s).
  await server.shutdown();
  await serving;
});

test("handle_request serves one request; with a timeout and no client, handle_timeout runs", async () => {
  let timeouts = 0;
  class Server extends TCPServer {
    override timeout = 0.02;
    override async handle_timeout() {
      timeouts++;
    }
  }
  await using server = await new Server(["127.0.0.1", 0], Echo).ready();
  await server.handle_request();
  expect(timeouts).toBe(1);
  const reply = talk(server.server_address, "hi\n");
  await server.handle_request();
  expect(await reply).toBe("hi\n");
});

test("verify_request false closes the request unhandled; handle_error reports and serving goes on", async () => {
  const errors: Address[] = [];
  class Picky extends TCPServer {
    refuse = true;
    override verify_request(_request: Request, _client: Address) {
      const ok = !this.refuse;
      this.refuse = false;
      return ok;
    }
    override handle_error(_request: Request, client: Address) {
      errors.push(client);
    }
  }
  class Fails extends BaseRequestHandler {
    override async handle() {
      throw new Error("handler failed");
    }
  }
  await using server = await new Picky(["127.0.0.1", 0], Fails).ready();
  const refused = talk(server.server_address, "x");
  await server.handle_request();
  expect(await refused).toBe("");
  expect(errors).toEqual([]);
  const failing = talk(server.server_address, "y");
  await server.handle_request();
  expect(await failing).toBe("");
  expect(errors).toHaveLength(1);
});

test("ThreadingTCPServer handles clients concurrently: a silent client does not hold up others", async () => {
  await using server = await new ThreadingTCPServer(["127.0.0.1", 0], Echo).ready();
  const serving = server.serve_forever();
  const silent = track(socket());
  await silent.connect(server.server_address);
  expect(await talk(server.server_address, "while another waits\n")).toBe("while another waits\n");
  silent.close();
  await server.shutdown();
  await serving;
});

test("StreamRequestHandler options: timeout, buffered wfile, allow_reuse_address", async () => {
  const seen: unknown[] = [];
  class Handler extends StreamRequestHandler {
    override timeout = 5;
    override wbufsize = 8192;
    override async handle() {
      seen.push(this.connection.gettimeout());
      await this.wfile.write(Buffer.from("buffered until finish"));
    }
  }
  class Reusing extends TCPServer {
    override allow_reuse_address = true;
  }
  await using server = await new Reusing(["127.0.0.1", 0], Handler).ready();
  expect(server.socket.getsockopt(SOL_SOCKET, SO_REUSEADDR)).toBe(1);
  const reply = talk(server.server_address, "");
  await server.handle_request();
  expect(await reply).toBe("buffered until finish");
  expect(seen).toEqual([5]);
});

test("bind_and_activate=false lets the caller bind and activate", async () => {
  const server = new TCPServer(["127.0.0.1", 0], Echo, false);
  await server.server_bind();
  server.server_activate();
  const reply = talk(server.server_address, "late\n");
  await server.handle_request();
  expect(await reply).toBe("late\n");
  await server.server_close();
});

test("a bind failure rejects ready()", async () => {
  await using first = await new TCPServer(["127.0.0.1", 0], Echo).ready();
  await expect(new TCPServer(first.server_address, Echo).ready()).rejects.toMatchObject({
    errno: 98,
  });
});

test("UnixStreamServer serves a path", async () => {
  const path = join(tempDir(), "srv.sock");
  await using server = await new UnixStreamServer(path, Echo).ready();
  const reply = talk(path, "over unix\n", AF_UNIX);
  await server.handle_request();
  expect(await reply).toBe("over unix\n");
});

test("UDPServer with DatagramRequestHandler: rfile is the datagram, wfile the reply", async () => {
  class Upper extends DatagramRequestHandler {
    override async handle() {
      const line = this.rfile.readline().toString();
      this.wfile.write(Buffer.from(line.toUpperCase()));
    }
  }
  await using server = await new UDPServer(["127.0.0.1", 0], Upper).ready();
  const client: Socket = track(socket(AF_INET, SOCK_DGRAM));
  await client.sendto(Buffer.from("quiet\nrest"), server.server_address);
  await server.handle_request();
  expect((await client.recv(100)).toString()).toBe("QUIET\n");
});
