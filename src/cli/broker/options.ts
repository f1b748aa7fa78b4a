/** The flags of `listen --broker` / `--chat`, and the sizes they take. */
import type { ArgsDef } from "citty";
import { UsageError } from "../_errors.ts";
import { stdoutSink } from "../endpoints/stdio.ts";
import type { BrokerOptions } from "./hub.ts";

export const brokerArgs = {
  broker: {
    type: "boolean",
    description: "hub: each client's data goes to every other client (implies -k)",
  },
  chat: {
    type: "boolean",
    description: "chat room: --broker with <userN> line prefixes and join/leave notices",
  },
  "broker-queue": {
    type: "string",
    valueHint: "SIZE",
    description: "bytes a broker client may fall behind before it is dropped (default 4M)",
  },
} as const satisfies ArgsDef;

export interface BrokerFlags {
  broker?: boolean;
  chat?: boolean;
  "broker-queue"?: string;
}

export const DEFAULT_QUEUE = 4 * 1024 * 1024;

const UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `4194304`, `64k`, `4M`, `4MiB`, `1G`: binary units, as a size a user types. */
export function parseSize(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim());
  const unit = UNITS[(match?.[2] ?? "").toLowerCase()];
  const size = match && unit !== undefined ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(size) || size < 1) throw new UsageError(`invalid ${flag} '${text}'`);
  return size;
}

/** True when the listener runs as a hub; -u has no connections to join, --exec has its own. */
export function wantsBroker(
  flags: BrokerFlags & { udp?: boolean; exec?: string; "sh-exec"?: string; "lua-exec"?: string },
): boolean {
  const hub = Boolean(flags.broker || flags.chat);
  if (hub && (flags.exec ?? flags["sh-exec"] ?? flags["lua-exec"]) !== undefined)
    throw new UsageError("--broker and --chat cannot be combined with --exec");
  if (!hub && flags["broker-queue"] !== undefined)
    throw new UsageError("--broker-queue needs --broker or --chat");
  if (hub && flags.udp) throw new UsageError("--broker and --chat need a stream socket, not -u");
  parseSize(flags["broker-queue"], "--broker-queue");
  return hub;
}

/** The hub's options from the flags and what the listener already parsed (stdin, -i, -q, -m). */
export function brokerOptions(
  flags: BrokerFlags & { "send-only"?: boolean; "recv-only"?: boolean },
  shared: Omit<BrokerOptions, "output" | "chat" | "relay" | "queueLimit">,
): BrokerOptions {
  return {
    ...shared,
    output: flags["send-only"] ? null : stdoutSink(),
    chat: Boolean(flags.chat),
    // ncat's one-way hubs only talk with the listener's own stdin/stdout, never client to client.
    relay: !flags["send-only"] && !flags["recv-only"],
    queueLimit: parseSize(flags["broker-queue"], "--broker-queue") ?? DEFAULT_QUEUE,
  };
}
