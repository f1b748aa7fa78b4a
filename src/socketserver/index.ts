/**
 * Python's `socketserver`: TCPServer, UDPServer, UnixStreamServer, UnixDatagramServer, the
 * ThreadingMixIn (handlers run concurrently as async tasks; ForkingMixIn is not offered: Bun
 * cannot fork), and the request handlers. Handler methods may be async; server calls that
 * block in Python return Promises.
 *
 * @example
 * import { BaseRequestHandler, TCPServer } from "sockit/socketserver";
 * class Upper extends BaseRequestHandler {
 *   override async handle() {
 *     const conn = this.request as Socket;
 *     await conn.sendall((await conn.recv(1024)).toString().toUpperCase());
 *   }
 * }
 * await using server = await new TCPServer(["127.0.0.1", 9999], Upper).ready();
 * await server.serve_forever();
 */
export { BaseServer, type HandlerClass, type Request } from "./_base-server.ts";
export { BytesIO } from "./_bytes-io.ts";
export {
  BaseRequestHandler,
  DatagramRequestHandler,
  SocketWriter as _SocketWriter,
  StreamRequestHandler,
} from "./_handlers.ts";
export { TCPServer, UDPServer, UnixDatagramServer, UnixStreamServer } from "./_servers.ts";
export {
  ThreadingMixIn,
  ThreadingTCPServer,
  ThreadingUDPServer,
  ThreadingUnixDatagramServer,
  ThreadingUnixStreamServer,
} from "./_threading.ts";
