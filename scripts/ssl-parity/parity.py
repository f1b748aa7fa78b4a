# The script of the parity table, in Python. scripts/ssl-parity/parity.ts is the same, line
# by line, on sockit. Each step prints one JSON line: [step, what Python shows].
import json, socket, ssl, sys

port, cafile = int(sys.argv[1]), sys.argv[2]
show = lambda step, value: print(json.dumps([step, value]), flush=True)

ctx = ssl.create_default_context(cafile=cafile)
ctx.set_alpn_protocols(["sockit/1", "http/1.1"])
show("context", [int(ctx.verify_mode), ctx.check_hostname, int(ctx.minimum_version), ctx.cert_store_stats()])
sock = socket.create_connection(("127.0.0.1", port))
tls = ctx.wrap_socket(sock, server_hostname="localhost")
show("wrap: plain socket after", sock.fileno())
show("version()", tls.version())
show("cipher()", list(tls.cipher()))
show("selected_alpn_protocol()", tls.selected_alpn_protocol())
cert = tls.getpeercert()
for field in ["subject", "issuer", "version", "serialNumber", "notBefore", "notAfter", "subjectAltName"]:
    show(f"getpeercert()[{field!r}]", cert[field])
show("len(getpeercert(True))", len(tls.getpeercert(True)))
tls.sendall(b"hello over tls\n")
show("sendall", "ok")
tls.close()
show("close: fileno()", tls.fileno())
try:
    ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="wrong.example")
except ssl.SSLError as e:
    show("wrong host name", [type(e).__name__, e.verify_code, str(e)])
