/**
 * Happy Eyeballs (RFC 8305, section 5): connect to the first of several addresses that
 * answers. Attempts start in the order given, the next one 250 ms after the previous if that
 * one has not finished yet (at once if it failed); the first success wins and every other
 * attempt is closed. A dead IPv6 route then costs a quarter of a second, not a full timeout.
 */
import { type LongTimer, longTimeout } from "./_long-timer.ts";
import type { AddressInput } from "./address.ts";
import { getdefaulttimeout } from "./defaults.ts";
import { OSError } from "./errors.ts";
import type { AddrInfo } from "./names/resolve.ts";
import { Socket } from "./socket.ts";

/** RFC 8305's recommended "Connection Attempt Delay". */
export const CONNECTION_ATTEMPT_DELAY = 0.25;

export interface ConnectFirstOptions {
  /** Each socket's timeout, as settimeout() takes it (null: blocking; default: the default). */
  timeout?: number | null;
  /** Seconds for the whole walk: attempts still running then fail with TimeoutError. */
  totalTimeout?: number;
  /** Bound before each connect; with a fixed port the attempts run one after another. */
  source?: AddressInput | null;
  /** Seconds before the next attempt starts; default CONNECTION_ATTEMPT_DELAY. */
  delay?: number;
  /** Told of each attempt as it starts and as it fails, for -v. */
  onStart?: (sockaddr: AddrInfo[4]) => void;
  onFailure?: (sockaddr: AddrInfo[4], error: OSError) => void;
}

/** Every attempt failed: `errors` holds one OSError per address, in the order given. */
export class ConnectFirstError extends AggregateError {
  declare errors: OSError[];
  override name = "ConnectFirstError";

  /** The error of the last address, which Python's create_connection raises. */
  get last(): OSError {
    return this.errors[this.errors.length - 1] as OSError;
  }
}

/**
 * Connects to the first of `candidates` (getaddrinfo results) that accepts, closing the rest.
 * Rejects with ConnectFirstError when all fail, or at once with an error that is not an
 * OSError (a bad source address), as Python's create_connection lets those through.
 *
 * @example
 * const sock = await connectFirst(await getaddrinfo("localhost", 8080, 0, SOCK_STREAM));
 */
export function connectFirst(
  candidates: readonly AddrInfo[],
  options: ConnectFirstOptions = {},
): Promise<Socket> {
  const { promise, resolve, reject } = Promise.withResolvers<Socket>();
  const started = performance.now();
  const fixedSourcePort = Array.isArray(options.source) && Number(options.source[1]) !== 0;
  const delay = fixedSourcePort
    ? Number.POSITIVE_INFINITY
    : (options.delay ?? CONNECTION_ATTEMPT_DELAY);
  const errors: OSError[] = [];
  const open = new Set<Socket>();
  let next = 0;
  let done = false;
  let timer: LongTimer | undefined;

  const finish = (outcome: () => void) => {
    done = true;
    timer?.clear();
    outcome();
  };
  const startNext = () => {
    timer?.clear();
    if (done) return;
    if (next >= candidates.length) {
      if (open.size === 0) finish(() => reject(failure(errors)));
      return;
    }
    const index = next++;
    const [family, type, proto, , sockaddr] = candidates[index] as AddrInfo;
    const sock = new Socket(family, type, proto);
    open.add(sock);
    options.onStart?.(sockaddr);
    attempt(sock, sockaddr, timeoutFor(options, started)).then(
      () => {
        open.delete(sock);
        if (done) return sock.close();
        for (const loser of open) loser.close();
        finish(() => resolve(sock));
      },
      (err: unknown) => {
        open.delete(sock);
        sock.close();
        if (done) return;
        if (!(err instanceof OSError)) {
          for (const other of open) other.close();
          return finish(() => reject(err));
        }
        errors[index] = err;
        options.onFailure?.(sockaddr, err);
        startNext();
      },
    );
    if (next < candidates.length && Number.isFinite(delay))
      timer = longTimeout(startNext, delay * 1000);
  };
  startNext();
  return promise;

  async function attempt(sock: Socket, sockaddr: AddrInfo[4], timeout: number | null) {
    sock.settimeout(timeout);
    if (options.source) await sock.bind(options.source);
    await sock.connect(sockaddr);
    sock.settimeout(ownTimeout(options));
  }
}

/** The timeout an attempt starting now gets: its own, cut to what is left of the total. */
function timeoutFor(options: ConnectFirstOptions, started: number): number | null {
  const own = ownTimeout(options);
  if (options.totalTimeout === undefined) return own;
  // At least a millisecond: a timeout of 0 would mean non-blocking, not "no time left".
  const left = Math.max(0.001, options.totalTimeout - (performance.now() - started) / 1000);
  return own === null ? left : Math.min(own, left);
}

function ownTimeout(options: ConnectFirstOptions): number | null {
  return options.timeout === undefined ? getdefaulttimeout() : options.timeout;
}

function failure(errors: OSError[]): Error {
  const listed = errors.filter((err) => err !== undefined);
  if (listed.length === 0) return new OSError("getaddrinfo returns an empty list");
  return new ConnectFirstError(listed, "create_connection failed");
}
