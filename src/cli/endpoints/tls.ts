/**
 * TLS for connect and listen: a TLS endpoint is a socket endpoint whose socket is the
 * library's SSLSocket, so this file only builds the context from the flags, upgrades the
 * socket (after a --starttls preamble), and reports the session. Loaded only with --ssl.
 */
import { OSError, type Socket, ssl } from "../../index.ts";
import { UsageError } from "../_errors.ts";
import type { TlsFlags } from "../_tls-args.ts";
import { type Reporter, showAddress } from "../report/reporter.ts";
import { makeSelfSigned } from "./_self-signed.ts";
import { parseStartTls, startTlsPreamble } from "./_starttls.ts";
import { reportSession } from "./_tls-report.ts";

/** Settings read from files are the user's mistake when missing: a usage error, exit 2. */
function load(flag: string, file: string, action: () => void): void {
  try {
    action();
  } catch (err) {
    if (err instanceof OSError || err instanceof Error) {
      throw new UsageError(`--${flag} ${file}: ${err.message}`);
    }
    throw err;
  }
}

function configure(ctx: ssl.SSLContext, flags: TlsFlags): void {
  const cert = flags["ssl-cert"];
  if (flags["ssl-key"] !== undefined && cert === undefined) {
    throw new UsageError("--ssl-key needs --ssl-cert");
  }
  if (cert !== undefined) {
    load("ssl-cert", cert, () => ctx.load_cert_chain(cert, flags["ssl-key"]));
  }
  const alpn = flags["ssl-alpn"];
  if (alpn !== undefined) {
    load("ssl-alpn", alpn, () => ctx.set_alpn_protocols(alpn.split(",").filter(Boolean)));
  }
}

/** The client context: the system's CAs (or --ssl-trustfile), verification unless told not. */
export function clientContext(flags: TlsFlags): ssl.SSLContext {
  const trustfile = flags["ssl-trustfile"];
  let ctx: ssl.SSLContext;
  if (trustfile === undefined) ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH);
  else {
    // Like ncat's --ssl-trustfile: these CAs instead of the system's.
    ctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT);
    load("ssl-trustfile", trustfile, () => ctx.load_verify_locations(trustfile));
  }
  if (flags["ssl-verify"] === false) {
    ctx.check_hostname = false;
    ctx.verify_mode = ssl.CERT_NONE;
  }
  configure(ctx, flags);
  return ctx;
}

/** Checks the TLS flags of connect before anything connects. */
export function prepareClient(flags: TlsFlags, host: string) {
  const starttls = flags.starttls === undefined ? undefined : parseStartTls(flags.starttls);
  const ctx = clientContext(flags);
  const serverName = flags["ssl-servername"] ?? host;
  const verified =
    ctx.verify_mode === ssl.CERT_NONE ? "off (--no-ssl-verify)" : `OK (${serverName})`;
  return { ctx, starttls, serverName, verified };
}

/** Upgrades a connected socket: the --starttls preamble if asked, then the handshake. */
export async function upgradeClient(
  sock: Socket,
  prepared: ReturnType<typeof prepareClient>,
  reporter: Reporter,
): Promise<ssl.SSLSocket> {
  const { ctx, starttls, serverName, verified } = prepared;
  if (starttls) {
    await startTlsPreamble(sock, starttls, serverName);
    reporter.note(`STARTTLS (${starttls}) accepted, starting TLS.`);
  }
  const tls = await ctx.wrap_socket(sock, { server_hostname: serverName });
  reportSession(tls, verified, reporter);
  return tls;
}

/** The server context: --ssl-cert, or a throwaway certificate made now. */
async function serverContext(flags: TlsFlags, reporter: Reporter): Promise<ssl.SSLContext> {
  const ctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);
  configure(ctx, flags);
  if (flags["ssl-cert"] === undefined) {
    const made = await makeSelfSigned();
    ctx._load_cert_chain_pem(made.cert, made.key);
    reporter.note("Using a throwaway self-signed certificate; --ssl-cert and --ssl-key set one.");
    reporter.note(`SHA-256 fingerprint: ${made.fingerprint}`);
  }
  if (flags["ssl-verify"]) {
    ctx.verify_mode = ssl.CERT_REQUIRED;
    const trustfile = flags["ssl-trustfile"];
    if (trustfile === undefined) ctx.load_default_certs(ssl.Purpose.CLIENT_AUTH);
    else load("ssl-trustfile", trustfile, () => ctx.load_verify_locations(trustfile));
  } else if (flags["ssl-trustfile"] !== undefined) {
    throw new UsageError("--ssl-trustfile on listen needs --ssl-verify");
  }
  return ctx;
}

/**
 * Puts TLS on a listening socket. Its accept() hands connections over before their handshake,
 * which runs beside the other clients (a silent client stalls nobody); the first read or write
 * waits for it and raises its failure, which the session reports for that client alone.
 */
export async function tlsListener(server: Socket, flags: TlsFlags, reporter: Reporter) {
  const ctx = await serverContext(flags, reporter);
  const tls = await ctx.wrap_socket(server, { server_side: true, do_handshake_on_connect: false });
  const verified = flags["ssl-verify"] ? "client certificate OK" : "no client certificate asked";
  const accept = tls.accept.bind(tls);
  // The listener stays an SSLSocket for every serving mode (one client, -k, the broker, access
  // rules); only its accept() learns to say how each handshake went, under -v.
  tls.accept = async () => {
    const [conn, peer] = await accept();
    conn.do_handshake().then(
      () => {
        reporter.note(`TLS with ${showAddress(peer)}:`);
        reportSession(conn, verified, reporter);
      },
      // The pump's first read raises the same failure, and reports it there.
      () => undefined,
    );
    return [conn, peer];
  };
  return tls;
}
