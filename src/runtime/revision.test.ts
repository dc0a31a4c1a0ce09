import {
  deploymentEnv,
  type FunctionRevision,
  imageEnv,
  type KubeCondition,
  needsReport,
  type RuntimeReport,
  runnableImage,
  runtimeHealthy,
  tlsServerSecretName,
} from './revision.js';

const image = 'registry.example.org/acme/function-db@sha256:0123';

/** revision returns an active, resolved revision of function-db, changed by change. */
function revision(change: (rev: FunctionRevision) => void = () => {}): FunctionRevision {
  const rev: FunctionRevision = {
    apiVersion: 'pkg.crossplane.io/v1',
    kind: 'FunctionRevision',
    metadata: {
      name: 'function-db-3f2a9c',
      uid: '7d1e-uid',
      labels: { 'pkg.crossplane.io/package': 'function-db' },
    },
    spec: { desiredState: 'Active', image: 'registry.example.org/acme/function-db:v1' },
    status: { resolvedImage: image },
  };
  change(rev);
  return rev;
}

describe('runnableImage', () => {
  it.each([
    { name: 'an active resolved revision runs its resolved image', input: revision(), expected: image },
    {
      name: 'an inactive revision runs nothing',
      input: revision((r) => {
        r.spec!.desiredState = 'Inactive';
      }),
      expected: undefined,
    },
    {
      name: 'a revision without a desired state runs nothing',
      input: revision((r) => {
        delete r.spec!.desiredState;
      }),
      expected: undefined,
    },
    {
      name: 'a revision being deleted runs nothing',
      input: revision((r) => {
        r.metadata!.deletionTimestamp = '2025-01-01T00:00:00Z';
      }),
      expected: undefined,
    },
    {
      name: 'a revision not resolved yet runs nothing, not its unresolved spec.image',
      input: revision((r) => {
        delete r.status;
      }),
      expected: undefined,
    },
    {
      name: 'an empty resolved image is none',
      input: revision((r) => {
        r.status!.resolvedImage = '';
      }),
      expected: undefined,
    },
  ])('$name', ({ input, expected }) => {
    expect(runnableImage(input)).toBe(expected);
  });
});

describe('deploymentEnv', () => {
  it.each([
    {
      name: "the Function's name, the revision's name and uid, the certificates' folder",
      input: revision(),
      expected: {
        FUNCTION_NAME: 'function-db',
        REVISION_NAME: 'function-db-3f2a9c',
        REVISION_UID: '7d1e-uid',
        TLS_SERVER_CERTS_DIR: '/tls/server',
      },
    },
    {
      name: 'empty values for what the revision lacks',
      input: { spec: {} } as FunctionRevision,
      expected: {
        FUNCTION_NAME: '',
        REVISION_NAME: '',
        REVISION_UID: '',
        TLS_SERVER_CERTS_DIR: '/tls/server',
      },
    },
  ])('$name', ({ input, expected }) => {
    expect(deploymentEnv(input, '/tls/server')).toEqual(expected);
  });
});

describe('imageEnv', () => {
  it.each([
    { name: 'no Env', input: undefined, expected: {} },
    {
      name: 'NAME=value pairs',
      input: ['PATH=/usr/bin:/bin', 'NODE_ENV=production'],
      expected: { PATH: '/usr/bin:/bin', NODE_ENV: 'production' },
    },
    { name: 'a value holding =', input: ['OPTS=a=b=c'], expected: { OPTS: 'a=b=c' } },
    { name: 'an empty value', input: ['EMPTY='], expected: { EMPTY: '' } },
    { name: 'entries without a name or an = skipped', input: ['=x', 'BARE', 'A=1'], expected: { A: '1' } },
    { name: 'a later entry replacing an earlier one', input: ['A=1', 'A=2'], expected: { A: '2' } },
  ])('$name', ({ input, expected }) => {
    expect(imageEnv(input)).toEqual(expected);
  });
});

describe('tlsServerSecretName', () => {
  it.each([
    {
      name: "the Function's name from the package label",
      input: revision(),
      expected: 'function-db-tls-server',
    },
    {
      name: "the revision's name without the label",
      input: revision((r) => {
        r.metadata!.labels = {};
      }),
      expected: 'function-db-3f2a9c-tls-server',
    },
    {
      name: 'a long name cut to 253 characters with the suffix kept',
      input: revision((r) => {
        r.metadata!.labels = { 'pkg.crossplane.io/package': 'f'.repeat(300) };
      }),
      expected: `${'f'.repeat(253 - '-tls-server'.length)}-tls-server`,
    },
  ])('$name', ({ input, expected }) => {
    const name = tlsServerSecretName(input);
    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(253);
  });
});

