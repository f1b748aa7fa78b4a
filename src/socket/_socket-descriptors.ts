/**
 * Python's `dup()` and `detach()`. Bun owns the descriptor it drives and reads its data as it
 * arrives, so neither can hand out that very descriptor: dup() makes a second socket on a
 * duplicate (Bun drives that one too), and detach() hands out a duplicate and lets Bun close
 * its own, without FIN or RST, so the socket lives on in the duplicate. Socket extends this.
 */
import { lastErrno, libc } from "./_libc.ts";
import { SocketViews } from "./_socket-views.ts";
import { DETACH, READINESS, type Readiness, type Transport } from "./_transport.ts";
import { errnoOf, errorFor, fromErrno, OSError } from "./errors.ts";
import { letGo } from "./stream/_let-go.ts";

const F_DUPFD_CLOEXEC = 1030;

/** A close-on-exec duplicate, as Python's are; raises the errno (EMFILE when the table is full). */
function duplicateOrRaise(fd: number): number {
  const lib = libc();
  if (!lib) throw fromErrno(errnoOf("ENOSYS"));
  const copy = lib.fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) throw fromErrno(lastErrno(lib));
  return copy;
}

type SocketMaker<T> = new (family: number, type: number, proto: number, fileno: number) => T;

export abstract class SocketDescriptors extends SocketViews {
  abstract readonly family: number;
  abstract readonly proto: number;
  abstract gettimeout(): number | null;
  abstract settimeout(value: number | null): void;
  abstract [DETACH](): Transport;
  abstract [READINESS](): Readiness;

  /**
   * A new socket on a duplicate of this one's descriptor, with its timeout. Both sockets read
   * from the kernel on their own: data (or a connection) that arrives while both are open goes
   * to whichever Bun read first, so read from one of them.
   */
  dup(): this {
    const fd = this.#descriptor();
    const copy = duplicateOrRaise(fd);
    let sock: this;
    try {
      sock = new (this.constructor as SocketMaker<this>)(this.family, this.type, this.proto, copy);
    } catch (err) {
      libc()?.close(copy);
      throw err;
    }
    sock.settimeout(this.gettimeout());
    return sock;
  }

  /**
   * Leaves this socket closed and returns a descriptor of the socket, which stays open: a
   * duplicate of the one Bun drove, since Bun closes its own. -1 if already closed. What sockit
   * had received but not yet handed to recv() stays behind.
   */
  detach(): number {
    if (this[READINESS]().closed) return -1;
    const copy = duplicateOrRaise(this.#descriptor());
    letGo(this[DETACH]());
    return copy;
  }

  #descriptor(): number {
    if (this[READINESS]().closed) throw errorFor("EBADF");
    const fd = this.fileno();
    if (fd >= 0) return fd;
    throw new OSError(
      errnoOf("EOPNOTSUPP"),
      "Operation not supported (no descriptor before bind or connect: Bun makes it then)",
    );
  }
}
