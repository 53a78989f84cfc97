// A plain model of the scheduler around a FairQueue, for the property tests of the fairness bound (REQ-050-006):
// requests arrive at given ticks; each tick admits queued requests while batch slots are free, then runs one step
// in which every running sequence produces one token (charged to its tenant) and ends after maxTokens steps.

import type { FaultSet } from '../../faults.ts';
import { FairQueue } from './fair-queue.ts';

export interface Arrival {
  tenant: string;
  /** The tick at which the request is pushed, before that tick's admissions. */
  step: number;
  promptTokens: number;
  maxTokens: number;
}

/** What the queue and the batch held when a request arrived. */
export interface ArrivalState {
  /** The tenant had nothing queued and nothing running. */
  tenantIdle: boolean;
  /** Other tenants with requests queued. */
  otherQueuedTenants: number;
  /** Largest maxTokens among the sequences running (0 when none). */
  largestRunningMaxTokens: number;
  /** Largest maxTokens among other tenants' requests queued or running (0 when none). */
  largestOtherMaxTokens: number;
}

export interface SimulationRun {
  /** By arrival index: scheduler steps spent queued. */
  queueSteps: number[];
  arrivals: ArrivalState[];
}

interface Sequence {
  index: number;
  tenant: string;
  maxTokens: number;
  remaining: number;
}

export function simulate(faults: FaultSet, arrivals: readonly Arrival[], maxBatch: number): SimulationRun {
  const runningByTenant = new Map<string, number>();
  const queue = new FairQueue<number>(faults, {
    admissionTokens: (index) => arrivals[index]!.promptTokens,
    isRunning: (tenant) => (runningByTenant.get(tenant) ?? 0) > 0,
  });
  const queued = new Set<number>();
  const running: Sequence[] = [];
  const queueSteps: number[] = [];
  const states: ArrivalState[] = [];
  const pushedAt = new Map<number, number>();
  const order = arrivals.map((_, index) => index).sort((x, y) => arrivals[x]!.step - arrivals[y]!.step || x - y);
  let next = 0;
  let stepsRun = 0;
  for (let tick = 0; next < order.length || queue.size > 0 || running.length > 0; tick += 1) {
    for (; next < order.length && arrivals[order[next]!]!.step <= tick; next += 1) {
      const index = order[next]!;
      const { tenant } = arrivals[index]!;
      const queuedTenants = new Set([...queued].map((i) => arrivals[i]!.tenant));
      const others = [...[...queued].map((i) => arrivals[i]!), ...running.map((s) => arrivals[s.index]!)].filter((a) => a.tenant !== tenant);
      states[index] = {
        tenantIdle: !queuedTenants.has(tenant) && (runningByTenant.get(tenant) ?? 0) === 0,
        otherQueuedTenants: [...queuedTenants].filter((t) => t !== tenant).length,
        largestRunningMaxTokens: Math.max(0, ...running.map((s) => s.maxTokens)),
        largestOtherMaxTokens: Math.max(0, ...others.map((a) => a.maxTokens)),
      };
      queue.push(tenant, index);
      queued.add(index);
      pushedAt.set(index, stepsRun);
    }
    while (running.length < maxBatch && queue.size > 0) {
      const index = queue.pop()!;
      const { tenant, maxTokens } = arrivals[index]!;
      queued.delete(index);
      queueSteps[index] = stepsRun - pushedAt.get(index)!;
      running.push({ index, tenant, maxTokens, remaining: maxTokens });
      runningByTenant.set(tenant, (runningByTenant.get(tenant) ?? 0) + 1);
    }
    if (running.length === 0) continue;
    for (const sequence of running) {
      queue.charge(sequence.tenant, 1);
      sequence.remaining -= 1;
    }
    stepsRun += 1;
    for (const done of running.filter((s) => s.remaining === 0)) {
      running.splice(running.indexOf(done), 1);
      runningByTenant.set(done.tenant, runningByTenant.get(done.tenant)! - 1);
    }
  }
  return { queueSteps, arrivals: states };
}
