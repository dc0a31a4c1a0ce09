import { requireResources, to } from '../function/sdk/response.js';
import type { Resources, RunFunctionRequest, RunFunctionResponse } from '../function/wire/types.js';
import { fetchResources, maxRequirementsIterations, runWithRequirements } from './requirements.js';
import { refOf, Store } from './store.js';

const store = new Store([
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x', labels: { pick: 'me' } } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'y', labels: { pick: 'me' } } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x' } },
]);

const request = (): RunFunctionRequest => ({
  extraResources: {},
  credentials: {},
  requiredResources: {},
  requiredSchemas: {},
});

const names = (r: Resources) => r.items.map((i) => refOf(i.resource ?? {}).name);

describe('fetchResources', () => {
  it('selects by name (none when absent) and by labels across namespaces or in one', () => {
    expect(
      names(fetchResources(store, { apiVersion: 'v1', kind: 'ConfigMap', matchName: 'c', namespace: 'x' })),
    ).toEqual(['c']);
    expect(
      names(fetchResources(store, { apiVersion: 'v1', kind: 'ConfigMap', matchName: 'c', namespace: 'y' })),
    ).toEqual([]);
    const byLabel = { apiVersion: 'v1', kind: 'ConfigMap', matchLabels: { labels: { pick: 'me' } } };
    expect(names(fetchResources(store, byLabel))).toEqual(['a', 'b']);
    expect(names(fetchResources(store, { ...byLabel, namespace: 'y' }))).toEqual(['b']);
  });
});

describe('runWithRequirements', () => {
  it('calls once when the function requires nothing', async () => {
    let calls = 0;
    const once = async (_name: string, req: RunFunctionRequest) => {
      calls++;
      return to(req);
    };
    await runWithRequirements(once, 'f', request(), store);
    expect(calls).toBe(1);
  });

  it('calls again with what was required until the requirements stop changing, passing the context on', async () => {
    const seen: string[][] = [];
    const rsp = await runWithRequirements(
      async (_n, req) => {
        seen.push(Object.keys(req.requiredResources));
        const out = to(req);
        requireResources(out, 'first', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          matchName: 'a',
          namespace: 'x',
        });
        if (req.requiredResources.first) {
          requireResources(out, 'second', {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            matchLabels: { pick: 'me' },
          });
        }
        out.context = { calls: Number(req.context?.calls ?? 0) + 1 };
        return out;
      },
      'f',
      request(),
      store,
    );
    expect(seen).toEqual([[], ['first'], ['first', 'second']]);
    expect(rsp.context).toEqual({ calls: 3 });
  });

  it('gives up when the requirements never settle', async () => {
    let n = 0;
    const restless = async (_name: string, req: RunFunctionRequest): Promise<RunFunctionResponse> => {
      const out = to(req);
      requireResources(out, `r${n++}`, { apiVersion: 'v1', kind: 'ConfigMap', matchName: 'a' });
      return out;
    };
    await expect(runWithRequirements(restless, 'f', request(), store)).rejects.toThrow(
      `requirements didn't stabilize after the maximum number of iterations (${maxRequirementsIterations})`,
    );
    expect(n).toBe(maxRequirementsIterations + 1);
  });
});
