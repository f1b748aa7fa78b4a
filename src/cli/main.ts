/**
 * The root command: `sockit listen|connect|completion`, each loaded only when used so
 * `sockit --version` starts without the networking code.
 */
import { defineCommand } from "citty";
import pkg from "../../package.json" with { type: "json" };
import type { HelpPage } from "./_help.ts";
import { RELAY_HELP } from "./relay/help.ts";

export const VERSION: string = pkg.version;

export const subCommands = {
  listen: () => import("./commands/listen.ts").then((m) => m.default),
  connect: () => import("./commands/connect.ts").then((m) => m.default),
  relay: () => import("./commands/relay.ts").then((m) => m.default),
  forward: () => import("./commands/relay.ts").then((m) => m.default),
  completion: () => import("./commands/completion.ts").then((m) => m.default),
};

export type CommandName = keyof typeof subCommands;

export const main = defineCommand({
  meta: {
    name: "sockit",
    version: VERSION,
    description: "TCP, UDP and Unix sockets from the command line, in the spirit of nc and socat",
  },
  subCommands,
});

export const HELP: Record<"sockit" | CommandName, HelpPage> = {
  sockit: {
    usage: [
      "sockit listen [options] [HOST] PORT    server mode (nc -l)",
      "sockit connect [options] HOST PORT     client mode (nc HOST PORT)",
      "sockit relay [options] LEFT RIGHT      join two addresses, as socat does",
      "sockit -l [-k] [-p] PORT | sockit HOST PORT   nc's own spelling",
      "sockit completion bash|zsh|fish        shell completions",
      "sockit <command> --help | --version",
    ],
    examples: [
      ["sockit listen 8080", "chat: wait for one client on port 8080"],
      ["sockit connect localhost 8080", "...and talk to it from another terminal"],
      ["sockit listen -k --echo 7", "an echo server for many clients"],
      ["sockit connect -z -w 1 host 20-30", "which ports are open?"],
      ["sockit listen -u 5353 -v", "print UDP datagrams from anyone"],
      ["sockit relay tcp-listen:8080 tcp:host:80", "forward a port (socat)"],
    ],
  },
  listen: {
    usage: ["sockit listen [options] [HOST] PORT", "sockit listen [options] -U PATH"],
    examples: [
      ["sockit listen 8080", "one client, joined to stdin/stdout"],
      ["sockit listen 8080 > file", "receive a file"],
      ["sockit listen -k --echo 7000", "echo server for many clients"],
      ["sockit listen -u 5353", "UDP: print every datagram"],
      ["sockit listen -U /tmp/app.sock --unlink", "Unix socket, replacing a stale one"],
      ["sockit listen -v --json 0", "any free port, events as JSON on stderr"],
      ["sockit listen -v --ssl 8443", "TLS, a throwaway certificate (ncat --ssl -l)"],
      ["sockit listen -k 127.0.0.1 7000 -e cat", "each client gets its own cat"],
      ["sockit listen -U /tmp/d.sock -c 'date; cat'", "a shell command per client"],
    ],
    notes: [
      [
        "Warning: -e/-c on a listener give that program to everyone who can connect;",
        "a shell or an interpreter there is a remote shell. Listen on 127.0.0.1, on a",
        "Unix socket (-U PATH, guarded by file permissions), or limit who may connect",
        "with --allow 127.0.0.1. The program sees SOCKIT_REMOTE_ADDR, SOCKIT_REMOTE_PORT,",
        "SOCKIT_LOCAL_ADDR, SOCKIT_LOCAL_PORT, SOCKIT_PROTO (and ncat's NCAT_* names).",
        "With -u the first datagram's sender is the client and its program reads that",
        "datagram first; other senders are ignored, unless -k gives each its own program.",
      ].join("\n"),
    ],
  },
  connect: {
    usage: ["sockit connect [options] HOST PORT", "sockit connect [options] -U PATH"],
    examples: [
      ["sockit connect example.org 80", "talk to a server"],
      ["sockit connect host 8080 < file", "send a file (half-closes at EOF)"],
      ["sockit connect -z -v host 20-30,443", "port check; exit 0 if any is open"],
      ["echo ping | sockit connect -u host 5353", "UDP; waits for replies"],
      ["sockit connect -x host 25", "hex dump of both directions on stderr"],
      ["sockit connect -v --ssl example.org 443", "TLS, verified; the session on stderr"],
      ["sockit connect --starttls smtp mail.example 25", "SMTP, then TLS (s_client -starttls)"],
      ["sockit connect -U /tmp/app.sock", "a Unix socket"],
      ["sockit connect host 25 -c ./smtp-script.sh", "let a script talk to the server"],
      ["sockit connect --proxy 127.0.0.1:1080 -X 5 host 22", "through a SOCKS5 proxy"],
      ["sockit connect --proxy proxy:3128 --proxy-auth u:p host 443", "HTTP CONNECT"],
    ],
    notes: [
      [
        "Proxies: --proxy HOST:PORT with --proxy-type (or nc's -X 5|4|connect).",
        "nc.openbsd names the proxy with -x ADDR, but sockit keeps -x for ncat's hex",
        "dump, so the proxy is always --proxy. SOCKS5 and HTTP send HOST to the proxy",
        "to resolve (socks5h); --proxy-dns local resolves it here; SOCKS4 with a name",
        "is SOCKS4a.",
      ].join("\n"),
    ],
  },
  relay: RELAY_HELP,
  forward: RELAY_HELP,
  completion: {
    usage: ["sockit completion bash|zsh|fish"],
    examples: [
      ["source <(sockit completion bash)", "bash, for this shell"],
      ["sockit completion zsh > ~/.zfunc/_sockit", "zsh, with ~/.zfunc in fpath"],
      ["sockit completion fish | source", "fish"],
    ],
  },
};
