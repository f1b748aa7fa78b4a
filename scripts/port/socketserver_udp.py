# The socketserver UDP server from Python's documentation ("socketserver.UDPServer Example"),
# the port from argv (0: any) and printed. socketserver-udp.ts is its line-by-line port.
import socketserver
import sys

class MyUDPHandler(socketserver.BaseRequestHandler):
    """
    This class works similar to the TCP handler class, except that
    self.request consists of a pair of data and client socket, and since
    there is no connection the client address must be given explicitly
    when sending data back via sendto().
    """

    def handle(self):
        data = self.request[0].strip()
        socket = self.request[1]
        print("{} wrote:".format(self.client_address[0]))
        print(data)
        socket.sendto(data.upper(), self.client_address)

if __name__ == "__main__":
    HOST, PORT = "localhost", int(sys.argv[1]) if len(sys.argv) > 1 else 9999
    with socketserver.UDPServer((HOST, PORT), MyUDPHandler) as server:
        print("listening on", server.server_address[1], flush=True)
        server.serve_forever()
