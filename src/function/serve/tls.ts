import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type SecureContextOptions, type TLSSocket, type Server as TlsServer } from 'node:tls';
import { type Server as GrpcServer, ServerCredentials } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { splitAddress } from './http.js';
import type { ServeOptions } from './options.js';

/** The extended key usage that lets a certificate authenticate a TLS client. */
const clientAuth = '1.3.6.1.5.5.7.3.2';

/** A gRPC listener: the port it bound and how to stop listening. */
export interface GrpcListener {
  port: number;
  close(): void;
}

/**
 * listenGrpc makes server accept calls on opts.address: in plaintext only when insecure was asked
 * for, otherwise with mutual TLS from tls.crt, tls.key and ca.crt, client certificates required.
 * Without TLS material and without insecure it refuses to start.
 *
 * kxp terminates TLS itself and hands authenticated connections to grpc-js. It verifies client
 * certificates itself rather than letting OpenSSL do it: Crossplane's client certificate carries
 * the same subject as the CA that signs it, which OpenSSL takes for a self-signed certificate and
 * rejects (Go's verifier, on Crossplane's side, does not). A connection whose certificate ca.crt
 * did not sign, that has expired, or that may not authenticate clients is closed after the handshake.
 */
export async function listenGrpc(server: GrpcServer, opts: ServeOptions, log: Logger): Promise<GrpcListener> {
  if (opts.insecure) {
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(opts.address, ServerCredentials.createInsecure(), (err, bound) =>
        err ? reject(new Error(`cannot listen on ${opts.address}`, { cause: err })) : resolve(bound),
      ),
    );
    return { port, close: () => {} };
  }
  const dir = opts.tlsCertsDir;
  if (!dir) {
    throw new Error(
      'cannot serve without TLS: give --tls-certs-dir (or TLS_SERVER_CERTS_DIR) with tls.crt, tls.key and ca.crt, or --insecure for local development',
    );
  }
  let material = tlsMaterial(dir);
  const injector = server.createConnectionInjector(ServerCredentials.createInsecure());
  const tlsServer: TlsServer = createServer({
    ...material.context,
    requestCert: true,
    rejectUnauthorized: false,
    ALPNProtocols: ['h2'],
  });
  tlsServer.on('secureConnection', (socket: TLSSocket) => {
    const refused = clientRefusal(socket.getPeerCertificate()?.raw, material.authorities);
    if (refused) {
      log.warn({ peer: `${socket.remoteAddress}:${socket.remotePort}`, reason: refused }, 'refused a client');
      socket.destroy();
      return;
    }
    injector.injectConnection(socket);
  });
  tlsServer.on('tlsClientError', (err) => log.debug({ err }, 'TLS handshake failed'));
  // Certificates rotate (cert-manager, Crossplane's own); reload them without a restart.
  const reload = setInterval(() => {
    try {
      const next = tlsMaterial(dir);
      if (next.fingerprint !== material.fingerprint) {
        tlsServer.setSecureContext(next.context);
        material = next;
        log.info({ dir }, 'reloaded TLS certificates');
      }
    } catch (err) {
      log.error({ err, dir }, 'cannot reload TLS certificates; keeping the previous ones');
    }
  }, 60_000);
  reload.unref();
  const { host, port } = splitAddress(opts.address);
  await new Promise<void>((resolve, reject) => {
    tlsServer.once('error', (cause) => reject(new Error(`cannot listen on ${opts.address}`, { cause })));
    tlsServer.listen(port, host, resolve);
  });
  return {
    port: (tlsServer.address() as { port: number }).port,
    close: () => {
      clearInterval(reload);
      tlsServer.close();
      injector.destroy();
    },
  };
}

interface TlsMaterial {
  context: SecureContextOptions;
  authorities: X509Certificate[];
  fingerprint: string;
}

function tlsMaterial(dir: string): TlsMaterial {
  const read = (name: string): Buffer => {
    const file = join(dir, name);
    try {
      return readFileSync(file);
    } catch (cause) {
      throw new Error(`cannot read TLS material ${file}`, { cause });
    }
  };
  const [cert, key, ca] = [read('tls.crt'), read('tls.key'), read('ca.crt')];
  const authorities = certificatesIn(ca);
  if (!authorities.length)
    throw new Error(`cannot serve with TLS: ${join(dir, 'ca.crt')} holds no certificate`);
  return {
    context: { cert, key, ca, minVersion: 'TLSv1.2' },
    authorities,
    fingerprint: Buffer.concat([cert, key, ca]).toString('base64'),
  };
}

/** clientRefusal returns why a client certificate (DER) is not accepted by any of authorities, or undefined. */
export function clientRefusal(der: Buffer | undefined, authorities: X509Certificate[]): string | undefined {
  if (!der?.length) return 'a client certificate is required';
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    return 'the client certificate cannot be parsed';
  }
  if (!authorities.some((ca) => cert.verify(ca.publicKey)))
    return 'the client certificate is not signed by ca.crt';
  const now = Date.now();
  if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) {
    return 'the client certificate has expired or is not yet valid';
  }
  if (cert.keyUsage && !cert.keyUsage.includes(clientAuth))
    return 'the client certificate may not authenticate clients';
  return undefined;
}

/** certificatesIn returns every certificate in a PEM bundle. */
export function certificatesIn(pem: Buffer | string): X509Certificate[] {
  const blocks = pem.toString().match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}
