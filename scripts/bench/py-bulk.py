"""The same bulk transfer in CPython: sendall() of 64 KiB chunks, recv(262144) until EOF.

    python3 py-bulk.py recv          -> prints {"port": N}, receives one connection, prints the result
    python3 py-bulk.py send PORT N   -> sends N bytes
    python3 py-bulk.py sendfile PORT N FILE -> sends FILE (N bytes) with one socket.sendfile()
"""
import json
import os
import socket
import sys
import time

CHUNK = 64 * 1024
RECV_SIZE = 262144


def receive():
    with socket.create_server(("127.0.0.1", 0), backlog=1) as server:
        print(json.dumps({"port": server.getsockname()[1]}), flush=True)
        conn, _ = server.accept()
        with conn:
            started = time.perf_counter()
            total = 0
            while data := conn.recv(RECV_SIZE):
                total += len(data)
            seconds = time.perf_counter() - started
    print(json.dumps({"role": "recv", "bytes": total, "seconds": seconds,
                      "mibps": total / 1048576 / seconds}))


def send(port, total):
    chunk = os.urandom(CHUNK)
    view = memoryview(chunk)
    with socket.create_connection(("127.0.0.1", port)) as sock:
        started = time.perf_counter()
        sent = 0
        while sent < total:
            n = min(CHUNK, total - sent)
            sock.sendall(view[:n])
            sent += n
        # Half-close and wait for the receiver's close, as the Bun versions do.
        sock.shutdown(socket.SHUT_WR)
        sock.recv(1)
        seconds = time.perf_counter() - started
    print(json.dumps({"role": "send", "bytes": total, "seconds": seconds}))


def send_file(port, total, path):
    with open(path, "rb") as file, socket.create_connection(("127.0.0.1", port)) as sock:
        started = time.perf_counter()
        sent = sock.sendfile(file)
        if sent != total:
            raise SystemExit(f"sendfile sent {sent} of {total} bytes")
        sock.shutdown(socket.SHUT_WR)
        sock.recv(1)
        seconds = time.perf_counter() - started
    print(json.dumps({"role": "send", "bytes": total, "seconds": seconds}))


if sys.argv[1] == "recv":
    receive()
elif sys.argv[1] == "sendfile":
    send_file(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
else:
    send(int(sys.argv[2]), int(sys.argv[3]))
