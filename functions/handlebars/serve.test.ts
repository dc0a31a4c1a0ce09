import { credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import pino from 'pino';
import { requestFrom } from '../../src/function/sdk/testing.js';
import { type FunctionServer, serve } from '../../src/function/serve/server.js';
import { functionRunnerService } from '../../src/function/wire/service.js';
import {
  type RunFunctionRequest,
  type RunFunctionResponse,
  Severity,
  Target,
} from '../../src/function/wire/types.js';
import handlebars, { inputApiVersion, inputKind } from './index.js';

const FunctionClient = makeGenericClientConstructor(
  functionRunnerService('apiextensions.fn.proto.v1'),
  'FunctionRunnerService',
);

const xr = 'apiVersion: example.kxp.dev/v1alpha1\nkind: XApp\nmetadata: {name: app}';

/** request returns a RunFunctionRequest whose input is the inline template (and partials). */
function request(tag: string, template: string, partials: Record<string, string> = {}): RunFunctionRequest {
  return requestFrom({
    tag,
    xr,
    input: { apiVersion: inputApiVersion, kind: inputKind, template, partials },
  });
}

/** Hostile templates, each with the FATAL result it must end in. */
const hostile: {
  tag: string;
  template: string;
  partials?: Record<string, string>;
  reason: string;
  message: string;
}[] = [
  {
    tag: 'runaway',
    template:
      '{{#each (range 10000)}}{{#each (range 10000)}}{{#each (range 10000)}}{{/each}}{{/each}}{{/each}}',
    reason: 'LimitExceeded',
    message: 'cannot render template "inline": line 1: rendering took longer than 2000ms',
  },
  {
    tag: 'exploit',
    template: '{{#with "s" as |s|}}{{s.sub.apply 0 s}}{{/with}}',
    reason: 'CompileError',
    message: `cannot compile template "inline": line 1: there is no helper "s.sub.apply": templates call only kxp's helpers`,
  },
  {
    tag: 'recursion',
    template: 'a: {{> rec}}',
    partials: { rec: '{{> rec}}{{> rec}}' },
    reason: 'LimitExceeded',
    message:
      'cannot render template "rec": partials nest deeper than 16 (inline > rec > … > rec > rec > rec): does a partial include itself?',
  },
  {
    tag: 'deep-yaml',
    template: 'a: {{#each (range 10000)}}[{{/each}}{{#each (range 10000)}}]{{/each}}',
    reason: 'YAMLError',
    message: `cannot parse rendered YAML: rendered line 1 of template "inline": collections nest deeper than 100 in "a: ${'['.repeat(117)}…"`,
  },
  {
    tag: 'malformed-yaml',
    template: 'a: 1\nb: [\n',
    reason: 'YAMLError',
    message:
      'cannot parse rendered YAML: rendered line 3 of template "inline": Flow sequence in block collection must be sufficiently indented and end with a ]',
  },
];

describe('the handlebars function served over gRPC', () => {
  let server: FunctionServer;
  let client: InstanceType<typeof FunctionClient>;

  beforeAll(async () => {
    server = await serve(
      handlebars,
      { address: '127.0.0.1:0', insecure: true, metricsAddress: '' },
      pino({ level: 'silent' }),
    );
    client = new FunctionClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });

  /** run returns the server's response to req. */
  function run(req: RunFunctionRequest): Promise<RunFunctionResponse> {
    return new Promise((resolve, reject) =>
      client.RunFunction!(
        req,
        { deadline: Date.now() + 30_000 },
        (err: ServiceError | null, rsp: RunFunctionResponse) => (err ? reject(err) : resolve(rsp)),
      ),
    );
  }

  it('answers hostile templates with FATAL results, then renders a good one', async () => {
    for (const { tag, template, partials, reason, message } of hostile) {
      const rsp = await run(request(tag, template, partials));
      expect([rsp.meta?.tag, rsp.results]).toEqual([
        tag,
        [{ severity: Severity.FATAL, message, reason, target: Target.COMPOSITE }],
      ]);
    }

    const good = await run(
      request(
        'good',
        [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata:',
          '  name: {{observed.composite.metadata.name}}-settings',
          '  annotations:',
          '    handlebars.fn.kxp.dev/composition-resource-name: settings',
          'data:',
          '  owner: team-a',
        ].join('\n'),
      ),
    );
    expect(good.meta?.tag).toBe('good');
    expect(good.results).toEqual([]);
    expect(good.desired?.resources.settings?.resource).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'app-settings' },
      data: { owner: 'team-a' },
    });
  });
});
