# A TCP echo server in Python; echo-server.ts is the same program ported line by line.
import socket
import sys

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 50007

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen(1)
    print("listening on", s.getsockname()[1], flush=True)
    conn, addr = s.accept()
    with conn:
        print("connected by", addr[0], flush=True)
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(data)