describe('runtimeHealthy', () => {
  it.each([
    {
      name: 'healthy',
      healthy: true,
      message: undefined,
      expected: { type: 'RuntimeHealthy', status: 'True', reason: 'HealthyPackageRevision' },
    },
    {
      name: 'unhealthy with a message',
      healthy: false,
      message: 'exited with code 1',
      expected: {
        type: 'RuntimeHealthy',
        status: 'False',
        reason: 'UnhealthyPackageRevision',
        message: 'exited with code 1',
      },
    },
    {
      name: 'a message of 2000 characters kept whole',
      healthy: false,
      message: 'x'.repeat(2000),
      expected: {
        type: 'RuntimeHealthy',
        status: 'False',
        reason: 'UnhealthyPackageRevision',
        message: 'x'.repeat(2000),
      },
    },
    {
      name: 'a longer message cut, keeping its end',
      healthy: false,
      message: `${'start '.repeat(100)}${'y'.repeat(1991)}last line`,
      expected: {
        type: 'RuntimeHealthy',
        status: 'False',
        reason: 'UnhealthyPackageRevision',
        message: `…${'y'.repeat(1991)}last line`,
      },
    },
  ])('$name', ({ healthy, message, expected }) => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const { lastTransitionTime, ...condition } = runtimeHealthy(healthy, message);
    const after = Date.now();
    expect(condition).toEqual(expected);
    expect(lastTransitionTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const at = Date.parse(lastTransitionTime!);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
  });
});

describe('needsReport', () => {
  const healthy: KubeCondition = {
    type: 'RuntimeHealthy',
    status: 'True',
    reason: 'HealthyPackageRevision',
    lastTransitionTime: '2025-01-01T00:00:00Z',
  };
  const report: RuntimeReport = {
    endpoint: 'dns:///127.0.0.1:9443',
    tlsServerSecretName: 'function-db-tls-server',
    condition: { ...healthy, lastTransitionTime: '2025-06-01T00:00:00Z' },
  };
  const reported = (change: (status: NonNullable<FunctionRevision['status']>) => void = () => {}) =>
    revision((r) => {
      r.status = {
        resolvedImage: image,
        endpoint: 'dns:///127.0.0.1:9443',
        tlsServerSecretName: 'function-db-tls-server',
        conditions: [{ type: 'Installed', status: 'True', reason: 'ActivePackageRevision' }, { ...healthy }],
      };
      change(r.status);
    });

  it.each([
    {
      name: 'nothing when all is reported (a new transition time alone is no change)',
      rev: reported(),
      report,
      expected: false,
    },
    { name: 'a revision never reported', rev: revision(), report, expected: true },
    {
      name: 'another endpoint',
      rev: reported((s) => {
        s.endpoint = 'dns:///127.0.0.1:9444';
      }),
      report,
      expected: true,
    },
    {
      name: 'no TLS Secret name reported yet',
      rev: reported((s) => {
        delete s.tlsServerSecretName;
      }),
      report,
      expected: true,
    },
    {
      name: 'nothing when the report names no TLS Secret',
      rev: reported((s) => {
        delete s.tlsServerSecretName;
      }),
      report: { endpoint: report.endpoint, condition: report.condition },
      expected: false,
    },
    {
      name: 'a status that changed',
      rev: reported(),
      report: { ...report, condition: { ...report.condition, status: 'False' as const } },
      expected: true,
    },
    {
      name: 'a reason that changed',
      rev: reported(),
      report: { ...report, condition: { ...report.condition, reason: 'UnhealthyPackageRevision' } },
      expected: true,
    },
    {
      name: 'a new message',
      rev: reported(),
      report: { ...report, condition: { ...report.condition, message: 'exited with code 1' } },
      expected: true,
    },
    {
      name: 'a message to clear',
      rev: reported((s) => {
        s.conditions![1]!.message = 'exited with code 1';
      }),
      report,
      expected: true,
    },
    {
      name: 'nothing when an empty message meets none',
      rev: reported(),
      report: { ...report, condition: { ...report.condition, message: '' } },
      expected: false,
    },
  ])('reports $name', ({ rev, report, expected }) => {
    expect(needsReport(rev, report)).toBe(expected);
  });
});
