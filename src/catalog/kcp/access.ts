/**
 * Who may do what in kcp, asked with the signed-in user's own identity: which configured exports the
 * user may bind (a SelfSubjectAccessReview in the export's workspace, as kcp's APIBinding admission
 * checks `bind` on the APIExport there), who kcp says the user is, and which workspaces are theirs.
 */

import type { ExportRef } from '../../kcp/exports/ref.js';
import { workspaces } from '../../kcp/workspaces.js';
import { ApiError, isForbidden, isNotFound } from '../../kube/errors.js';
import { resourcePath } from '../../kube/paths.js';
import type { KubeObject, RestClient } from '../../kube/rest.js';

const ssar = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const ssr = '/apis/authentication.k8s.io/v1/selfsubjectreviews';

/** mayBind reports whether the user of client may bind the export ref (false also when kcp refuses to say). */
export async function mayBind(client: RestClient, ref: ExportRef): Promise<boolean> {
  try {
    const review = await client
      .forCluster(ref.path)
      .create<KubeObject & { status?: { allowed?: boolean } }>(ssar, {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: { group: 'apis.kcp.io', resource: 'apiexports', verb: 'bind', name: ref.name },
        },
      });
    return review.status?.allowed === true;
  } catch (err) {
    // No access to the export's workspace at all: kcp answers 403 before any review.
    if (isForbidden(err) || isNotFound(err)) return false;
    throw err;
  }
}

/** whoAmI returns the user kcp authenticates client as, or throws `kcp did not accept ...` for bad credentials. */
export async function whoAmI(client: RestClient): Promise<string | undefined> {
  try {
    const review = await client.create<KubeObject & { status?: { userInfo?: { username?: string } } }>(ssr, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    });
    return review.status?.userInfo?.username;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401)
      throw new Error('kcp did not accept these credentials', { cause: err });
    if (isForbidden(err))
      throw new Error(`kcp refuses this user in its workspace: ${(err as ApiError).serverMessage}`, {
        cause: err,
      });
    // A kcp without SelfSubjectReview still lets the user in; the name is then not shown.
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

interface Workspace extends KubeObject {
  status?: { phase?: string };
}

/** userWorkspaces returns home and its Ready child workspaces the user may list, by path. */
export async function userWorkspaces(client: RestClient, home: string): Promise<string[]> {
  try {
    const list = await client.forCluster(home).list<Workspace>(resourcePath(workspaces));
    const children = list.items
      .filter((w) => w.status?.phase === 'Ready')
      .map((w) => `${home}:${w.metadata?.name}`)
      .sort();
    return [home, ...children];
  } catch (err) {
    if (isForbidden(err) || isNotFound(err)) return [home];
    throw err;
  }
}
