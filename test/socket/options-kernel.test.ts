/**
 * Options sockit does not model go to the kernel as they are: multicast membership on
 * loopback, SO_LINGER as a struct, TCP_USER_TIMEOUT and friends; SO_ACCEPTCONN follows listen().
 */
import { expect, test } from "bun:test";
import {
  AF_INET,
  IP_ADD_MEMBERSHIP,
  IP_DROP_MEMBERSHIP,
  IP_MULTICAST_IF,
  IP_MULTICAST_LOOP,
  IP_MULTICAST_TTL,
  IPPROTO_IP,
  IPPROTO_TCP,
  inet_aton,
  SO_ACCEPTCONN,
  SO_LINGER,
  SO_REUSEADDR,
  SOCK_DGRAM,
  SOL_SOCKET,
  TCP_CORK,
  TCP_USER_TIMEOUT,
} from "../../src/index.ts";
import { connectedPair, listener, tracked } from "../_helpers.ts";
import { runPython } from "../_python.ts";

const GROUP = "239.255.0.1";
const membership = () => Buffer.concat([inet_aton(GROUP), inet_aton("127.0.0.1")]);

test("a UDP socket that joins a multicast group receives what is sent to it over loopback", async () => {
  const receiver = tracked(AF_INET, SOCK_DGRAM);
  receiver.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
  await receiver.bind(["0.0.0.0", 0]);
  receiver.setsockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP, membership());
  const port = receiver.getsockname()[1] as number;
  const sender = tracked(AF_INET, SOCK_DGRAM);
  // Set before the descriptor exists: handed to it when sendto binds implicitly.
  sender.setsockopt(IPPROTO_IP, IP_MULTICAST_IF, inet_aton("127.0.0.1"));
  sender.setsockopt(IPPROTO_IP, IP_MULTICAST_TTL, 1);
  await sender.sendto(Buffer.from("to the group"), [GROUP, port]);
  expect([
    sender.getsockopt(IPPROTO_IP, IP_MULTICAST_TTL),
    sender.getsockopt(IPPROTO_IP, IP_MULTICAST_LOOP),
  ]).toEqual([1, 1]);
  const [data, from] = await receiver.recvfrom(100);
  expect([data.toString(), from?.[0]]).toEqual(["to the group", "127.0.0.1"]);
  receiver.setsockopt(IPPROTO_IP, IP_DROP_MEMBERSHIP, membership());
});

test("python3 multicasting to the group reaches a sockit member", async () => {
  const receiver = tracked(AF_INET, SOCK_DGRAM);
  await receiver.bind(["0.0.0.0", 0]);
  receiver.setsockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP, membership());
  const port = String(receiver.getsockname()[1]);
  await runPython(
    `import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton("127.0.0.1"))
s.sendto(b"from python", ("${GROUP}", int(sys.argv[1])))`,
    [port],
  );
  expect((await receiver.recv(100)).toString()).toBe("from python");
});

test("SO_LINGER, SO_ACCEPTCONN and TCP options read as python3 reads them", async () => {
  const python = JSON.parse(
    await runPython(`import json, socket
t = socket.socket()
out = [list(t.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8))]
t.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, bytes([1, 0, 0, 0, 5, 0, 0, 0]))
out.append(list(t.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)))
out.append(t.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))
t.bind(("127.0.0.1", 0))
out.append(t.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))
t.listen()
out.append(t.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))
c = socket.create_connection(t.getsockname())
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, 2500)
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
out += [c.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT), c.getsockopt(socket.IPPROTO_TCP, socket.TCP_CORK)]
print(json.dumps(out))`),
  );
  const srv = await listener();
  const [client] = await connectedPair();
  const ours: unknown[] = [];
  ours.push([...client.getsockopt(SOL_SOCKET, SO_LINGER, 8)]);
  client.setsockopt(SOL_SOCKET, SO_LINGER, Uint8Array.of(1, 0, 0, 0, 5, 0, 0, 0));
  ours.push([...client.getsockopt(SOL_SOCKET, SO_LINGER, 8)]);
  const fresh = tracked();
  ours.push(fresh.getsockopt(SOL_SOCKET, SO_ACCEPTCONN));
  await fresh.bind(["127.0.0.1", 0]);
  ours.push(fresh.getsockopt(SOL_SOCKET, SO_ACCEPTCONN));
  ours.push(srv.getsockopt(SOL_SOCKET, SO_ACCEPTCONN));
  client.setsockopt(IPPROTO_TCP, TCP_USER_TIMEOUT, 2500);
  client.setsockopt(IPPROTO_TCP, TCP_CORK, 1);
  ours.push(
    client.getsockopt(IPPROTO_TCP, TCP_USER_TIMEOUT),
    client.getsockopt(IPPROTO_TCP, TCP_CORK),
  );
  expect(ours).toEqual(python);
});
