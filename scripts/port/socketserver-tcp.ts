// The socketserver TCP server from Python's documentation, ported line by line from
// socketserver_tcp.py (both handlers; "stream" in argv picks the StreamRequestHandler one).
import type { Socket } from "../../src/index.ts";
import * as socketserver from "../../src/socketserver/index.ts";
import { repr } from "./_pyrepr.ts";

const strip = (data: Buffer) => Buffer.from(data.toString("latin1").trim(), "latin1");
const upper = (data: Buffer) => Buffer.from(data.toString("latin1").toUpperCase(), "latin1");

/**
 * The request handler class for our server.
 *
 * It is instantiated once per connection to the server, and must
 * override the handle() method to implement communication to the
 * client.
 */
class MyTCPHandler extends socketserver.BaseRequestHandler {
  data = Buffer.alloc(0);

  override async handle() {
    // this.request is the TCP socket connected to the client
    const request = this.request as Socket;
    this.data = strip(await request.recv(1024));
    console.log(`${this.client_address[0]} wrote:`);
    console.log(repr(this.data));
    // just send back the same data, but upper-cased
    await request.sendall(upper(this.data));
  }
}

class MyStreamHandler extends socketserver.StreamRequestHandler {
  data = Buffer.alloc(0);

  override async handle() {
    // this.rfile is a file-like object created by the handler;
    // we can now use e.g. readline() instead of raw recv() calls
    this.data = strip(await this.rfile.readline());
    console.log(`${this.client_address[0]} wrote:`);
    console.log(repr(this.data));
    // Likewise, this.wfile is a file-like object used to write back
    // to the client
    await this.wfile.write(upper(this.data));
  }
}

const [HOST, PORT] = ["localhost", process.argv.length > 2 ? Number(process.argv[2]) : 9999];
const handler = process.argv.includes("stream") ? MyStreamHandler : MyTCPHandler;

// Create the server, binding to localhost on port 9999
{
  await using server = await new socketserver.TCPServer([HOST, PORT], handler).ready();
  console.log("listening on", server.server_address[1]);
  // Activate the server; this will keep running until you
  // interrupt the program with Ctrl-C
  await server.serve_forever();
}
