import type { RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The server's Prometheus metrics, in a registry of their own (one per app, so tests can build several):
 * HTTP requests by method, route pattern and status; their duration; events accepted by the event API;
 * audit entries that could not be written; open WebSocket connections and dropped slow consumers; plus the
 * process and Node.js defaults (memory, CPU, event loop lag, handles).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'iapm_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'iapm_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly eventsAccepted = new Counter({
    name: 'iapm_events_accepted_total',
    help: 'Events accepted by the event API (duplicates included), by source',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly auditFailures = new Counter({
    name: 'iapm_audit_append_failures_total',
    help: 'Mutations whose audit entry could not be written',
    registers: [this.registry],
  });
  readonly liveConnections = new Gauge({
    name: 'iapm_live_connections',
    help: 'Open WebSocket connections on /api/ws',
    registers: [this.registry],
  });
  readonly liveDropped = new Counter({
    name: 'iapm_live_dropped_total',
    help: 'WebSocket connections closed by the server, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly liveMessages = new Counter({
    name: 'iapm_live_messages_total',
    help: 'Live messages sent to sockets, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaults?: boolean } = {}) {
    if (options.defaults ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'iapm_' });
  }

  /** Times every request; the label is the route pattern (never the raw path: ids would explode the series). */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.duration.startTimer();
      res.on('finish', () => {
        const route = req.route?.path
          ? `${req.baseUrl}${req.route.path}`
          : req.path.startsWith('/api')
            ? 'unmatched'
            : 'static';
        end({ method: req.method, route });
        this.requests.inc({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    };
  }
}
