/**
 * `socket.makefile()`: a file object over a socket, built as CPython builds it (a SocketIO,
 * buffered unless buffering is 0, wrapped in a TextIOWrapper unless the mode is binary). The
 * socket stays open until it and every file made from it are closed.
 */
import { ValueError } from "../errors.ts";
import { DEFAULT_BUFFER_SIZE, type FileSocket, holdSocket } from "./_io-base.ts";
import { BufferedReader, BufferedWriter } from "./buffered.ts";
import { BufferedRWPair } from "./rw-pair.ts";
import { SocketIO } from "./socket-io.ts";
import { TextIOWrapper, type TextOptions } from "./text.ts";

export type SocketFile =
  | SocketIO
  | BufferedReader
  | BufferedWriter
  | BufferedRWPair
  | TextIOWrapper;

export function makefile(
  sock: FileSocket,
  mode = "r",
  buffering: number | null = null,
  options: TextOptions = {},
): SocketFile {
  if (![...mode].every((c) => c === "r" || c === "w" || c === "b")) {
    throw new ValueError(`invalid mode '${mode}' (only r, w, b allowed)`);
  }
  const writing = mode.includes("w");
  const reading = mode.includes("r") || !writing;
  const binary = mode.includes("b");
  const size = buffering === null || buffering < 0 ? DEFAULT_BUFFER_SIZE : buffering;
  if (size === 0 && !binary) throw new ValueError("unbuffered streams must be binary");
  const raw = new SocketIO(sock, `${reading ? "r" : ""}${writing ? "w" : ""}`);
  holdSocket(sock);
  if (size === 0) return raw;
  const buffer =
    reading && writing
      ? new BufferedRWPair(raw, raw, size)
      : reading
        ? new BufferedReader(raw, size)
        : new BufferedWriter(raw, size);
  if (binary) return buffer;
  const text = new TextIOWrapper(buffer, options);
  text.mode = mode;
  return text;
}

/** The file type `makefile(mode)` gives (buffering=0 gives a SocketIO instead). */
export type FileFor<M extends string> = M extends `${string}b${string}`
  ? M extends `${string}w${string}`
    ? M extends `${string}r${string}`
      ? BufferedRWPair
      : BufferedWriter
    : BufferedReader
  : TextIOWrapper;
