/**
 * A fixed-capacity FIFO between a producer that must not block (a gRPC stream) and a consumer
 * that may fall behind (aggregation). A full queue refuses the item: the producer counts the drop,
 * memory never grows past `capacity` items.
 */
export class BoundedQueue<T> {
  private readonly items: Array<T | undefined>;
  private head = 0;
  private count = 0;
  private waiter?: () => void;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error('capacity must be at least 1');
    this.items = new Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Adds the item, or returns false (and keeps nothing) when the queue is full. */
  offer(item: T): boolean {
    if (this.count === this.capacity) return false;
    this.items[(this.head + this.count) % this.capacity] = item;
    this.count++;
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
    return true;
  }

  /** Takes up to `max` items, oldest first. */
  take(max = this.count): T[] {
    const n = Math.min(max, this.count);
    const out: T[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.count -= n;
    return out;
  }

  /** Resolves when the queue holds an item (at once if it does), or when `signal` aborts. */
  whenReady(signal?: AbortSignal): Promise<void> {
    if (this.count > 0 || signal?.aborted) return Promise.resolve();
    return new Promise(resolve => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        if (this.waiter === done) this.waiter = undefined;
        resolve();
      };
      this.waiter = done;
      signal?.addEventListener('abort', done);
    });
  }
}
