/**
 * Sign-in: the credentials a user gives (a kubeconfig pasted whole, or a bearer token and a workspace)
 * turned into credentials for the catalog's kcp, pointed at the user's home workspace. A pasted
 * kubeconfig may not name local files or programs (the catalog would read its own host's files, or
 * run programs, for whoever signs in), and must be for the catalog's kcp (else the catalog would send
 * the user's token wherever the kubeconfig points).
 */
import { tmpdir } from 'node:os';
import {
  type Credentials,
  credentialsFromKubeconfigText,
  kubeconfigFileReferences,
} from '../../kube/credentials.js';
import type { CatalogOptions } from '../config.js';

/** SignIn is what the sign-in form sent. */
export interface SignIn {
  kubeconfig?: string;
  token?: string;
  workspace?: string;
}

/** SignedIn is whom a sign-in is for: credentials pointed at home. */
export interface SignedIn {
  credentials: Credentials;
  home: string;
}

const workspacePath = /^root(:[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** signedIn returns the credentials form gives for the catalog's kcp, or throws saying what is wrong. */
export function signedIn(form: SignIn, o: Pick<CatalogOptions, 'kcpServer' | 'kcpCa'>): SignedIn {
  const kubeconfig = form.kubeconfig?.trim() ?? '';
  const token = form.token?.trim() ?? '';
  const workspace = form.workspace?.trim() ?? '';
  if (kubeconfig !== '') return fromKubeconfig(kubeconfig, workspace, o);
  if (token === '') throw new Error('give a kubeconfig, or a token and a workspace');
  if (workspace === '') throw new Error('give the workspace the token is for, e.g. root:org-a:team-a');
  const home = checkedWorkspace(workspace);
  return { credentials: { server: `${base(o.kcpServer)}/clusters/${home}`, ca: o.kcpCa, token }, home };
}

function fromKubeconfig(
  text: string,
  workspace: string,
  o: Pick<CatalogOptions, 'kcpServer' | 'kcpCa'>,
): SignedIn {
  // A YAML error's message quotes the text around it, which may hold the token: keep its first line.
  const firstLine = (err: unknown) => new Error((err as Error).message.split('\n')[0]?.replace(/:$/, ''));
  let refs: string[];
  try {
    refs = kubeconfigFileReferences(text);
  } catch (err) {
    throw firstLine(err);
  }
  if (refs.length > 0)
    throw new Error(
      `the kubeconfig names local files or programs (${refs.join(', ')}): put the token or certificates inline (…-data fields)`,
    );
  let creds: Credentials;
  try {
    creds = credentialsFromKubeconfigText(text, 'the kubeconfig', tmpdir());
  } catch (err) {
    throw firstLine(err);
  }
  const url = new URL(creds.server);
  if (url.origin !== new URL(o.kcpServer).origin)
    throw new Error(
      `the kubeconfig is for ${url.origin}; this catalog serves the kcp at ${new URL(o.kcpServer).origin}`,
    );
  const inPath = /\/clusters\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  const home = checkedWorkspace(inPath ?? workspace);
  return {
    credentials: { ...creds, server: `${base(o.kcpServer)}/clusters/${home}`, ca: creds.ca ?? o.kcpCa },
    home,
  };
}

function checkedWorkspace(ws: string): string {
  if (ws === '')
    throw new Error('the kubeconfig points at no workspace (…/clusters/<path>): give the workspace');
  if (!workspacePath.test(ws))
    throw new Error(`${JSON.stringify(ws)} is not a workspace path such as root:org-a:team-a`);
  return ws;
}

function base(server: string): string {
  return server.replace(/\/+$/, '').replace(/\/clusters\/[^/]+$/, '');
}
