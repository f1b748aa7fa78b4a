/** `sockit relay --help`: the address kinds, their options, and socat's spelling of each. */
import type { HelpPage } from "../_help.ts";

export const RELAY_HELP: HelpPage = {
  usage: ["sockit relay [options] LEFT RIGHT", "sockit forward [options] LEFT RIGHT"],
  examples: [
    ["sockit relay tcp-listen:8080 tcp:example.org:80", "forward a port, many clients at once"],
    ["sockit relay unix-listen:/tmp/db.sock tcp:db:5432", "a Unix socket in front of TCP"],
    ["sockit relay udp-listen:5353 udp:10.0.0.1:53", "UDP, one session per client"],
    ["sockit relay tcp-listen:7000 exec:cat", "a program per connection"],
    ["sockit relay --once tcp-listen:9000 -", "one connection joined to stdin/stdout"],
    ["sockit relay - tcp:host:25", "like sockit connect host 25"],
    ["sockit relay ssl-listen:443,cert=c.pem,key=k.pem tcp:127.0.0.1:80", "terminate TLS"],
    ["sockit relay tcp-listen:8080 ssl:example.org:443", "originate TLS, verified"],
  ],
  notes: [
    [
      "Addresses: KIND:ADDRESS[,OPTION[=VALUE]...]; kinds in any case, socat's too.",
      "  sockit                  socat                           options",
      "  tcp:HOST:PORT           TCP:HOST:PORT                   bind=ADDR[:PORT],",
      "                                                          connect-timeout=SECS",
      "  tcp-listen:[HOST:]PORT  TCP-LISTEN:PORT,fork,reuseaddr  bind=HOST, backlog=N,",
      "                                                          reuseaddr=0",
      "  udp:HOST:PORT           UDP:HOST:PORT                   bind=ADDR[:PORT]",
      "  udp-listen:[HOST:]PORT  UDP-LISTEN:PORT,fork            bind=HOST, reuseaddr=0",
      "  unix:PATH               UNIX-CONNECT:PATH               connect-timeout=SECS",
      "  unix-listen:PATH        UNIX-LISTEN:PATH,fork           unlink (stale socket)",
      "  exec:CMD                EXEC:CMD                        (CMD taken whole)",
      "  system:CMD, sh:CMD      SYSTEM:CMD                      (through /bin/sh -c)",
      "  stdio, -                STDIO, -",
      "  ssl:HOST:PORT           OPENSSL:HOST:PORT               servername=, verify=0,",
      "                                                          cafile=, cert=, key=",
      "  ssl-listen:[HOST:]PORT  OPENSSL-LISTEN:PORT,fork        cert=, key=, cafile=",
      "tcp4:, tcp6: (udp4:, tcp6-listen: ...) choose the IP version; [::1]:80 for IPv6.",
    ].join("\n"),
    [
      "A listening LEFT serves many connections at once, each with its own RIGHT",
      "(socat needs fork for that); --once serves one. Half-closes are carried",
      "through, so a request and its reply end when both sides are done. A UDP",
      "listener keeps a session per client address, so replies go back to the client",
      "that asked; a session ends after -i seconds without a datagram (60 unless set).",
      "-v and --json report both sides; -x and --progress count LEFT to RIGHT as",
      "received and RIGHT to LEFT as sent. ssl: verifies the server against the",
      "system's CAs (or cafile=) and its name (servername=, default HOST) unless",
      "verify=0; ssl-listen: with cafile= asks clients for a certificate.",
    ].join("\n"),
  ],
};
