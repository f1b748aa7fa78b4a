/** The library: Python's socket module on Bun. */

export type { SendfileSource } from "./_sendfile.ts";
export { type AncillaryItem, recv_fds, send_fds } from "./_socket-messages.ts";
export * from "./address.ts";
export * from "./constants.ts";
export * from "./constants-linux.ts";
export * from "./defaults.ts";
export * from "./enums.ts";
export * from "./errors.ts";
export * from "./factories.ts";
export * from "./file/index.ts";
export * from "./happy-eyeballs.ts";
export * from "./names/inet.ts";
export * from "./names/protocols.ts";
export * from "./names/resolve.ts";
export * from "./port-probe.ts";
export * from "./select.ts";
export * from "./socket.ts";
export * from "./socket-type.ts";
