/**
 * The part of connect() that outlives the call. A non-blocking connect() returns EINPROGRESS
 * (a timed-out one gives up waiting) while Linux goes on connecting; the outcome is reported
 * by the next connect() (success once, then EISCONN; or the error) or read from SO_ERROR.
 */

import type { OSError } from "../errors.ts";
import type { StreamConnection } from "./_connection.ts";

export class ConnectAttempt {
  #pending = false;
  #error: OSError | null = null;
  /** A connection finished that no connect() call has reported yet. */
  #unreported = false;

  get pending(): boolean {
    return this.#pending;
  }

  /** An error that connect() or SO_ERROR has yet to report. */
  get failed(): boolean {
    return this.#error !== null;
  }

  /** Follows `attempt` in the background; `settled` runs once it has succeeded or failed. */
  start(
    attempt: Promise<StreamConnection>,
    connected: (conn: StreamConnection) => void,
    settled: () => void,
  ) {
    this.#pending = true;
    this.#unreported = true;
    attempt.then(
      (conn) => {
        this.#pending = false;
        connected(conn);
        settled();
      },
      (err: OSError) => {
        this.#pending = false;
        this.#error = err;
        settled();
      },
    );
  }

  /** The error to report, cleared by reporting it (as SO_ERROR is). */
  takeError(): OSError | null {
    const err = this.#error;
    this.#error = null;
    return err;
  }

  /** connect() on a connected socket: true, once, for a success nobody has been told of. */
  reportSuccess(): boolean {
    const unreported = this.#unreported;
    this.#unreported = false;
    return unreported;
  }
}
