/** How a catalog is set up: the kcp it serves users of, the exports it offers, where it listens. */
import type { ExportRef } from '../kcp/exports/ref.js';

export interface CatalogOptions {
  /** kcpServer is kcp's base URL (https://host:port), without a /clusters/ path. */
  kcpServer: string;
  /** kcpCa is the PEM bundle that signed kcp's serving certificate. */
  kcpCa?: string;
  /** exports are the APIExports the catalog offers, each shown to the users who may bind it. */
  exports: ExportRef[];
  /** address is host:port to listen on (port 0: a free one). */
  address: string;
  /** tls serves HTTPS with this certificate and key (PEM); without it, plain HTTP (loopback). */
  tls?: { cert: string; key: string };
}
