import { RestClient } from './rest.js';

describe('RestClient.forCluster', () => {
  it.each([
    {
      server: 'https://127.0.0.1:6443/clusters/root',
      ws: 'root:org-a',
      want: 'https://127.0.0.1:6443/clusters/root:org-a',
    },
    { server: 'https://127.0.0.1:6443', ws: 'root', want: 'https://127.0.0.1:6443/clusters/root' },
    {
      server: 'https://127.0.0.1:6443/services/apiexport/abc/x.io/clusters/root',
      ws: '*',
      want: 'https://127.0.0.1:6443/services/apiexport/abc/x.io/clusters/*',
    },
  ])('$server -> $ws', ({ server, ws, want }) => {
    expect(new RestClient({ server }).forCluster(ws).url).toBe(want);
  });
});
