// Entry point of the telemetry area (SPEC-049): one registry of metrics, the scheduler's observer, the HTTP observer
// and the trace store, built once per runtime. `exposition()` is the body of GET /metrics.

import type { Clock } from '../../clock.ts';
import type { FaultSet } from '../../faults.ts';
import type { GenerationObserver } from '../generation/observer.ts';
import { renderExposition } from './exposition.ts';
import { GenerationMetrics } from './generation-metrics.ts';
import { HttpMetrics, type HttpObserver } from './http-metrics.ts';
import { MetricsRegistry } from './metrics-registry.ts';
import { telemetryBehaviour, type TelemetryBehaviour } from './telemetry-faults.ts';
import { TraceStore } from './trace.ts';

export { EXPOSITION_CONTENT_TYPE } from './exposition.ts';
export type { HttpObserver } from './http-metrics.ts';
export type { GenerationTrace } from './trace.ts';
export { MetricsRegistry } from './metrics-registry.ts';
export { TraceStore } from './trace.ts';

export interface TelemetryOptions {
  clock: Clock;
  faults: FaultSet;
  /** Finished generations whose traces are kept (default 256). */
  traceCapacity?: number;
  /** GET /metrics answers without a credential (the runtime option --metrics-open). */
  metricsOpen?: boolean;
}

export interface Telemetry {
  /** The hooks the scheduler calls. */
  observer: GenerationObserver;
  metrics: MetricsRegistry;
  /** Called once per answered HTTP request. */
  http: HttpObserver;
  traces: TraceStore;
  /** The clock request durations are read from. */
  clock: Clock;
  /** Fault deviations, read once at start. */
  behaviour: TelemetryBehaviour;
  /** Whether GET /metrics needs no credential. */
  metricsOpen: boolean;
  /** The Prometheus text exposition of every metric (GET /metrics). */
  exposition(): string;
}

export function createTelemetry(options: TelemetryOptions): Telemetry {
  const behaviour = telemetryBehaviour(options.faults);
  const metrics = new MetricsRegistry();
  const traces = new TraceStore({
    ...(options.traceCapacity === undefined ? {} : { capacity: options.traceCapacity }),
    decodeCountsFirst: behaviour.traceDecodeCountsFirst,
  });
  const observer = new GenerationMetrics(metrics, traces, behaviour);
  const http = new HttpMetrics(metrics);
  return {
    observer,
    metrics,
    http,
    traces,
    clock: options.clock,
    behaviour,
    metricsOpen: options.metricsOpen === true,
    exposition: () => renderExposition(metrics.snapshot(), {
      untypedHistograms: behaviour.untypedHistograms,
      bucketsNotCumulative: behaviour.bucketsNotCumulative,
    }),
  };
}
