/**
 * Where connect and listen meet TLS: the flag checks that need no TLS code, then the TLS code
 * itself, imported only when --ssl (or --starttls) is given, so plain runs never load it.
 */
import type { Socket } from "../socket/index.ts";
import { NetworkError, UsageError } from "./_errors.ts";
import { type TlsFlags, wantsTls } from "./_tls-args.ts";
import type { Reporter } from "./report/reporter.ts";

interface Shape {
  udp?: boolean;
  zero?: boolean;
}

/** Whether the command speaks TLS (see wantsTls); rejects TLS with UDP or -z. */
export function checkTlsFlags(flags: TlsFlags & Shape): boolean {
  const wanted = wantsTls(flags);
  if (wanted && (flags.udp || flags.zero)) {
    throw new UsageError(`--ssl does not go with ${flags.udp ? "-u" : "-z"}`);
  }
  return wanted;
}

export type Upgrade = (sock: Socket, label: string, reporter: Reporter) => Promise<Socket>;

/** connect: null without TLS; else the upgrade of the connected socket, settings checked now. */
export async function clientUpgrade(
  flags: TlsFlags & Shape,
  host: string,
): Promise<Upgrade | null> {
  if (!checkTlsFlags(flags)) return null;
  const { prepareClient, upgradeClient } = await import("./endpoints/tls.ts");
  const prepared = prepareClient(flags, host);
  return async (sock, label, reporter) => {
    try {
      return await upgradeClient(sock, prepared, reporter);
    } catch (err) {
      sock.close();
      throw new NetworkError(`connect ${label}`, err);
    }
  };
}

/** listen: with TLS the listener becomes an SSLSocket whose accept() hands out SSLSockets. */
export async function serverTls(server: Socket, flags: TlsFlags, reporter: Reporter) {
  if (!wantsTls(flags)) return server;
  const { tlsListener } = await import("./endpoints/tls.ts");
  return tlsListener(server, flags, reporter);
}
