import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiObject, App } from 'cdk8s';
import type { Construct } from 'constructs';

import { exportAnnotation, moduleAnnotation } from '../render/modules.js';

export { exportAnnotation, moduleAnnotation };

/** The annotation `crossplane render` reads how to run a Function from. */
export const runtimeAnnotation = 'render.crossplane.io/runtime';

/** Props of a CompositionFunction (a pkg.crossplane.io/v1 Function). */
export interface CompositionFunctionProps {
  /** name of the Function, which pipeline steps give as functionRef.name. */
  readonly name: string;
  /** package is the function's OCI package, e.g. xpkg.example.com/functions/app-config:v0.1.0. */
  readonly package: string;
  /**
   * module is the TypeScript module that implements the function, for `kxp render`: a path
   * (relative to the working directory) or a file URL. It is written as the render.kxp.dev/module
   * annotation, relative to the folder the Function's YAML is written to.
   * @default none: kxp render needs --function-module for this function
   */
  readonly module?: string | URL;
  /**
   * exportName is the module's export that is the function.
   * @default 'default'
   */
  readonly exportName?: string;
  /**
   * renderRuntime is how `crossplane render` runs the function: Development dials one already
   * running (kxp function serve --insecure); Docker pulls the package.
   * @default 'Development'
   */
  readonly renderRuntime?: 'Development' | 'Docker';
  /**
   * packagePullPolicy for the package manager.
   * @default Crossplane's (IfNotPresent)
   */
  readonly packagePullPolicy?: 'Always' | 'Never' | 'IfNotPresent';
  /**
   * runtimeConfigName names the DeploymentRuntimeConfig the function's pods use.
   * @default Crossplane's default
   */
  readonly runtimeConfigName?: string;
}

/**
 * A CompositionFunction installs a composition function package (kind Function,
 * pkg.crossplane.io/v1) that Composition pipeline steps refer to by name. It also tells
 * `kxp render` which TypeScript module implements it, and `crossplane render` how to reach it.
 */
export class CompositionFunction extends ApiObject {
  static readonly apiVersion = 'pkg.crossplane.io/v1';
  static readonly kind = 'Function';

  constructor(scope: Construct, id: string, props: CompositionFunctionProps) {
    const annotations: Record<string, string> = {
      [runtimeAnnotation]: props.renderRuntime ?? 'Development',
    };
    if (props.module !== undefined) annotations[moduleAnnotation] = moduleFromOutdir(scope, props.module);
    if (props.exportName && props.exportName !== 'default') annotations[exportAnnotation] = props.exportName;
    const spec: Record<string, unknown> = { package: props.package };
    if (props.packagePullPolicy) spec.packagePullPolicy = props.packagePullPolicy;
    if (props.runtimeConfigName) spec.runtimeConfigRef = { name: props.runtimeConfigName };
    super(scope, id, {
      apiVersion: CompositionFunction.apiVersion,
      kind: CompositionFunction.kind,
      metadata: { name: props.name, annotations },
      spec,
    });
  }
}

/** moduleFromOutdir returns module's path relative to the app's output folder, with forward slashes. */
function moduleFromOutdir(scope: Construct, module: string | URL): string {
  const file = typeof module === 'string' ? resolve(module) : fileURLToPath(module);
  const outdir = resolve(App.of(scope).outdir);
  const rel = relative(outdir, file).split('\\').join('/');
  return isAbsolute(rel) ? rel : rel.startsWith('.') ? rel : `./${rel}`;
}
