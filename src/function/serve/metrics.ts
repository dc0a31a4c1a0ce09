import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The Prometheus metrics of one function server, in a registry of its own (no global state). */
export interface FunctionMetrics {
  registry: Registry;
  calls: Counter<'package' | 'outcome'>;
  duration: Histogram<'package'>;
}

/**
 * functionMetrics returns a fresh registry with RunFunction counters by outcome (ok, fatal,
 * error) and a latency histogram, plus the process's default metrics (memory, CPU, event loop).
 */
export function functionMetrics(): FunctionMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const calls = new Counter({
    name: 'function_run_function_requests_total',
    help: 'RunFunction calls, by protocol package and outcome (ok, fatal result, error).',
    labelNames: ['package', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'function_run_function_duration_seconds',
    help: 'Time to serve a RunFunction call, decoding and encoding included.',
    labelNames: ['package'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return { registry, calls, duration };
}
