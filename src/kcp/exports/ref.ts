/** ExportRef names a kcp APIExport: the path of the workspace it lives in, and its name. */
export interface ExportRef {
  /** path is the export's workspace path, e.g. root:db. */
  path: string;
  name: string;
}

/** parseExportRef returns `root:db:databases` as path root:db and name databases, or throws. */
export function parseExportRef(ref: string): ExportRef {
  const at = ref.lastIndexOf(':');
  const path = ref.slice(0, at);
  const name = ref.slice(at + 1);
  if (at <= 0 || name === '' || path.split(':').some((s) => s === '')) {
    throw new Error(
      `cannot read export ${JSON.stringify(ref)}: give <workspace path>:<name>, e.g. root:db:databases`,
    );
  }
  return { path, name };
}

/** exportName returns ref as written: `root:db:databases`. */
export function exportName(ref: ExportRef): string {
  return `${ref.path}:${ref.name}`;
}
