/**
 * Bun's side of every stream socket: the callbacks that feed a StreamConnection, and Bun.connect.
 */
import type { SocketHandler } from "bun";
import { activity } from "../_waiting.ts";
import { fromBunError } from "../errors.ts";
import { StreamConnection } from "./_connection.ts";

/** Handlers shared by every stream socket: each socket's `data` is its StreamConnection. */
export const STREAM_HANDLERS: SocketHandler<StreamConnection> = {
  open(socket) {
    socket.data.attach(socket);
  },
  // Once TLS is on, Bun still reports the raw socket's ciphertext and close: only the socket
  // the connection is attached to speaks for it.
  data(socket, chunk) {
    if (socket.data.bun !== socket) return;
    socket.data.onData(chunk);
    activity.notify();
  },
  drain(socket) {
    if (socket.data.bun !== socket) return;
    socket.data.onDrain();
    activity.notify();
  },
  end(socket) {
    if (socket.data.bun !== socket) return;
    socket.data.onEnd();
    activity.notify();
  },
  close(socket, err) {
    if (socket.data.bun !== socket) return;
    socket.data.onClose(err);
    activity.notify();
  },
  error(socket, err) {
    if (socket.data.bun !== socket) return;
    socket.data.onError(err);
    activity.notify();
  },
  connectError() {
    // Bun.connect's promise rejects right after; the caller translates that error.
  },
};

export interface ConnectTarget {
  host?: string;
  port?: number;
  unix?: string;
  localHost?: string;
  localPort?: number;
}

/** Opens a connection; rejects with the OSError Python would raise. */
export async function connectStream(target: ConnectTarget): Promise<StreamConnection> {
  const conn = new StreamConnection();
  const common = { data: conn, socket: STREAM_HANDLERS, allowHalfOpen: true };
  try {
    if (target.unix !== undefined) {
      await Bun.connect({ ...common, unix: target.unix });
    } else {
      // localAddress/localPort work in Bun though the types omit them (BUN_FACTS.md).
      await Bun.connect({
        ...common,
        hostname: target.host ?? "",
        port: target.port ?? 0,
        ...(target.localHost === undefined
          ? {}
          : { localAddress: target.localHost, localPort: target.localPort ?? 0 }),
      } as Bun.TCPSocketConnectOptions<StreamConnection>);
    }
  } catch (err) {
    throw fromBunError(err);
  }
  return conn;
}
