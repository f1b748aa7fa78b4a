/**
 * A stream descriptor made elsewhere (socket(fileno=fd), fromfd), taken over by Bun as it is:
 * a listening one by Bun.listen({fd}), a connected one by Bun.connect({fd}), whose open
 * handler runs before it returns, so the socket is usable at once.
 */
import type { FdFacts } from "../_fd-socket.ts";
import { OptionStore } from "../_options.ts";
import { SOCK_STREAM, SOMAXCONN } from "../constants.ts";
import { fromBunError } from "../errors.ts";
import { StreamConnection } from "./_connection.ts";
import { StreamListener } from "./_listener.ts";
import { STREAM_HANDLERS } from "./_stream-handlers.ts";
import { StreamTransport } from "./_transport.ts";

/** An accepted connection, or a descriptor taken over, with the names it goes by. */
export type Taken = { conn?: StreamConnection; listener?: StreamListener } & Partial<
  Record<"localPath" | "peerPath" | "boundHost", string>
>;

export function adoptStream(fd: number, facts: FdFacts): StreamTransport {
  const options = new OptionStore(facts.family, SOCK_STREAM);
  const local = facts.local;
  const localPath = typeof local === "string" ? local : "";
  if (facts.listening) {
    const port = typeof local === "string" ? 0 : local[1];
    const boundHost = typeof local === "string" ? "" : local[0];
    // The kernel's backlog cannot be read back; Linux's ceiling stands in for it.
    let listener: StreamListener;
    try {
      listener = StreamListener.adopt(fd, port, SOMAXCONN);
    } catch (err) {
      throw fromBunError(err);
    }
    return new StreamTransport(facts.family, options, { listener, localPath, boundHost });
  }
  const conn = new StreamConnection();
  const bun = Bun.connect({
    fd,
    data: conn,
    socket: STREAM_HANDLERS,
    allowHalfOpen: true,
  } as unknown as Parameters<typeof Bun.connect<StreamConnection>>[0]);
  // The promise is settled already; a failure shows on the connection as it would anyway.
  bun.catch(() => {});
  const peerPath = typeof facts.peer === "string" ? facts.peer : "";
  return new StreamTransport(facts.family, options, { conn, localPath, peerPath });
}
