import { ApiObject, type ApiObjectMetadata } from 'cdk8s';
import type { Construct } from 'constructs';
import type { JsonObject } from '../function/wire/types.js';
import type { CompositeType, TypeReference } from './xrd-spec.js';

/** Credentials a pipeline step receives, read from a Secret. */
export interface FunctionCredentials {
  /** name the function asks for the credentials by. */
  readonly name: string;
  /** secretRef is the Secret holding them. */
  readonly secretRef: { readonly name: string; readonly namespace: string };
}

/** A resource Crossplane fetches for a step before calling it (a bootstrap requirement). */
export interface RequiredResourceSelector {
  /** requirementName is the name the function finds the resources under. */
  readonly requirementName: string;
  readonly apiVersion: string;
  readonly kind: string;
  /** @default match by labels */
  readonly name?: string;
  /** @default match by name */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /** @default cluster-scoped, or every namespace */
  readonly namespace?: string;
}

/** One step of a Composition's function pipeline. */
export interface PipelineStep {
  /** step names the step; unique in the pipeline. */
  readonly step: string;
  /** functionRef names the Function (pkg.crossplane.io) that runs the step. */
  readonly functionRef: { readonly name: string };
  /**
   * input is the step's input: a Kubernetes-style object, so it needs an apiVersion and a kind.
   * @default no input
   */
  readonly input?: { readonly apiVersion: string; readonly kind: string; readonly [key: string]: unknown };
  /** @default no credentials */
  readonly credentials?: readonly FunctionCredentials[];
  /** @default none: the function asks for what it needs */
  readonly requiredResources?: readonly RequiredResourceSelector[];
}

/** Props of a Composition (apiextensions.crossplane.io/v1, mode Pipeline). */
export interface CompositionProps {
  /**
   * xrd is the CompositeResourceDefinition this Composition implements.
   * @default compositeTypeRef must be given
   */
  readonly xrd?: CompositeType;
  /**
   * compositeTypeRef is the XR kind this Composition implements.
   * @default the xrd's referenceable version and kind
   */
  readonly compositeTypeRef?: TypeReference;
  /**
   * name of the Composition.
   * @default the xrd's name (<plural>.<group>), which makes it the type's only Composition
   */
  readonly name?: string;
  /** pipeline is the list of function steps, run in order. */
  readonly pipeline: readonly PipelineStep[];
  /**
   * writeConnectionSecretsToNamespace is where legacy XRs write their connection Secrets.
   * @default no connection Secrets
   */
  readonly writeConnectionSecretsToNamespace?: string;
  /**
   * metadata of the Composition, e.g. labels XRs select it by.
   * @default no labels or annotations
   */
  readonly metadata?: Omit<ApiObjectMetadata, 'name' | 'namespace'>;
}

/**
 * A Composition says how Crossplane composes resources for a kind of composite resource: here,
 * always as a pipeline of composition functions (mode Pipeline).
 */
export class Composition extends ApiObject {
  static readonly apiVersion = 'apiextensions.crossplane.io/v1';
  static readonly kind = 'Composition';

  /** compositeTypeRef is the XR kind this Composition implements. */
  readonly compositeTypeRef: TypeReference;

  constructor(scope: Construct, id: string, props: CompositionProps) {
    const typeRef = props.compositeTypeRef ?? props.xrd?.compositeTypeRef;
    const name = props.name ?? props.xrd?.name;
    if (!typeRef || !name) {
      throw new Error(`cannot define Composition ${id}: give xrd, or compositeTypeRef and name`);
    }
    const spec: JsonObject = {
      compositeTypeRef: { apiVersion: typeRef.apiVersion, kind: typeRef.kind },
      mode: 'Pipeline',
      pipeline: pipelineSteps(props.pipeline, `Composition ${name}`),
    };
    if (props.writeConnectionSecretsToNamespace) {
      spec.writeConnectionSecretsToNamespace = props.writeConnectionSecretsToNamespace;
    }
    super(scope, id, {
      apiVersion: Composition.apiVersion,
      kind: Composition.kind,
      metadata: { ...props.metadata, name },
      spec,
    });
    this.compositeTypeRef = typeRef;
  }
}

/** pipelineSteps returns the steps as the Composition writes them, or throws at the first bad one. */
function pipelineSteps(steps: readonly PipelineStep[], what: string): JsonObject[] {
  if (steps.length === 0) throw new Error(`cannot define ${what}: its pipeline has no steps`);
  const seen = new Set<string>();
  return steps.map((s) => {
    if (!s.step || seen.has(s.step)) {
      throw new Error(
        `cannot define ${what}: step names must be unique and not empty (${JSON.stringify(s.step)})`,
      );
    }
    seen.add(s.step);
    if (!s.functionRef.name) throw new Error(`cannot define ${what}: step ${s.step} names no function`);
    const out: JsonObject = { step: s.step, functionRef: { name: s.functionRef.name } };
    if (s.input) {
      if (!s.input.apiVersion || !s.input.kind) {
        throw new Error(`cannot define ${what}: step ${s.step}'s input needs an apiVersion and a kind`);
      }
      out.input = JSON.parse(JSON.stringify(s.input)) as JsonObject;
    }
    if (s.credentials?.length) {
      out.credentials = s.credentials.map((c) => ({
        name: c.name,
        source: 'Secret',
        secretRef: { name: c.secretRef.name, namespace: c.secretRef.namespace },
      }));
    }
    if (s.requiredResources?.length) {
      out.requirements = { requiredResources: s.requiredResources.map((r) => selector(r)) };
    }
    return out;
  });
}

function selector(r: RequiredResourceSelector): JsonObject {
  const out: JsonObject = { requirementName: r.requirementName, apiVersion: r.apiVersion, kind: r.kind };
  if (r.name !== undefined) out.name = r.name;
  if (r.matchLabels) out.matchLabels = { ...r.matchLabels };
  if (r.namespace !== undefined) out.namespace = r.namespace;
  return out;
}
