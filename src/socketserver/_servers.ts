/**
 * Python's TCPServer, UDPServer, UnixStreamServer and UnixDatagramServer. Binding is async
 * here, so the constructor starts it (after the subclass's own fields are set, which is when
 * Python's class attributes would be read) and `await server.ready()` waits for it;
 * serve_forever() and handle_request() wait for it too.
 */
import {
  type Address,
  type AddressInput,
  AF_INET,
  AF_UNIX,
  OSError,
  SHUT_WR,
  SO_REUSEADDR,
  SO_REUSEPORT,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  Socket,
} from "../socket/index.ts";
import { BaseServer, type HandlerClass, type Request } from "./_base-server.ts";

export class TCPServer extends BaseServer {
  address_family = AF_INET;
  socket_type = SOCK_STREAM;
  request_queue_size = 5;
  allow_reuse_address = false;
  allow_reuse_port = false;
  #socket: Socket | null = null;
  readonly #activation: Promise<void> | null;

  constructor(
    server_address: AddressInput,
    RequestHandlerClass: HandlerClass,
    bind_and_activate = true,
  ) {
    super(server_address as Address, RequestHandlerClass);
    this.#activation = bind_and_activate ? this.#activate() : null;
    // A failure is reported by ready(); this keeps it from also being an unhandled rejection.
    this.#activation?.catch(() => undefined);
  }

  /** Made on first use, with the address_family and socket_type the class has by then. */
  get socket(): Socket {
    this.#socket ??= new Socket(this.address_family, this.socket_type);
    return this.#socket;
  }

  async ready(): Promise<this> {
    await this.#activation;
    return this;
  }

  /** Binds (with SO_REUSEADDR / SO_REUSEPORT if allowed); server_address becomes the bound one. */
  async server_bind(): Promise<void> {
    if (this.allow_reuse_address) this.socket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
    if (this.allow_reuse_port) this.socket.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1);
    await this.socket.bind(this.server_address);
    this.server_address = this.socket.getsockname();
  }

  server_activate(): void {
    this.socket.listen(this.request_queue_size);
  }

  get_request(): Promise<[Request, Address]> {
    return this.socket.accept();
  }

  /** Half-closes, then closes, so the client sees EOF after everything sent. */
  override shutdown_request(request: Request): void {
    try {
      (request as Socket).shutdown(SHUT_WR);
    } catch (err) {
      if (!(err instanceof OSError)) throw err;
    }
    this.close_request(request);
  }

  override close_request(request: Request): void {
    (request as Socket).close();
  }

  async #activate(): Promise<void> {
    // Let the subclass constructors finish first: their fields are Python's class attributes.
    await Promise.resolve();
    try {
      await this.server_bind();
      this.server_activate();
    } catch (err) {
      await this.server_close();
      throw err;
    }
  }
}

export class UDPServer extends TCPServer {
  override socket_type = SOCK_DGRAM;
  max_packet_size = 8192;

  /** A datagram request is `[data, socket]`. */
  override async get_request(): Promise<[Request, Address]> {
    const [data, client_addr] = await this.socket.recvfrom(this.max_packet_size);
    return [[data, this.socket], client_addr as Address];
  }

  override server_activate(): void {}

  override shutdown_request(request: Request): void {
    this.close_request(request);
  }

  override close_request(_request: Request): void {}
}

export class UnixStreamServer extends TCPServer {
  override address_family = AF_UNIX;
}

/** Needs AF_UNIX datagram sockets, so it fails where `socket(AF_UNIX, SOCK_DGRAM)` does. */
export class UnixDatagramServer extends UDPServer {
  override address_family = AF_UNIX;
}
