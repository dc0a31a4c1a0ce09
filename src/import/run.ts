/**
 * `kxp import` as a function: read the schemas (an export through a consumer's kubeconfig, or
 * files), generate, write the files into the output folder.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workspaceOf } from '../kcp/exports/binding.js';
import { parseExportRef } from '../kcp/exports/ref.js';
import { saveSchemas } from '../kcp/exports/save.js';
import { exportSchemas } from '../kcp/exports/schemas.js';
import { credentialsFromKubeconfig } from '../kube/credentials.js';
import { RestClient } from '../kube/rest.js';
import { type GeneratedFile, generateFiles } from './generate.js';
import { kindVersions, type SourcedSchema } from './model.js';
import { fileSchemas } from './sources/files.js';

/** ImportOptions say where the schemas come from and where the code goes. */
export type ImportOptions = (
  | {
      /** export names the APIExport, e.g. root:db:databases. */
      export: string;
      /** kubeconfig of a consumer, pointed at a workspace that binds the export. */
      kubeconfig: string;
      /** context of the kubeconfig; its current one by default. */
      context?: string;
      /** saveSchemas is a file to write the export's schemas to, for `schemas` later. */
      saveSchemas?: string;
    }
  | {
      /** schemas is a file or folder of APIResourceSchemas, CRDs or XRDs. */
      schemas: string;
    }
) & {
  /** output is the folder to write into. */
  output: string;
};

/** ImportResult is what importApis wrote. */
export interface ImportResult {
  /** files written, their paths under the output folder. */
  files: (GeneratedFile & { path: string })[];
  /** skipped counts the objects in schema files that define no API. */
  skipped: number;
}

/**
 * importApis writes TypeScript for every API the schemas offer into options.output (created if
 * missing; other files there are left alone) and returns what it wrote. Errors say what could not be
 * read or expressed, naming the file, workspace, kind or field.
 */
export async function importApis(options: ImportOptions): Promise<ImportResult> {
  const read = 'export' in options ? await fromExport(options) : await fromFiles(options.schemas);
  const files = generateFiles(kindVersions(read.schemas), read.header);
  await mkdir(options.output, { recursive: true });
  const written = [];
  for (const f of files) {
    const path = join(options.output, f.name);
    await writeFile(path, f.text).catch((cause: Error) => {
      throw new Error(`cannot write ${path}: ${cause.message}`, { cause });
    });
    written.push({ ...f, path });
  }
  return { files: written, skipped: read.skipped };
}

interface Read {
  schemas: SourcedSchema[];
  /** header names the source in the files' header: the same for every consumer of one export. */
  header: string;
  skipped: number;
}

async function fromExport(options: Extract<ImportOptions, { export: string }>): Promise<Read> {
  const ref = parseExportRef(options.export);
  const client = new RestClient(credentialsFromKubeconfig(options.kubeconfig, options.context));
  const from = `export ${options.export} (workspace ${workspaceOf(client)})`;
  const { schemas: objects } = await exportSchemas(client, ref);
  if (options.saveSchemas) saveSchemas(options.saveSchemas, objects, `export ${options.export}`);
  return {
    schemas: objects.map((object) => ({ object, source: from })),
    header: `export ${options.export}`,
    skipped: 0,
  };
}

async function fromFiles(path: string): Promise<Read> {
  const { schemas, skipped } = await fileSchemas(path);
  return { schemas, header: path, skipped };
}
