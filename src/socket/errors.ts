/**
 * Python's exception classes for sockets, with Python's messages, and the translation of
 * Bun's errors into them. Errno numbers come from `node:os` so each platform gets its own.
 */
import { constants } from "node:os";
import { GAI_STRERROR, STRERROR } from "./_strerror.ts";

/** Names libuv leaves out of `os.constants.errno`, with their Linux numbers. */
const LINUX_EXTRA: Readonly<Record<string, number>> = {
  ESOCKTNOSUPPORT: 94,
  EPFNOSUPPORT: 96,
  ESHUTDOWN: 108,
  EHOSTDOWN: 112,
};
const ERRNO: Readonly<Record<string, number>> = {
  ...LINUX_EXTRA,
  ...(constants.errno as Record<string, number>),
};
/**
 * errno number → name. Aliases share a number (EAGAIN/EWOULDBLOCK, ENOTSUP/EOPNOTSUPP); the
 * first name with a strerror text wins, else EAGAIN would print `Unknown error 11`.
 */
const ERRNO_NAME = new Map<number, string>();
for (const [name, value] of Object.entries(ERRNO)) {
  const known = ERRNO_NAME.get(value);
  if (known === undefined || (STRERROR[known] === undefined && STRERROR[name] !== undefined)) {
    ERRNO_NAME.set(value, name);
  }
}

/** The errno number for a name like `"ECONNREFUSED"` on this platform. */
export function errnoOf(name: string): number {
  const value = ERRNO[name];
  if (value === undefined) throw new Error(`unknown errno name ${name}`);
  return value;
}

/** The platform's text for an errno number, as strerror() gives it. */
export function strerror(errno: number): string {
  const name = ERRNO_NAME.get(errno);
  return (name && STRERROR[name]) || `Unknown error ${errno}`;
}

/**
 * Python's `OSError`. Built from an errno it reads `[Errno 111] Connection refused`; built from
 * a single message it carries no errno, as `OSError("AF_UNIX path too long")` does in Python.
 */
export class OSError extends Error {
  readonly errno: number | null;
  readonly strerror: string | null;

  constructor(errnoOrMessage?: number | string, text?: string, options?: ErrorOptions) {
    const hasErrno = typeof errnoOrMessage === "number";
    const errnoText = hasErrno ? (text ?? strerror(errnoOrMessage)) : null;
    super(hasErrno ? `[Errno ${errnoOrMessage}] ${errnoText}` : (errnoOrMessage ?? ""), options);
    this.errno = hasErrno ? errnoOrMessage : null;
    this.strerror = errnoText;
  }
}

export class BlockingIOError extends OSError {}
export class ConnectionError extends OSError {}
export class BrokenPipeError extends ConnectionError {}
export class ConnectionAbortedError extends ConnectionError {}
export class ConnectionRefusedError extends ConnectionError {}
export class ConnectionResetError extends ConnectionError {}
export class FileNotFoundError extends OSError {}
export class FileExistsError extends OSError {}
export class PermissionError extends OSError {}
export class InterruptedError extends OSError {}

/** A socket timeout: message `timed out`, no errno, as Python's `socket.timeout`. */
export class TimeoutError extends OSError {
  constructor(
    errnoOrMessage: number | string = "timed out",
    text?: string,
    options?: ErrorOptions,
  ) {
    super(errnoOrMessage, text, options);
  }
}

/** Name resolution failures: errno is an EAI_* code, message `[Errno -2] Name or service not known`. */
export class gaierror extends OSError {
  constructor(code: number, options?: ErrorOptions) {
    super(code, GAI_STRERROR[code] ?? `Unknown error ${code}`, options);
  }
}

/** Address-related failures of gethostbyaddr and friends. */
export class herror extends OSError {}

/** Python's `ValueError`: the right type but a value out of range. */
export class ValueError extends Error {
  override name = "ValueError";
}

/** Python's `OverflowError`: an integer too large for its field, such as a port above 65535. */
export class OverflowError extends Error {
  override name = "OverflowError";
}

// Names are set from the source names, not `constructor.name`, which a minifier may rename.
for (const [name, Class] of Object.entries({
  OSError,
  BlockingIOError,
  ConnectionError,
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionRefusedError,
  ConnectionResetError,
  FileNotFoundError,
  FileExistsError,
  PermissionError,
  InterruptedError,
  TimeoutError,
  gaierror,
  herror,
})) {
  Object.defineProperty(Class.prototype, "name", { value: name, configurable: true });
}

/** Python's aliases: `socket.error` is OSError, `socket.timeout` is TimeoutError. */
export { OSError as error, TimeoutError as timeout };

type OSErrorClass = new (errno: number, text?: string, options?: ErrorOptions) => OSError;

const CLASS_BY_NAME: Readonly<Record<string, OSErrorClass>> = {
  EAGAIN: BlockingIOError,
  EWOULDBLOCK: BlockingIOError,
  EINPROGRESS: BlockingIOError,
  EALREADY: BlockingIOError,
  EPIPE: BrokenPipeError,
  ESHUTDOWN: BrokenPipeError,
  ECONNABORTED: ConnectionAbortedError,
  ECONNREFUSED: ConnectionRefusedError,
  ECONNRESET: ConnectionResetError,
  ETIMEDOUT: TimeoutError,
  ENOENT: FileNotFoundError,
  EEXIST: FileExistsError,
  EACCES: PermissionError,
  EPERM: PermissionError,
  EINTR: InterruptedError,
};

/** The OSError subclass Python picks for an errno: `OSError(111, ...)` is a ConnectionRefusedError. */
export function fromErrno(errno: number, options?: ErrorOptions, text = strerror(errno)): OSError {
  const name = ERRNO_NAME.get(errno);
  const Class = (name && CLASS_BY_NAME[name]) || OSError;
  return new Class(errno, text, options);
}

/** Shorthand for internal raises: `raise("ENOTCONN")`. */
export function errorFor(name: string, options?: ErrorOptions): OSError {
  return fromErrno(errnoOf(name), options);
}

interface BunSystemError {
  code?: unknown;
  errno?: unknown;
  syscall?: unknown;
  message?: unknown;
}

/**
 * Turns whatever Bun threw into Python's exception, keeping Bun's error as `cause`.
 * Bun reports errno positive from listen and negative from connect; the code name is the
 * reliable part, so it is looked up first.
 */
export function fromBunError(err: unknown): Error {
  if (err instanceof OSError || err instanceof ValueError || err instanceof OverflowError) {
    return err;
  }
  const { code, errno, syscall, message } = (err ?? {}) as BunSystemError;
  if (code === "ENOTFOUND" || code === "EAI_NONAME" || syscall === "getaddrinfo") {
    return new gaierror(code === "EAI_AGAIN" ? -3 : -2, { cause: err });
  }
  if (typeof code === "string" && ERRNO[code] !== undefined) {
    return fromErrno(ERRNO[code], { cause: err });
  }
  if (typeof errno === "number" && errno !== 0 && ERRNO_NAME.has(Math.abs(errno))) {
    return fromErrno(Math.abs(errno), { cause: err });
  }
  return new OSError(typeof message === "string" ? message : String(err), undefined, {
    cause: err,
  });
}
