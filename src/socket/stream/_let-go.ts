/**
 * detach()'s end of a transport: Bun closes its descriptor while a duplicate keeps the socket.
 * A stream connection must not be reset on the way (close() resets when data is unread, and
 * SO_LINGER 0 would stay on the socket the duplicate holds), so it is let go with a plain close.
 */
import type { Transport } from "../_transport.ts";
import { StreamTransport } from "./_transport.ts";

export function letGo(transport: Transport): void {
  if (transport instanceof StreamTransport) transport._parts.conn?.letGo();
  transport.close();
}
