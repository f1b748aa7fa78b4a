/** `sockit relay LEFT RIGHT` (alias `forward`): join two addresses, as socat does. */
import { defineCommand } from "citty";
import { type CommonFlags, reportArgs } from "../_args.ts";
import { UsageError } from "../_errors.ts";
import { runSession } from "../_session.ts";
import { parseSeconds } from "../endpoints/address.ts";
import { parseRelayAddress } from "../relay/address.ts";
import { checkAddress } from "../relay/open.ts";
import { runRelay } from "../relay/serve.ts";

/** How long a UDP session may be silent before it ends, when -i does not say. */
const UDP_IDLE_DEFAULT = 60;

const relayArgs = {
  left: {
    type: "positional",
    required: false,
    valueHint: "LEFT",
    description: "where connections come from (tcp-listen:8080, -, ...)",
  },
  right: {
    type: "positional",
    required: false,
    valueHint: "RIGHT",
    description: "what each is joined to (tcp:host:80, exec:cmd, ...)",
  },
  once: { type: "boolean", description: "serve one connection on a listening LEFT, then exit" },
  "max-conns": {
    type: "string",
    alias: "m",
    valueHint: "N",
    description: "at most N connections at once (more are refused)",
  },
  "idle-timeout": {
    type: "string",
    alias: "i",
    valueHint: "SECS",
    description: `close a connection after SECS with no data (UDP sessions: ${UDP_IDLE_DEFAULT} s unless set)`,
  },
  ...reportArgs,
} as const;

interface RelayFlags extends CommonFlags {
  left?: string;
  right?: string;
  once?: boolean;
  "max-conns"?: string;
}

export default defineCommand({
  meta: {
    name: "relay",
    description: "Join two addresses (sockets, programs, stdio) and move bytes both ways",
  },
  args: relayArgs,
  run: ({ args }) => runRelayCommand(args as RelayFlags),
});

function runRelayCommand(flags: RelayFlags): Promise<number> {
  return runSession(flags, async (reporter) => {
    if (!flags.left || !flags.right)
      throw new UsageError(
        "relay needs two addresses (try: sockit relay tcp-listen:8080 tcp:host:80)",
      );
    const left = parseRelayAddress(flags.left);
    const right = parseRelayAddress(flags.right);
    checkAddress(left);
    checkAddress(right);
    if (left.kind === "stdio" && right.kind === "stdio")
      throw new UsageError("relay needs at least one address that is not stdio");
    const udp = [left, right].some((a) => a.kind.startsWith("udp"));
    const idle = parseSeconds(flags["idle-timeout"], "-i") ?? (udp ? UDP_IDLE_DEFAULT : undefined);
    await runRelay(
      {
        left,
        right,
        once: Boolean(flags.once),
        maxConns: maxConnsOf(flags),
        pump: { idleSeconds: idle },
      },
      reporter,
    );
    return 0;
  });
}

function maxConnsOf(flags: RelayFlags): number | undefined {
  if (flags["max-conns"] === undefined) return undefined;
  const max = Number(flags["max-conns"]);
  if (!Number.isInteger(max) || max < 1)
    throw new UsageError(`invalid --max-conns '${flags["max-conns"]}'`);
  return max;
}
