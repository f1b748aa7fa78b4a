/** Python's `selectors.SelectorKey` and the errors the selectors module raises. */

/** Python's `KeyError`; the message is the key's text (Python's `args[0]`). */
export class KeyError extends Error {
  override name = "KeyError";
}

/** Python's `RuntimeError`. */
export class RuntimeError extends Error {
  override name = "RuntimeError";
}

/** What register() returns and select() reports: the file object, its fd, events and data. */
export class SelectorKey<T = unknown> {
  constructor(
    readonly fileobj: unknown,
    readonly fd: number,
    readonly events: number,
    readonly data: T | null,
  ) {
    Object.freeze(this);
  }

  /** Unpacks like Python's namedtuple: `const [fileobj, fd, events, data] = key`. */
  *[Symbol.iterator](): Generator<unknown> {
    yield this.fileobj;
    yield this.fd;
    yield this.events;
    yield this.data;
  }

  toString(): string {
    return `SelectorKey(fileobj=${pyRepr(this.fileobj)}, fd=${this.fd}, events=${this.events}, data=${pyRepr(this.data)})`;
  }
}

/** Python's repr of what a message names: sockets repr themselves, strings get quotes. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}
