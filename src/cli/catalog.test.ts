import { catalogOptions } from './catalog.js';

const env = { HOME: '/nonexistent' };

describe('catalogOptions', () => {
  it('reads the exports, kcp’s URL (its origin only) and where to listen', () => {
    expect(
      catalogOptions(
        [
          '--export',
          'root:db:databases',
          '--export',
          'root:mq:queues',
          '--kcp-server',
          'https://kcp:6443/clusters/root',
        ],
        env,
      ),
    ).toEqual({
      kcpServer: 'https://kcp:6443',
      kcpCa: undefined,
      exports: [
        { path: 'root:db', name: 'databases' },
        { path: 'root:mq', name: 'queues' },
      ],
      address: '127.0.0.1:8080',
      tls: undefined,
    });
  });

  it.each([
    [['--kcp-server', 'https://kcp:6443'], 'give at least one --export'],
    [['--export', 'databases', '--kcp-server', 'https://kcp:6443'], 'give <workspace path>:<name>'],
    [['--export', 'root:db:databases'], 'give --kcp-server or --kcp-kubeconfig'],
    [
      ['--export', 'root:db:databases', '--kcp-server', 'https://kcp:6443', '--tls-cert', 'c.pem'],
      'give both --tls-cert and --tls-key',
    ],
  ])('refuses %j', (args, message) => {
    expect(() => catalogOptions(args, env)).toThrow(message);
  });
});
