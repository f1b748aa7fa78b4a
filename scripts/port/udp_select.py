# A small Python socket script: a UDP echo service and a TCP upper-casing service served
# from one select() loop, with clients on the same loop. scripts/port/udp-select.ts is the
# same program ported line by line to sockit; test/socket/port.test.ts checks both print
# the same thing.
import select
import socket

host = socket.gethostbyname("localhost")
print("localhost is", host, "packed", socket.inet_aton(host).hex())
print("http is port", socket.getservbyname("http", "tcp"), "and htons(80) is", socket.htons(80))

udp_server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp_server.bind((host, 0))
tcp_server = socket.create_server((host, 0))
tcp_server.setblocking(False)

udp_client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp_client.sendto(b"ping 1", udp_server.getsockname())
udp_client.sendto(b"ping 2", udp_server.getsockname())
tcp_client = socket.create_connection(tcp_server.getsockname(), 5)
tcp_client.sendall(b"hello select\n")

replies = []
conns = []
while len(replies) < 3:
    readable, _, _ = select.select([udp_server, tcp_server, udp_client, tcp_client, *conns], [], [], 5)
    if not readable:
        raise SystemExit("timed out")
    for s in readable:
        if s is udp_server:
            data, addr = s.recvfrom(1024)
            s.sendto(data.replace(b"ping", b"pong"), addr)
        elif s is tcp_server:
            conn, _ = s.accept()
            conn.setblocking(False)
            conns.append(conn)
        elif s is udp_client:
            data, _ = s.recvfrom(1024)
            replies.append(("udp", data.decode()))
        elif s is tcp_client:
            data = s.recv(1024)
            replies.append(("tcp", data.decode().strip()))
        else:
            data = s.recv(1024)
            if data:
                s.sendall(data.upper())
            else:
                conns.remove(s)
                s.close()

for kind, text in sorted(replies):
    print(kind, text)
for s in [udp_server, tcp_server, udp_client, tcp_client, *conns]:
    s.close()
