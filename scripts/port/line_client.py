# A line-protocol client on makefile("rw"); line-client.ts is the same program ported line by line.
# Against the echo server, each request line comes back as its reply.
import socket
import sys

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 50007

with socket.create_connection((HOST, PORT)) as s:
    f = s.makefile("rw", encoding="utf-8", newline="\r\n")
    for n, word in enumerate(["HELO", "MAIL FROM:<ada@example.org>", "QUIT"]):
        f.write(f"{word} #{n}\n")
        f.flush()
        reply = f.readline()
        print("reply", n, repr(reply))
    s.shutdown(socket.SHUT_WR)
    print("after EOF", repr(f.read()))
    f.close()
