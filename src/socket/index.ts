/** The library: Python's socket module on Bun. */
export * from "./address.ts";
export * from "./constants.ts";
export * from "./defaults.ts";
export * from "./errors.ts";
export * from "./factories.ts";
export * from "./inet.ts";
export * from "./resolve.ts";
export * from "./select.ts";
export * from "./socket.ts";
