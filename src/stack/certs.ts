import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

/** useNodeCrypto points @peculiar/x509 at Node's WebCrypto, once it is needed (not on import). */
function useNodeCrypto(): void {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
}

/** A PEM certificate and its PEM (PKCS#8) private key. */
export interface KeyPair {
  cert: string;
  key: string;
}

type SigningAlgorithm = webcrypto.RsaHashedImportParams | (webcrypto.EcKeyImportParams & { hash: string });

const keyAlgorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const day = 24 * 3600_000;

/** issueCertificateAuthority returns a self-signed CA valid for a year (for tests and local platforms). */
export async function issueCertificateAuthority(name: string): Promise<KeyPair> {
  useNodeCrypto();
  const keys = await webcrypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 365 * day),
    signingAlgorithm: keyAlgorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await pemKey(keys.privateKey) };
}

/**
 * issueClientCertificate returns a certificate for a TLS client named name, signed by ca; Kubernetes
 * API servers read the user from its CN and the groups from its O attributes.
 */
export function issueClientCertificate(ca: KeyPair, name: string, groups: string[] = []): Promise<KeyPair> {
  const subject = [`CN=${name}`, ...groups.map((g) => `O=${g}`)].join(', ');
  return issueLeaf(ca, subject, [], x509.ExtendedKeyUsage.clientAuth);
}

/**
 * issueServerCertificate returns a certificate for hosts (DNS names or IP addresses) signed by ca,
 * valid for a year, for TLS servers such as a composition function that Crossplane dials: Crossplane
 * trusts only certificates chaining to the CA `crossplane core init` put in crossplane-root-ca.
 */
export function issueServerCertificate(ca: KeyPair, hosts: string[]): Promise<KeyPair> {
  return issueLeaf(ca, `CN=${hosts[0] ?? 'localhost'}`, hosts, x509.ExtendedKeyUsage.serverAuth);
}

async function issueLeaf(ca: KeyPair, subject: string, hosts: string[], usage: string): Promise<KeyPair> {
  useNodeCrypto();
  const caCert = new x509.X509Certificate(ca.cert);
  const { key: caKey, algorithm } = await importSigningKey(ca.key);
  const keys = await webcrypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify']);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    new x509.ExtendedKeyUsageExtension([usage]),
    await authorityKeyIdentifier(caCert),
  ];
  if (hosts.length) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        hosts.map((h) => ({ type: isIP(h) ? 'ip' : 'dns', value: h })),
      ),
    );
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 365 * day),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: algorithm,
    extensions,
  });
  return { cert: cert.toString('pem'), key: await pemKey(keys.privateKey) };
}

/** serial returns a random positive certificate serial number. */
function serial(): string {
  return randomBytes(16)
    .toString('hex')
    .replace(/^[89a-f]/, '1');
}

async function pemKey(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
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
