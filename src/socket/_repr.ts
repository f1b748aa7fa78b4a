/** Python's repr of a socket: `<socket.socket fd=5, family=2, type=1, proto=0, laddr=(...)>`. */
import { type Address, formatAddress } from "./address.ts";

/** What the repr shows of a socket: its public face. */
export interface ReprSubject {
  readonly family: number;
  readonly type: number;
  readonly proto: number;
  fileno(): number;
  getsockname(): Address;
  getpeername(): Address;
}

export function socketRepr(sock: ReprSubject, closed: boolean): string {
  const { family, type, proto } = sock;
  let text = `<socket.socket${closed ? " [closed]" : ""} fd=${sock.fileno()}, family=${family}, type=${type}, proto=${proto}`;
  if (!closed) {
    text += addressPart("laddr", () => sock.getsockname());
    text += addressPart("raddr", () => sock.getpeername());
  }
  return `${text}>`;
}

/** `, laddr=...` when the address can be read and is not empty, as Python's repr does. */
function addressPart(label: string, read: () => Address): string {
  try {
    const address = read();
    if (address === "") return "";
    // Python shows a Unix path bare (`laddr=/tmp/s`) and a tuple with repr'd parts.
    return `, ${label}=${typeof address === "string" ? address : formatAddress(address)}`;
  } catch {
    return "";
  }
}
