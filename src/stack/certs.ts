import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** A PEM certificate and its PEM (PKCS#8) private key. */
export interface KeyPair {
  cert: string;
  key: string;
}

type SigningAlgorithm = webcrypto.RsaHashedImportParams | (webcrypto.EcKeyImportParams & { hash: string });

const serverKeyAlgorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/**
 * issueServerCertificate returns a certificate for hosts (DNS names or IP addresses) signed by ca,
 * valid for a year, for TLS servers such as a composition function that Crossplane dials: Crossplane
 * trusts only certificates chaining to the CA `crossplane core init` put in crossplane-root-ca.
 */
export async function issueServerCertificate(ca: KeyPair, hosts: string[]): Promise<KeyPair> {
  const caCert = new x509.X509Certificate(ca.cert);
  const { key: caKey, algorithm } = await importSigningKey(ca.key);
  const keys = await webcrypto.subtle.generateKey(serverKeyAlgorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(16)
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    subject: `CN=${hosts[0] ?? 'localhost'}`,
    issuer: caCert.subject,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 365 * 24 * 3600_000),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hosts.map((h) => ({ type: isIP(h) ? 'ip' : 'dns', value: h })),
      ),
      await authorityKeyIdentifier(caCert),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { cert: cert.toString('pem'), key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/**
 * authorityKeyIdentifier returns the extension naming ca as issuer. It must repeat the CA's own
 * Subject Key Identifier (Go computes SKIs its own way), or verifiers cannot find the issuer.
 */
async function authorityKeyIdentifier(
  ca: x509.X509Certificate,
): Promise<x509.AuthorityKeyIdentifierExtension> {
  const ski = ca.getExtension(x509.SubjectKeyIdentifierExtension);
  return ski
    ? new x509.AuthorityKeyIdentifierExtension(ski.keyId)
    : x509.AuthorityKeyIdentifierExtension.create(ca);
}

/** importSigningKey returns a PEM private key (RSA or EC, any PEM flavour) as a WebCrypto signing key. */
async function importSigningKey(
  pem: string,
): Promise<{ key: webcrypto.CryptoKey; algorithm: SigningAlgorithm }> {
  const keyObject = createPrivateKey(pem);
  const der = keyObject.export({ type: 'pkcs8', format: 'der' });
  let algorithm: SigningAlgorithm;
  if (keyObject.asymmetricKeyType === 'rsa') {
    algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  } else if (keyObject.asymmetricKeyType === 'ec') {
    const curve = keyObject.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'P-384' : 'P-256';
    algorithm = { name: 'ECDSA', namedCurve: curve, hash: 'SHA-256' };
  } else {
    throw new Error(`cannot sign with a ${keyObject.asymmetricKeyType} CA key: want RSA or EC`);
  }
  const key = await webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
  return { key, algorithm };
}
