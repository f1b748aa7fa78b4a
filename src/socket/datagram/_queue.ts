/**
 * Received datagrams waiting for recvfrom(), bounded like the kernel's receive buffer: past
 * MAX_DATAGRAMS or MAX_BYTES new arrivals are dropped and counted, never buffered without end.
 */
export const MAX_DATAGRAMS = 4096;
export const MAX_BYTES = 4 * 1024 * 1024;

export interface Datagram {
  data: Buffer;
  host: string;
  port: number;
}

export class DatagramQueue {
  #items: Datagram[] = [];
  #first = 0;
  #bytes = 0;
  /** Datagrams dropped because the queue was full. */
  dropped = 0;

  get length(): number {
    return this.#items.length - this.#first;
  }

  /** Queues a datagram; false (and counted) when the queue is full. */
  push(datagram: Datagram): boolean {
    const size = datagram.data.length;
    if (this.length >= MAX_DATAGRAMS || this.#bytes + size > MAX_BYTES) {
      this.dropped++;
      return false;
    }
    this.#items.push(datagram);
    this.#bytes += size;
    return true;
  }

  peek(): Datagram | undefined {
    return this.#items[this.#first];
  }

  shift(): Datagram | undefined {
    const item = this.#items[this.#first];
    if (!item) return undefined;
    this.#first++;
    this.#bytes -= item.data.length;
    if (this.#first === this.#items.length) {
      this.#items = [];
      this.#first = 0;
    } else if (this.#first > 1024) {
      this.#items = this.#items.slice(this.#first);
      this.#first = 0;
    }
    return item;
  }

  clear(): void {
    this.#items = [];
    this.#first = 0;
    this.#bytes = 0;
  }
}
