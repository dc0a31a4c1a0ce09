/**
 * A Pod's first container run from its unpacked image as a kubelet would, for the local platform and
 * tests: the image's entrypoint with the container's command and arguments, the image's environment
 * and the container's, the Pod's Secret volumes and ServiceAccount token mounted read-only where the
 * container mounts them, as the user its security context names, in the sandbox (sandbox.ts). The
 * network is the host's, so the API server is named by the environment a kubelet sets.
 */
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceAccountDir } from '../kube/in-cluster.js';
import { resourcePath, secrets } from '../kube/paths.js';
import type { RestClient } from '../kube/rest.js';
import { serviceAccountToken } from '../stack/service-account.js';
import type { UnpackedImage } from './image.js';
import { imageEnv } from './revision.js';
import { type SandboxedProcess, startSandboxed, type Volume } from './sandbox.js';

/** The fields of a Pod spec the runner reads. */
export interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsUser?: number; runAsGroup?: number };
  containers: {
    name: string;
    command?: string[];
    args?: string[];
    env?: { name: string; value?: string }[];
    workingDir?: string;
    securityContext?: { runAsUser?: number; runAsGroup?: number };
    volumeMounts?: { name: string; mountPath: string }[];
  }[];
  volumes?: { name: string; secret?: { secretName: string } }[];
}

/** What runPod needs besides the Pod: the cluster it runs in, as the kubelet reaches it. */
export interface PodRun {
  /** name of the process (its log is <dir>/<name>.log); dir also holds the Pod's volumes. */
  name: string;
  dir: string;
  namespace: string;
  pod: PodSpec;
  image: UnpackedImage;
  /** cluster reads Secrets and asks for ServiceAccount tokens, as the kubelet does (as admin here). */
  cluster: RestClient;
}

/** runPod starts the Pod's first container from its unpacked image and returns its process. */
export async function runPod(o: PodRun): Promise<SandboxedProcess> {
  const [container] = o.pod.containers;
  if (!container) throw new Error(`cannot run ${o.name}: the Pod has no container`);
  const uid = container.securityContext?.runAsUser ?? o.pod.securityContext?.runAsUser ?? userOf(o.image);
  const gid = container.securityContext?.runAsGroup ?? o.pod.securityContext?.runAsGroup ?? uid;
  const volumes = await podVolumes(o, container, uid);
  const { hostname, port } = new URL(o.cluster.credentials.server);
  const env = {
    ...imageEnv(o.image.config.Env),
    ...Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? ''])),
    KUBERNETES_SERVICE_HOST: hostname.replace(/^\[|\]$/g, ''),
    KUBERNETES_SERVICE_PORT: port || '443',
  };
  const entrypoint = container.command ?? o.image.config.Entrypoint ?? [];
  const args = container.args ?? (container.command ? [] : (o.image.config.Cmd ?? []));
  return startSandboxed({
    name: o.name,
    dir: o.dir,
    root: o.image.root,
    volumes,
    command: [...entrypoint, ...args],
    env,
    uid,
    gid,
    workingDir: container.workingDir ?? o.image.config.WorkingDir,
  });
}

/** podVolumes returns the container's Secret volumes and the ServiceAccount token, written out for uid. */
async function podVolumes(
  o: PodRun,
  container: PodSpec['containers'][number],
  uid: number,
): Promise<Volume[]> {
  const volumes: Volume[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const volume = o.pod.volumes?.find((v) => v.name === mount.name);
    if (!volume?.secret) throw new Error(`cannot run ${o.name}: volume ${mount.name} is not a Secret volume`);
    const dir = join(o.dir, 'volumes', mount.name);
    await secretVolume(o.cluster, o.namespace, volume.secret.secretName, dir, uid);
    volumes.push({ source: dir, target: mount.mountPath });
  }
  if (o.pod.automountServiceAccountToken !== false) {
    const dir = join(o.dir, 'volumes', 'serviceaccount');
    await tokenVolume(o.cluster, o.namespace, o.pod.serviceAccountName ?? 'default', dir, uid);
    volumes.push({ source: dir, target: serviceAccountDir });
  }
  return volumes;
}

/** userOf returns the uid an image's config names (numeric users only, as runAsNonRoot requires). */
function userOf(image: UnpackedImage): number {
  const uid = Number((image.config.User ?? '').split(':')[0]);
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new Error(`cannot run the image as ${image.config.User ?? 'root'}: name a numeric non-root user`);
  }
  return uid;
}

/** secretVolume writes each key of a Secret as a file into dir, readable by uid, as a Secret volume holds it. */
async function secretVolume(
  client: RestClient,
  ns: string,
  name: string,
  dir: string,
  uid: number,
): Promise<void> {
  const secret = await client.get<{ data?: Record<string, string> }>(resourcePath(secrets, ns, name));
  const files = Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
  );
  writeVolume(dir, files, uid);
}

/** tokenVolume writes a ServiceAccount's token, the cluster's CA and the namespace into dir, as a kubelet mounts them. */
async function tokenVolume(
  client: RestClient,
  ns: string,
  sa: string,
  dir: string,
  uid: number,
): Promise<void> {
  const token = await serviceAccountToken(client, ns, sa, 3600);
  writeVolume(
    dir,
    {
      token: Buffer.from(token),
      'ca.crt': Buffer.from(client.credentials.ca ?? ''),
      namespace: Buffer.from(ns),
    },
    uid,
  );
}

function writeVolume(dir: string, files: Record<string, Buffer>, uid: number): void {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  for (const [name, content] of Object.entries(files)) {
    const file = join(dir, name);
    writeFileSync(file, content, { mode: 0o600 });
    if (process.getuid?.() === 0) chownSync(file, uid, uid);
  }
}
