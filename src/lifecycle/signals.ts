/**
 * stopOnSignals stops a long-running process gracefully on SIGTERM or SIGINT: it calls stop once,
 * then exits 0, or 1 when stopping failed. Processes call it; library code never installs handlers.
 */
export function stopOnSignals(
  stop: () => Promise<void>,
  log: { info(obj: object, msg?: string): void; error(obj: object, msg?: string): void },
): void {
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'cannot stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
