/**
 * Kubernetes CEL's format library: `format.dns1123Label()` and its siblings, or `format.named(name)` (an
 * optional), and on a format `validate(s)`: optional.none() when s is valid, else an optional list of why.
 */
import { type CelFunc, CelScalar, type CelValue, celFunc, celMethod, mapType } from '@bufbuild/cel';
import { formatCheck } from '../check/formats.js';
import { qualifiedNameMessages, subdomainMessages } from '../check/metadata.js';
import { fieldOf, none, some, tagged } from './tagged.js';

const S = CelScalar;
const F = mapType(S.STRING, S.DYN);

const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const label1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function labelMessages(s: string, re: RegExp, what: string, max = 63): string[] {
  const out: string[] = [];
  if (s.length > max) out.push(`must be no more than ${max} characters`);
  if (!re.test(s)) out.push(what);
  return out;
}

const dns1123 =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const dns1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

/** The named formats and why a string fails each (no messages: it is valid). */
const formats: Record<string, (s: string) => string[]> = {
  dns1123Label: (s) => labelMessages(s, label, dns1123),
  dns1123Subdomain: subdomainMessages,
  dns1035Label: (s) => labelMessages(s, label1035, dns1035),
  qualifiedName: qualifiedNameMessages,
  dns1123LabelPrefix: (s) => labelMessages(s.replace(/-$/, 'a'), label, dns1123),
  dns1123SubdomainPrefix: (s) => subdomainMessages(s.replace(/-$/, 'a')),
  dns1035LabelPrefix: (s) => labelMessages(s.replace(/-$/, 'a'), label1035, dns1035),
  labelValue: (s) =>
    labelMessages(
      s,
      labelValue,
      'a valid label must be an empty string or consist of alphanumeric characters',
    ),
  uri: (s) => (formatCheck('uri')?.(s) ? [] : ['invalid URI']),
  uuid: (s) =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s)
      ? []
      : ['does not match the UUID format'],
  byte: (s) => (formatCheck('byte')?.(s) ? [] : ['invalid base64 value']),
  date: (s) => (formatCheck('date')?.(s) ? [] : ['invalid date value']),
  datetime: (s) => (formatCheck('datetime')?.(s) ? [] : ['invalid datetime value']),
};

function format(name: string): CelValue {
  return tagged('format', { name }) as never;
}

/** formatFuncs are the format library's functions. */
export const formatFuncs: CelFunc[] = [
  ...Object.keys(formats).map((name) => celFunc(`format.${name}`, [], F, () => format(name) as never)),
  celFunc('format.named', [S.STRING], F, (name) => (name in formats ? some(format(name)) : none()) as never),
  celMethod('validate', F, [S.STRING], F, function (s) {
    const check = formats[String(fieldOf(this, 'format', 'name'))];
    const problems = check ? check(s) : [];
    return (problems.length > 0 ? some(problems as never) : none()) as never;
  }),
];
