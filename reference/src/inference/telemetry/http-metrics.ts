// HTTP request metrics (SPEC-049 §4.3): requests by route pattern, method and status, and their durations. The route
// label is the pattern a request matched, with path parameters written `{name}`, never the path it sent, so ids and
// names in paths cannot become labels (REQ-049-005); a request that matched no route is counted as `unmatched`.

import type { Counter, Histogram, MetricsRegistry } from './metrics-registry.ts';

export interface HttpObserver {
  /** One answered request: its route pattern (`:name` or `{name}` parameters), method, status and duration. */
  request(route: string, method: string, status: number, durationMs: number): void;
}

export const HTTP_DURATION_BOUNDS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const UNMATCHED_ROUTE = 'unmatched';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

/** `/v1/generations/:id/trace` → `/v1/generations/{id}/trace`; anything that is not a path pattern → `unmatched`. */
export function routeLabel(pattern: string | undefined): string {
  if (pattern === undefined || !pattern.startsWith('/')) return UNMATCHED_ROUTE;
  return pattern.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

/** Methods outside the usual set are counted as OTHER, so the label set stays closed. */
export function methodLabel(method: string): string {
  const upper = method.toUpperCase();
  return METHODS.has(upper) ? upper : 'OTHER';
}

export class HttpMetrics implements HttpObserver {
  private readonly requests: Counter;
  private readonly duration: Histogram;

  constructor(registry: MetricsRegistry) {
    this.requests = registry.counter('litellm_http_requests_total', 'HTTP requests answered, by route pattern, method and status.', ['route', 'method', 'status']);
    this.duration = registry.histogram('litellm_http_request_duration_seconds', 'Time from receiving a request to answering it, by route pattern and method.', ['route', 'method'], HTTP_DURATION_BOUNDS_SECONDS);
  }

  request(route: string, method: string, status: number, durationMs: number): void {
    const labels = { route: routeLabel(route), method: methodLabel(method) };
    this.requests.inc({ ...labels, status: String(Math.trunc(status)) });
    this.duration.observe(labels, Math.max(0, durationMs) / 1000);
  }
}
