// The socketserver UDP server from Python's documentation, ported line by line from
// socketserver_udp.py.
import type { Socket } from "../../src/index.ts";
import * as socketserver from "../../src/socketserver/index.ts";
import { repr } from "./_pyrepr.ts";

const strip = (data: Buffer) => Buffer.from(data.toString("latin1").trim(), "latin1");
const upper = (data: Buffer) => Buffer.from(data.toString("latin1").toUpperCase(), "latin1");

/**
 * This class works similar to the TCP handler class, except that
 * this.request consists of a pair of data and client socket, and since
 * there is no connection the client address must be given explicitly
 * when sending data back via sendto().
 */
class MyUDPHandler extends socketserver.BaseRequestHandler {
  override async handle() {
    const [packet, socket] = this.request as [Buffer, Socket];
    const data = strip(packet);
    console.log(`${this.client_address[0]} wrote:`);
    console.log(repr(data));
    await socket.sendto(upper(data), this.client_address);
  }
}

const [HOST, PORT] = ["localhost", process.argv.length > 2 ? Number(process.argv[2]) : 9999];
{
  await using server = await new socketserver.UDPServer([HOST, PORT], MyUDPHandler).ready();
  console.log("listening on", server.server_address[1]);
  await server.serve_forever();
}
