/** The file objects `makefile()` returns: Python's SocketIO and the io classes over it. */
export { LookupError, UnicodeDecodeError, UnicodeEncodeError } from "./_codecs.ts";
export { DEFAULT_BUFFER_SIZE, UnsupportedOperation } from "./_io-base.ts";
export { BufferedReader, BufferedWriter } from "./buffered.ts";
export type { FileFor, SocketFile } from "./makefile.ts";
export { BufferedRWPair } from "./rw-pair.ts";
export { SocketIO } from "./socket-io.ts";
export { TextIOWrapper, type TextOptions } from "./text.ts";
