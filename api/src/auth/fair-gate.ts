/**
 * A semaphore that lets at most `concurrency` tasks run at once and serves those waiting round-robin by key (the
 * client's address), so that one client sending hundreds of requests waits behind itself, not in front of
 * everyone else. A key with `perKeyQueue` tasks already waiting is refused at once (GateFull) instead of queueing
 * without bound.
 *
 * Password hashing goes through it: scrypt runs in libuv's thread pool, off the event loop, but a flood of logins
 * would otherwise fill that pool (and every file and DNS call behind it) and queue a real login behind all of them.
 */
export class GateFull extends Error {
  constructor(readonly key: string) {
    super(`Too many waiting for ${key}`);
    this.name = "GateFull";
  }
}

export class FairGate {
  private running = 0;
  /** Waiting tasks by key; a Map iterates in insertion order, which is the round-robin order. */
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(
    private readonly concurrency: number,
    private readonly perKeyQueue: number,
  ) {
    if (concurrency < 1) throw new Error("A gate needs a concurrency of at least 1");
  }

  /** How many tasks run now and how many wait, for tests and metrics. */
  get load(): { running: number; waiting: number } {
    let waiting = 0;
    for (const q of this.waiting.values()) waiting += q.length;
    return { running: this.running, waiting };
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    await this.enter(key);
    try {
      return await task();
    } finally {
      this.leave();
    }
  }

  private enter(key: string): Promise<void> {
    if (this.running < this.concurrency && this.waiting.size === 0) {
      this.running += 1;
      return Promise.resolve();
    }
    const queue = this.waiting.get(key) ?? [];
    if (queue.length >= this.perKeyQueue) return Promise.reject(new GateFull(key));
    return new Promise<void>((resolve) => {
      queue.push(resolve);
      this.waiting.set(key, queue);
    });
  }

  private leave(): void {
    const next = this.waiting.entries().next();
    if (next.done) {
      this.running -= 1;
      return;
    }
    const [key, [wake, ...rest]] = next.value;
    // The served key goes to the back of the line; its slot passes straight to the woken task.
    this.waiting.delete(key);
    if (rest.length > 0) this.waiting.set(key, rest);
    wake();
  }
}
