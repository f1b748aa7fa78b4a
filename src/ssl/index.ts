/**
 * Python's `ssl` module on Bun's TLS: contexts, wrapped sockets, Python's errors.
 *
 * @example
 * import { ssl, create_connection } from "sockit";
 * const ctx = ssl.create_default_context();
 * const sock = await create_connection(["example.com", 443]);
 * await using tls = await ctx.wrap_socket(sock, { server_hostname: "example.com" });
 * console.log(tls.version(), tls.getpeercert());
 */

export type { PeerCert } from "./_peer-cert.ts";
export type { WrapOptions } from "./_wrap-rules.ts";
export * from "./constants.ts";
export { create_default_context, SSLContext } from "./context.ts";
export * from "./errors.ts";
export { SSLSocket } from "./sslsocket.ts";
