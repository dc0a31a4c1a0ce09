import { byPriority } from './versions.js';

describe('byPriority', () => {
  it('sorts as Kubernetes discovery does', () => {
    const versions = [
      'v1alpha1',
      'v11alpha2',
      'foo1',
      'v10',
      'v1',
      'v3beta1',
      'v10beta3',
      'foo10',
      'v12alpha1',
      'v2',
    ];
    expect(versions.sort(byPriority)).toEqual([
      'v10',
      'v2',
      'v1',
      'v10beta3',
      'v3beta1',
      'v12alpha1',
      'v11alpha2',
      'v1alpha1',
      'foo1',
      'foo10',
    ]);
  });
});
