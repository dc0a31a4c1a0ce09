/**
 * The bridge as a platform team installs it in its service cluster, as cdk8s constructs: a
 * Deployment of replicas that elect one leader with a Lease, probed on /healthz and /readyz, its
 * metrics port named, resources requested, a root filesystem it cannot write, no privileges; a
 * PodDisruptionBudget keeping one replica through voluntary disruptions; and the kcp kubeconfig
 * mounted from a Secret the team creates. Its ServiceAccount and roles are the rights `kxp bridge
 * rbac` prints (src/bridge/rbac), so the Deployment runs with exactly those.
 */
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { KubeObject } from '../../kube/rest.js';
import type { ExportConfig } from '../config.js';
import { bridgeMetricsPort } from './image.js';

/** Where the kcp kubeconfig Secret is mounted, and the key that holds the kubeconfig. */
export const kcpKubeconfigDir = '/etc/kxp/kcp';
export const kcpKubeconfigKey = 'kubeconfig';

/** Props of a BridgeDeployment. */
export interface BridgeDeploymentProps {
  /** namespace of the Deployment, its ServiceAccount and its Lease. */
  readonly namespace: string;
  /** serviceAccountName the Pods run as: the one `kxp bridge rbac` gives the bridge's rights to. */
  readonly serviceAccountName: string;
  /** image of the bridge (kxp bridge image), e.g. registry.example.com/kxp/bridge:v0.1.0. */
  readonly image: string;
  /** exports the bridge maintains. */
  readonly exports: readonly Pick<ExportConfig, 'workspace' | 'name' | 'mode' | 'claims'>[];
  /** kcpKubeconfigSecret names the Secret holding the kcp kubeconfig under the key `kubeconfig`. */
  readonly kcpKubeconfigSecret: string;
  /** @default 2 */
  readonly replicas?: number;
  /** leaseName of the leader election. @default 'kxp-bridge' */
  readonly leaseName?: string;
  /** divideEndpoints makes the replicas divide the exports' endpoints (kcp shards), a Lease each. @default false */
  readonly divideEndpoints?: boolean;
  /** eventNamespace holds events about XRDs. @default 'default' */
  readonly eventNamespace?: string;
  /** metricsPort serves /healthz, /readyz and /metrics. @default 8080 */
  readonly metricsPort?: number;
  /** @default requests cpu 100m and memory 128Mi, limit memory 512Mi */
  readonly resources?: { cpu?: string; memory?: string; memoryLimit?: string };
}

/** The labels of the bridge's Pods, which the Deployment and the PodDisruptionBudget select. */
export function bridgeLabels(): Record<string, string> {
  return { 'app.kubernetes.io/name': 'kxp-bridge', 'app.kubernetes.io/component': 'bridge' };
}

/** bridgeArgs returns the container's arguments: the bridge's flags for these props. */
export function bridgeArgs(props: BridgeDeploymentProps): string[] {
  const args = [`--kcp-kubeconfig=${kcpKubeconfigDir}/${kcpKubeconfigKey}`];
  for (const e of props.exports) args.push(`--export=${e.workspace}:${e.name}`);
  const modes = new Set(props.exports.map((e) => e.mode));
  const [mode] = modes;
  if (modes.size > 1) throw new Error('cannot render the bridge: one Deployment serves exports of one mode');
  if (mode && mode !== 'api-first') args.push(`--mode=${mode}`);
  if (props.exports.some((e) => e.claims)) args.push('--claims');
  args.push(
    `--lease-namespace=${props.namespace}`,
    `--lease-name=${props.leaseName ?? 'kxp-bridge'}`,
    ...(props.divideEndpoints ? ['--divide-endpoints'] : []),
    `--event-namespace=${props.eventNamespace ?? 'default'}`,
    `--metrics-address=0.0.0.0:${props.metricsPort ?? bridgeMetricsPort}`,
  );
  return args;
}

/**
 * A BridgeDeployment is the bridge's Deployment and PodDisruptionBudget: replicas of the bridge's
 * image that elect a leader, with the kcp kubeconfig from a Secret and the service cluster reached
 * through the Pods' ServiceAccount.
 */
export class BridgeDeployment extends Chart {
  constructor(scope: Construct, id: string, props: BridgeDeploymentProps) {
    super(scope, id, { namespace: props.namespace, disableResourceNameHashes: true });
    const labels = bridgeLabels();
    const port = props.metricsPort ?? bridgeMetricsPort;
    const probe = (path: string, period: number) => ({
      httpGet: { path, port: k8s.IntOrString.fromString('metrics') },
      periodSeconds: period,
      failureThreshold: 3,
    });
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: 'kxp-bridge', labels },
      spec: {
        replicas: props.replicas ?? 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: props.serviceAccountName,
            automountServiceAccountToken: true,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 65532,
              runAsGroup: 65532,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'bridge',
                image: props.image,
                args: bridgeArgs(props),
                ports: [{ name: 'metrics', containerPort: port }],
                livenessProbe: probe('/healthz', 10),
                readinessProbe: probe('/readyz', 5),
                resources: {
                  requests: {
                    cpu: k8s.Quantity.fromString(props.resources?.cpu ?? '100m'),
                    memory: k8s.Quantity.fromString(props.resources?.memory ?? '128Mi'),
                  },
                  limits: { memory: k8s.Quantity.fromString(props.resources?.memoryLimit ?? '512Mi') },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [{ name: 'kcp-kubeconfig', mountPath: kcpKubeconfigDir, readOnly: true }],
              },
            ],
            volumes: [{ name: 'kcp-kubeconfig', secret: { secretName: props.kcpKubeconfigSecret } }],
          },
        },
      },
    });
    new k8s.KubePodDisruptionBudget(this, 'pdb', {
      metadata: { name: 'kxp-bridge', labels },
      spec: { minAvailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: labels } },
    });
  }
}

/**
 * bridgeManifests returns the bridge's service-cluster objects in the order to apply them: its
 * rights (ServiceAccount, roles; from kxp bridge rbac), then the Deployment and its budget.
 */
export function bridgeManifests(props: BridgeDeploymentProps, rights: readonly KubeObject[]): KubeObject[] {
  const chart = new BridgeDeployment(new App(), 'kxp-bridge', props);
  return [...rights, ...(chart.toJson() as KubeObject[])];
}
