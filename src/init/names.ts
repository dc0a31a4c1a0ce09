/**
 * The names a function project is made with: the function's name, which is at once its npm package
 * name and the metadata.name of its Crossplane package and Function, and the API group of its input.
 */
import { basename, resolve } from 'node:path';

/** The API group of a function's input when none is given, as Crossplane's function templates use. */
export const defaultInputGroup = 'template.fn.crossplane.io';

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * functionNameProblem returns why name cannot name a function, or undefined when it can: it must be
 * a DNS-1123 label (lower-case letters, digits and '-', at most 63), which Kubernetes accepts as a
 * Function's name and npm as a package name.
 */
export function functionNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 63) return `it has ${name.length} characters, more than 63`;
  if (!dnsLabel.test(name)) {
    return 'it must be lower-case letters, digits and "-", starting and ending with a letter or digit';
  }
  return undefined;
}

/**
 * groupProblem returns why group cannot be the API group of a function's input, or undefined when
 * it can: a DNS-1123 subdomain with at least one dot, as Kubernetes requires of a CRD's group.
 */
export function groupProblem(group: string): string | undefined {
  if (group.length > 253) return `it has ${group.length} characters, more than 253`;
  const labels = group.split('.');
  if (labels.length < 2) return 'it must be a domain with at least one dot, e.g. example.org';
  if (!labels.every((l) => l.length <= 63 && dnsLabel.test(l))) {
    return 'each of its dot-separated parts must be lower-case letters, digits and "-", starting and ending with a letter or digit';
  }
  return undefined;
}

/** nameFromDir returns the function name a project folder suggests: its base name. */
export function nameFromDir(dir: string): string {
  return basename(resolve(dir));
}
