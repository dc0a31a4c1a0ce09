import { splitFlags } from './bridge-deploy.js';

describe('splitFlags', () => {
  it.each([
    {
      name: 'flags with separate and = values, others kept in order',
      args: ['--image', 'r/x:1', '--export', 'root:db:x', '--replicas=3', '--claims'],
      mine: { image: 'r/x:1', replicas: '3' },
      rest: ['--export', 'root:db:x', '--claims'],
    },
    { name: 'none of mine', args: ['--export', 'root:a:b'], mine: {}, rest: ['--export', 'root:a:b'] },
  ])('$name', ({ args, mine, rest }) => {
    expect(splitFlags(args, ['image', 'replicas'])).toEqual({ mine, rest });
  });

  it('says which flag lacks its value', () => {
    expect(() => splitFlags(['--image'], ['image'])).toThrow('cannot read --image: it needs a value');
  });
});
