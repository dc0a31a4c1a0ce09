// WWW-Authenticate challenges (RFC 7235) as registries send them:
//   Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull"
//   Basic realm="Registry Realm"
// One header may carry several challenges, separated by commas like their parameters.

/** One authentication challenge: its scheme (lowercase) and parameters (keys lowercase). */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * parseChallenges returns the challenges of WWW-Authenticate header values, in order; parts it
 * cannot read are skipped.
 */
export function parseChallenges(values: string | string[] | undefined): Challenge[] {
  const all: Challenge[] = [];
  for (const value of Array.isArray(values) ? values : values ? [values] : []) {
    all.push(...parseOne(value));
  }
  return all;
}

const tokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

function parseOne(text: string): Challenge[] {
  const out: Challenge[] = [];
  let rest = text.trim();
  let current: Challenge | undefined;
  while (rest) {
    rest = rest.replace(/^[\s,]+/, '');
    const token = tokenRe.exec(rest)?.[0];
    if (!token) break;
    const after = rest.slice(token.length);
    const param = /^\s*=\s*/.exec(after);
    if (!param || !current) {
      // A token not followed by "=" starts a new challenge (token68 forms are not used by registries).
      current = { scheme: token.toLowerCase(), params: {} };
      out.push(current);
      rest = after;
      continue;
    }
    rest = after.slice(param[0].length);
    const [value, remaining] = readValue(rest);
    current.params[token.toLowerCase()] = value;
    rest = remaining;
  }
  return out;
}

function readValue(text: string): [string, string] {
  if (!text.startsWith('"')) {
    const end = text.search(/[\s,]/);
    return end < 0 ? [text, ''] : [text.slice(0, end), text.slice(end)];
  }
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) value += text[++i];
    else if (c === '"') return [value, text.slice(i + 1)];
    else value += c;
  }
  return [value, ''];
}

/**
 * pickChallenge returns the first Bearer or Basic challenge (the ones the client can answer), or
 * the first challenge of any kind, or undefined when there is none.
 */
export function pickChallenge(challenges: Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer' || c.scheme === 'basic') ?? challenges[0];
}

/** repositoryScope returns the token scope for actions on a repository: `repository:<repo>:pull,push`. */
export function repositoryScope(repository: string, push: boolean): string {
  return `repository:${repository}:${push ? 'pull,push' : 'pull'}`;
}
