import type { CRDConversion } from './parse.js';
import type { Conversion } from './types.js';

/**
 * urlConversion returns a spec.conversion in the form both kcp and Crossplane take: None when there is
 * none (the API server's default for CRDs, and kcp requires one once there are several versions), a
 * webhook only by URL, and undefined for a webhook that is an in-cluster service, which kcp cannot call.
 */
export function urlConversion(c: CRDConversion | undefined): Conversion | undefined {
  if (c === undefined || c.strategy === 'None') return { strategy: 'None' };
  const config = c.webhook?.clientConfig;
  if (c.webhook === undefined || config?.url === undefined) return undefined;
  const clientConfig =
    config.caBundle === undefined ? { url: config.url } : { url: config.url, caBundle: config.caBundle };
  return {
    strategy: 'Webhook',
    webhook: { clientConfig, conversionReviewVersions: c.webhook.conversionReviewVersions },
  };
}
