/**
 * The composed resource every benchmark implementation desires: an S3-like Bucket of a provider's
 * namespaced managed resources, with ~30 fields (metadata, labels, annotations, tags, references).
 * The Go function builds the same object (test/bench/go-function/main.go); run.ts checks that all
 * three implementations return equal Buckets, so each does the same work.
 */

/** bucket returns the i-th Bucket of the BucketSet XR called xr, in region. */
export function bucket(xr: string, region: string, i: number) {
  const name = `${xr}-bucket-${i}`;
  return {
    apiVersion: 's3.aws.m.upbound.io/v1beta1',
    kind: 'Bucket',
    metadata: {
      name,
      labels: {
        'app.kubernetes.io/part-of': xr,
        'app.kubernetes.io/managed-by': 'crossplane',
        'bench.kxp.dev/set': xr,
        'bench.kxp.dev/index': String(i),
        'bench.kxp.dev/region': region,
        team: 'storage',
      },
      annotations: {
        'crossplane.io/external-name': name,
        'bench.kxp.dev/description': `bucket ${i} of ${xr}`,
        'bench.kxp.dev/owner': 'storage@example.com',
      },
    },
    spec: {
      forProvider: {
        region,
        forceDestroy: false,
        objectLockEnabled: i % 2 === 0,
        tags: {
          Name: name,
          Environment: 'production',
          CostCenter: 'cc-1234',
          Owner: 'storage',
          ManagedBy: 'crossplane',
          Index: String(i),
          Region: region,
        },
      },
      providerConfigRef: { kind: 'ProviderConfig', name: 'default' },
      managementPolicies: ['*'],
      writeConnectionSecretToRef: { name: `${name}-conn` },
    },
  };
}
