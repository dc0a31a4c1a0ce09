import { configFileJson, type ImageConfigFile, parseConfigFile } from './config.js';
import { sha256Digest } from './digest.js';

const diffId = sha256Digest('layer');

describe('configFileJson', () => {
  it('writes fields in a fixed order, map keys sorted, empty fields left out', () => {
    const file: ImageConfigFile = {
      config: {
        User: '65532',
        Labels: { b: '2', a: '1' },
        Env: [],
        ExposedPorts: { '9443/tcp': {} },
        Entrypoint: ['/node', 'main.js'],
      },
      rootfs: { type: 'layers', diff_ids: [diffId] },
      os: 'linux',
      architecture: 'amd64',
      history: [{ created_by: 'kxp' }],
    };
    expect(configFileJson(file)).toBe(
      '{"architecture":"amd64","history":[{"created_by":"kxp"}],"os":"linux",' +
        `"rootfs":{"type":"layers","diff_ids":["${diffId}"]},` +
        '"config":{"Entrypoint":["/node","main.js"],"Labels":{"a":"1","b":"2"},"User":"65532","ExposedPorts":{"9443/tcp":{}}}}',
    );
  });
});

describe('parseConfigFile', () => {
  it('reads what go-containerregistry writes, dropping fields kxp does not model', () => {
    const json = JSON.stringify({
      architecture: '',
      created: '0001-01-01T00:00:00Z',
      history: [{ created: '0001-01-01T00:00:00Z' }],
      os: '',
      rootfs: { type: 'layers', diff_ids: [diffId] },
      config: {
        Labels: { 'io.crossplane.xpkg:sha256:x': 'base' },
        Hostname: 'h',
        Healthcheck: { Test: ['NONE'] },
      },
      container_config: {},
    });
    expect(parseConfigFile(json, 'cfg')).toEqual({
      architecture: '',
      os: '',
      created: '0001-01-01T00:00:00Z',
      config: { Labels: { 'io.crossplane.xpkg:sha256:x': 'base' } },
      rootfs: { type: 'layers', diff_ids: [diffId] },
      history: [{ created: '0001-01-01T00:00:00Z' }],
    });
  });

  it('reads null diff IDs and a missing config as empty', () => {
    expect(
      parseConfigFile(
        '{"architecture":"arm64","os":"linux","rootfs":{"type":"layers","diff_ids":null}}',
        'c',
      ),
    ).toEqual({
      architecture: 'arm64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: [] },
    });
  });

  it('round-trips what configFileJson writes', () => {
    const file: ImageConfigFile = {
      architecture: 'arm64',
      os: 'linux',
      variant: 'v8',
      config: { Cmd: ['a'], WorkingDir: '/', StopSignal: 'SIGTERM', Volumes: { '/tmp': {} } },
      rootfs: { type: 'layers', diff_ids: [diffId] },
      history: [{ created_by: 'kxp', empty_layer: true, comment: 'c' }],
    };
    expect(parseConfigFile(configFileJson(file), 'c')).toEqual(file);
  });

  it.each([
    { name: 'not JSON', json: '{', error: /^cannot read image config sha256:abc: it is not JSON: / },
    { name: 'a list', json: '[]', error: 'cannot read image config sha256:abc: the config is not an object' },
    {
      name: 'a bad diff ID',
      json: '{"rootfs":{"diff_ids":["md5:x"]}}',
      error: 'cannot read image config sha256:abc: rootfs.diff_ids holds "md5:x", not a sha256 digest',
    },
    {
      name: 'a bad Env',
      json: '{"config":{"Env":"A=1"}}',
      error: 'cannot read image config sha256:abc: config.Env is not a list',
    },
    {
      name: 'a bad label',
      json: '{"config":{"Labels":{"a":1}}}',
      error: 'cannot read image config sha256:abc: config.Labels[a] is not a string',
    },
  ])('rejects $name', ({ json, error }) => {
    expect(() => parseConfigFile(json, 'sha256:abc')).toThrow(error);
  });
});
