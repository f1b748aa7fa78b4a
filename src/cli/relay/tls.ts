/**
 * TLS for relay's `ssl:` (origination) and `ssl-listen:` (termination), on src/ssl: the
 * address's options become an SSLContext, and failures keep Python's ssl messages.
 *
 * ssl:HOST:PORT    verifies the server against the system's CAs (or cafile=) and its name
 *                  (servername=, default HOST); verify=0 turns both off; cert=/key= for a
 *                  client certificate.
 * ssl-listen:PORT  needs cert= (and key= unless the key is in the same file); cafile= with
 *                  verify=1 asks clients for a certificate signed by it.
 */
import type { Socket } from "../../socket/index.ts";
import {
  CERT_NONE,
  CERT_REQUIRED,
  create_default_context,
  PROTOCOL_TLS_SERVER,
  SSLContext,
  type SSLSocket,
} from "../../ssl/index.ts";
import { NetworkError, UsageError } from "../_errors.ts";
import { flagOption, type RelayAddress } from "./address.ts";

/** Usage checks before anything is bound: a server needs a certificate. */
export function checkTls(address: RelayAddress): void {
  flagOption(address, "verify");
  if (address.kind === "ssl-listen" && !address.options.get("cert"))
    throw new UsageError(`'${address.text}' needs cert=FILE (and key=FILE)`);
}

/** Wraps a connected socket as a TLS client and runs the handshake. */
export async function tlsClient(
  sock: Socket,
  address: RelayAddress,
  label: string,
): Promise<SSLSocket> {
  const cafile = address.options.get("cafile");
  const context = contextOf(
    () => create_default_context(undefined, cafile ? { cafile } : {}),
    address,
  );
  if (flagOption(address, "verify") === false) {
    context.check_hostname = false;
    context.verify_mode = CERT_NONE;
  }
  loadChain(context, address);
  const servername = address.options.get("servername") || address.host;
  try {
    return await context.wrap_socket(sock, { server_hostname: servername });
  } catch (err) {
    sock.close();
    throw new NetworkError(`TLS with ${label}`, err);
  }
}

/** A function that runs the server side of the handshake on each accepted connection. */
export function tlsServer(
  address: RelayAddress,
): (conn: Socket, label: string) => Promise<SSLSocket> {
  const context = contextOf(() => new SSLContext(PROTOCOL_TLS_SERVER), address);
  loadChain(context, address);
  const cafile = address.options.get("cafile");
  if (cafile) {
    contextOf(() => context.load_verify_locations(cafile), address);
    if (flagOption(address, "verify") !== false) context.verify_mode = CERT_REQUIRED;
  }
  return async (conn, label) => {
    try {
      return await context.wrap_socket(conn, { server_side: true });
    } catch (err) {
      conn.close();
      throw new NetworkError(`TLS with ${label}`, err);
    }
  };
}

function loadChain(context: SSLContext, address: RelayAddress): void {
  const cert = address.options.get("cert");
  if (!cert) return;
  const key = address.options.get("key") || undefined;
  contextOf(() => context.load_cert_chain(cert, key), address);
}

/** Runs a context step; a missing or bad file is the user's to fix: a usage error, one line. */
function contextOf<T>(step: () => T, address: RelayAddress): T {
  try {
    return step();
  } catch (err) {
    throw new UsageError(`'${address.text}': ${(err as Error).message}`);
  }
}
