/**
 * Python's `selectors`: register file objects (sockit sockets, descriptors, objects with a
 * fileno()) for EVENT_READ / EVENT_WRITE, then `await sel.select(timeout)`. All the classes
 * share one implementation on the socket module's select(); DefaultSelector is EpollSelector
 * as on Linux.
 *
 * @example
 * import { DefaultSelector, EVENT_READ } from "sockit/selectors";
 * const sel = new DefaultSelector();
 * sel.register(server, EVENT_READ, accept);
 * for (const [key, mask] of await sel.select()) await key.data(key.fileobj, mask);
 */
import { BaseSelector } from "./_selector.ts";

export { KeyError, RuntimeError, SelectorKey } from "./_key.ts";
export { BaseSelector, EVENT_READ, EVENT_WRITE, SelectorMapping } from "./_selector.ts";

/** Python's `selectors.SelectSelector`. */
export class SelectSelector extends BaseSelector {}
/** Python's `selectors.PollSelector`. */
export class PollSelector extends BaseSelector {}
/** Python's `selectors.EpollSelector`. */
export class EpollSelector extends BaseSelector {}
/** The best selector for the platform: EpollSelector, as Python's on Linux. */
export const DefaultSelector = EpollSelector;
export type DefaultSelector = EpollSelector;
