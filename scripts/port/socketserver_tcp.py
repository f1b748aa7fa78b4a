# The socketserver TCP server from Python's documentation (library/socketserver.html,
# "socketserver.TCPServer Example"), both handlers: BaseRequestHandler, or with "stream" in
# argv the StreamRequestHandler one. The port comes from argv (0: any) and is printed.
# socketserver-tcp.ts is its line-by-line port.
import socketserver
import sys

class MyTCPHandler(socketserver.BaseRequestHandler):
    """
    The request handler class for our server.

    It is instantiated once per connection to the server, and must
    override the handle() method to implement communication to the
    client.
    """

    def handle(self):
        # self.request is the TCP socket connected to the client
        self.data = self.request.recv(1024).strip()
        print("{} wrote:".format(self.client_address[0]))
        print(self.data)
        # just send back the same data, but upper-cased
        self.request.sendall(self.data.upper())

class MyStreamHandler(socketserver.StreamRequestHandler):

    def handle(self):
        # self.rfile is a file-like object created by the handler;
        # we can now use e.g. readline() instead of raw recv() calls
        self.data = self.rfile.readline().strip()
        print("{} wrote:".format(self.client_address[0]))
        print(self.data)
        # Likewise, self.wfile is a file-like object used to write back
        # to the client
        self.wfile.write(self.data.upper())

if __name__ == "__main__":
    HOST, PORT = "localhost", int(sys.argv[1]) if len(sys.argv) > 1 else 9999
    handler = MyStreamHandler if "stream" in sys.argv else MyTCPHandler

    # Create the server, binding to localhost on port 9999
    with socketserver.TCPServer((HOST, PORT), handler) as server:
        print("listening on", server.server_address[1], flush=True)
        # Activate the server; this will keep running until you
        # interrupt the program with Ctrl-C
        server.serve_forever()
