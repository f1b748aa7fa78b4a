"""32-byte request/response round trips in CPython.

    python3 py-pingpong.py serve          -> prints {"port": N}, echoes one connection until EOF
    python3 py-pingpong.py client PORT N  -> N untimed round trips, then N timed;
                                             prints {"rtts", "seconds", "per_s"} of the timed ones
"""
import json
import socket
import sys
import time

SIZE = 32


def serve():
    with socket.create_server(("127.0.0.1", 0), backlog=1) as server:
        print(json.dumps({"port": server.getsockname()[1]}), flush=True)
        conn, _ = server.accept()
        # Bun turns Nagle off on every socket; do the same so the comparison is fair.
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with conn:
            while data := conn.recv(65536):
                conn.sendall(data)


def round_trips(sock, request, count):
    for _ in range(count):
        sock.sendall(request)
        got = 0
        while got < SIZE:
            data = sock.recv(SIZE - got)
            if not data:
                raise SystemExit("peer closed mid-reply")
            got += len(data)


def client(port, count):
    request = b"a" * SIZE
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        round_trips(sock, request, count)  # untimed, as the JIT-compiled clients warm up
        started = time.perf_counter()
        round_trips(sock, request, count)
        seconds = time.perf_counter() - started
    print(json.dumps({"rtts": count, "seconds": seconds, "per_s": count / seconds}))


if sys.argv[1] == "serve":
    serve()
else:
    client(int(sys.argv[2]), int(sys.argv[3]))
