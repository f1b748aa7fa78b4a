/**
 * What SSLContext.wrap_socket checks before it wraps, in CPython's order and with its
 * messages, so a script that gets an argument wrong fails the same way here.
 */
import { SOCK_STREAM } from "../socket/constants.ts";
import { ValueError } from "../socket/errors.ts";
import type { Socket } from "../socket/socket.ts";
import { NotImplementedError } from "./errors.ts";

/** wrap_socket's keyword arguments. */
export interface WrapOptions {
  server_side?: boolean;
  server_hostname?: string | null;
  do_handshake_on_connect?: boolean;
  suppress_ragged_eofs?: boolean;
}

/** Whether `sock` has a peer: wrap_socket handshakes at once only then. */
export function isConnected(sock: Socket): boolean {
  try {
    sock.getpeername();
    return true;
  } catch {
    return false;
  }
}

/** Raises what CPython raises for these arguments; otherwise says whether `sock` is connected. */
export function checkWrapArguments(
  sock: Socket,
  checkHostname: boolean,
  options: WrapOptions,
): boolean {
  if (sock.type !== SOCK_STREAM) throw new NotImplementedError("only stream sockets are supported");
  const serverSide = options.server_side ?? false;
  if (serverSide && options.server_hostname) {
    throw new ValueError("server_hostname can only be specified in client mode");
  }
  if (!serverSide && checkHostname && !options.server_hostname) {
    throw new ValueError("check_hostname requires server_hostname");
  }
  const connected = isConnected(sock);
  if (connected && (options.do_handshake_on_connect ?? true) && sock.gettimeout() === 0) {
    throw new ValueError(
      "do_handshake_on_connect should not be specified for non-blocking sockets",
    );
  }
  return connected;
}
