/**
 * Readiness of descriptors that are not sockit sockets (stdin, pipes, files, a tty), asked of
 * the kernel with a zero-timeout poll(2): looking does not consume, as with Python's select.
 * Bun cannot watch an arbitrary descriptor without reading it, so a select() that includes
 * one re-polls on a short interval while nothing else wakes it.
 */
import { ptr } from "bun:ffi";
import { libc } from "./_libc.ts";
import { errorFor, OSError } from "./errors.ts";

const POLLIN = 0x1;
const POLLPRI = 0x2;
const POLLOUT = 0x4;
const POLLERR = 0x8;
const POLLHUP = 0x10;
const POLLNVAL = 0x20;

/** How often a select() over plain descriptors looks again (ms). */
export const FD_POLL_INTERVAL_MS = 10;

export interface FdState {
  read: boolean;
  write: boolean;
  except: boolean;
}

/** Polls each descriptor once; raises EBADF for one that is not open, as select(2) does. */
export function pollFds(fds: readonly number[]): Map<number, FdState> {
  const states = new Map<number, FdState>();
  if (fds.length === 0) return states;
  const lib = libc();
  if (!lib) {
    throw new OSError("select() on descriptors other than sockets needs libc (Linux)");
  }
  const unique = [...new Set(fds)];
  const table = new Int32Array(unique.length * 2);
  const view = new DataView(table.buffer);
  unique.forEach((fd, i) => {
    table[i * 2] = fd;
    view.setInt16(i * 8 + 4, POLLIN | POLLPRI | POLLOUT, true);
  });
  if (lib.poll(ptr(table), unique.length, 0) < 0) throw errorFor("EINTR");
  unique.forEach((fd, i) => {
    const revents = view.getInt16(i * 8 + 6, true);
    if (revents & POLLNVAL) throw errorFor("EBADF");
    states.set(fd, {
      read: (revents & (POLLIN | POLLHUP | POLLERR)) !== 0,
      write: (revents & (POLLOUT | POLLERR)) !== 0,
      except: (revents & POLLPRI) !== 0,
    });
  });
  return states;
}
