import { newestBinDir, parsePasswd, postgresArgs, searchable } from './postgres.js';

describe('newestBinDir', () => {
  it('picks the newest major version that has initdb', () => {
    const has = (bin: string) => bin !== '/usr/lib/postgresql/17/bin';
    expect(newestBinDir('/usr/lib/postgresql', ['9', '15', '17', 'common'], has)).toBe(
      '/usr/lib/postgresql/15/bin',
    );
  });

  it('names the Debian package to install when there is none', () => {
    expect(() => newestBinDir('/usr/lib/postgresql', [], () => true)).toThrow(/apt-get install postgresql/);
  });
});

describe('parsePasswd', () => {
  it('reads uid and gid from a getent passwd line', () => {
    expect(
      parsePasswd('postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash\n'),
    ).toEqual({
      uid: 101,
      gid: 104,
    });
  });

  it('returns undefined for no account', () => {
    expect(parsePasswd('')).toBeUndefined();
  });
});

describe('searchable', () => {
  const pg = { uid: 101, gid: 104 };
  it('lets others through o+x', () => expect(searchable({ uid: 0, gid: 0, mode: 0o40755 }, pg)).toBe(true));
  it('keeps others out of a private folder', () =>
    expect(searchable({ uid: 0, gid: 0, mode: 0o40700 }, pg)).toBe(false));
  it('lets the group through g+x', () =>
    expect(searchable({ uid: 0, gid: 104, mode: 0o40710 }, pg)).toBe(true));
  it('applies the owner bits to the owner only', () =>
    expect(searchable({ uid: 101, gid: 0, mode: 0o40077 }, pg)).toBe(false));
});

describe('postgresArgs', () => {
  it('listens on loopback only, with its socket in the state folder', () => {
    const args = postgresArgs('/s/postgres/data', '/s/postgres', 5433);
    expect(args.join(' ')).toContain(
      '-D /s/postgres/data -k /s/postgres -p 5433 -c listen_addresses=127.0.0.1',
    );
  });
});
