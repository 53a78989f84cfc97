// Time as the runtime sees it: a monotonic millisecond reading and a way to wait. Injected, so that tests of
// deadlines and artificial delays run on a virtual clock and never depend on how fast the machine is.

import { setImmediate as yieldToEventLoop, setTimeout as sleepFor } from 'node:timers/promises';

export interface Clock {
  /** Monotonic milliseconds; only differences are meaningful. */
  now(): number;
  /** Resolves after `ms` milliseconds; 0 still yields to the event loop once, so other requests can run. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: async (ms) => {
    if (ms > 0) await sleepFor(ms);
    else await yieldToEventLoop();
  },
};

/** A clock that only moves when slept on: sleeping advances it by exactly the time asked for. */
export class VirtualClock implements Clock {
  private time = 0;

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.time += Math.max(0, ms);
    await yieldToEventLoop();
  }
}
