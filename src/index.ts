/**
 * sockit: Python's `socket` model on Bun's native sockets.
 *
 * @example
 * import { AF_INET, SOCK_STREAM, socket } from "sockit";
 * await using s = socket(AF_INET, SOCK_STREAM);
 * await s.connect(["127.0.0.1", 8080]);
 * await s.sendall(new TextEncoder().encode("hello"));
 * const reply = await s.recv(1024);
 */

export * as selectors from "./selectors/index.ts";
export * from "./socket/index.ts";
export * as socketserver from "./socketserver/index.ts";
export * as ssl from "./ssl/index.ts";
