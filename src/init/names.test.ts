import { functionNameProblem, groupProblem, nameFromDir } from './names.js';

describe('functionNameProblem', () => {
  it.each([
    { name: 'function-hello', problem: undefined },
    { name: 'fn1', problem: undefined },
    { name: '', problem: 'it is empty' },
    { name: 'Function', problem: /lower-case/ },
    { name: 'my_function', problem: /lower-case/ },
    { name: '-hello', problem: /starting and ending/ },
    { name: '@org/hello', problem: /lower-case/ },
    { name: 'a'.repeat(64), problem: 'it has 64 characters, more than 63' },
  ])('$name', ({ name, problem }) => {
    const got = functionNameProblem(name);
    if (problem instanceof RegExp) expect(got).toMatch(problem);
    else expect(got).toBe(problem);
  });
});

describe('groupProblem', () => {
  it.each([
    { group: 'template.fn.crossplane.io', problem: undefined },
    { group: 'greetings.example.org', problem: undefined },
    { group: 'example', problem: /at least one dot/ },
    { group: 'Example.org', problem: /lower-case/ },
    { group: 'example..org', problem: /lower-case/ },
    { group: 'example.org.', problem: /lower-case/ },
  ])('$group', ({ group, problem }) => {
    const got = groupProblem(group);
    if (problem instanceof RegExp) expect(got).toMatch(problem);
    else expect(got).toBe(problem);
  });
});

describe('nameFromDir', () => {
  it('is the folder base name, wherever the path points', () => {
    expect(nameFromDir('/work/function-hello')).toBe('function-hello');
    expect(nameFromDir('projects/function-hello/')).toBe('function-hello');
  });
});
