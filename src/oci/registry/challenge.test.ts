import { parseChallenges, pickChallenge, repositoryScope } from './challenge.js';

describe('parseChallenges', () => {
  it('reads a Bearer challenge with quoted parameters', () => {
    const header =
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull,push"';
    expect(parseChallenges(header)).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/nginx:pull,push',
        },
      },
    ]);
  });

  it('reads several challenges, unquoted values and escapes, and picks one it can answer', () => {
    const challenges = parseChallenges(['Negotiate, Basic realm="a \\"b\\"", charset=UTF-8']);
    expect(challenges).toEqual([
      { scheme: 'negotiate', params: {} },
      { scheme: 'basic', params: { realm: 'a "b"', charset: 'UTF-8' } },
    ]);
    expect(pickChallenge(challenges)?.scheme).toBe('basic');
    expect(pickChallenge(parseChallenges(undefined))).toBeUndefined();
  });

  it('builds repository scopes', () => {
    expect(repositoryScope('fn/x', true)).toBe('repository:fn/x:pull,push');
    expect(repositoryScope('fn/x', false)).toBe('repository:fn/x:pull');
  });
});
