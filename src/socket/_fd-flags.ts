/**
 * get_inheritable / set_inheritable: FD_CLOEXEC on the descriptor, through libc. Python's
 * sockets start non-inheritable; before Bun has made the descriptor the wish is kept and
 * applied when the flag is next read or set on a real descriptor.
 */
import { libc } from "./_libc.ts";
import { errorFor } from "./errors.ts";

const F_GETFD = 1;
const F_SETFD = 2;
const FD_CLOEXEC = 1;

const wished = new WeakMap<object, boolean>();

export function getInheritable(owner: object, fd: number): boolean {
  const lib = libc();
  if (fd < 0 || !lib) return wished.get(owner) ?? false;
  const wish = wished.get(owner);
  if (wish !== undefined) setInheritable(owner, fd, wish);
  const flags = lib.fcntl(fd, F_GETFD, 0);
  if (flags < 0) throw errorFor("EBADF");
  return (flags & FD_CLOEXEC) === 0;
}

export function setInheritable(owner: object, fd: number, inheritable: boolean): void {
  wished.set(owner, inheritable);
  const lib = libc();
  if (fd < 0 || !lib) return;
  const flags = lib.fcntl(fd, F_GETFD, 0);
  if (flags < 0) throw errorFor("EBADF");
  const next = inheritable ? flags & ~FD_CLOEXEC : flags | FD_CLOEXEC;
  if (lib.fcntl(fd, F_SETFD, next) < 0) throw errorFor("EBADF");
}
