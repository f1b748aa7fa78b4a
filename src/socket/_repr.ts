/** Python's repr of a socket: `<socket.socket fd=5, family=2, type=1, proto=0, laddr=(...)>`. */
import { type Address, formatAddress } from "./address.ts";

export interface ReprParts {
  closed: boolean;
  fd: number;
  family: number;
  type: number;
  proto: number;
  laddr: () => Address;
  raddr: () => Address;
}

export function socketRepr(parts: ReprParts): string {
  const { closed, fd, family, type, proto } = parts;
  let text = `<socket.socket${closed ? " [closed]" : ""} fd=${fd}, family=${family}, type=${type}, proto=${proto}`;
  if (!closed) {
    text += addressPart("laddr", parts.laddr);
    text += addressPart("raddr", parts.raddr);
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
