# The classic select() chat client: whatever arrives on stdin goes to the server, whatever the
# server sends goes to stdout. chat-client.ts is the same program ported line by line.
import select
import socket
import sys

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 50007

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
inputs = [sys.stdin, s]
while True:
    readable, _, _ = select.select(inputs, [], [])
    for r in readable:
        if r is s:
            data = s.recv(4096)
            if not data:
                print("Disconnected from server")
                sys.exit()
            sys.stdout.write("received " + data.decode())
            sys.stdout.flush()
        else:
            line = sys.stdin.readline()
            if not line:
                s.shutdown(socket.SHUT_WR)
                inputs.remove(sys.stdin)
            else:
                s.sendall(line.encode())
