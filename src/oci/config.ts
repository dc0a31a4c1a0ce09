/**
 * The OCI image config file (`application/vnd.oci.image.config.v1+json`): its types, its JSON written
 * with a fixed key order (the order go-containerregistry's structs marshal in, map keys sorted), and
 * its parsing from JSON that other tools wrote.
 */
import { isDigest } from './digest.js';

/** Where an image runs. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** The execution parameters of an image (the config file's `config`), as the OCI image spec lists them. */
export interface ContainerConfig {
  User?: string;
  /** `NAME=value` entries. */
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  WorkingDir?: string;
  /** Keys like `9443/tcp`; values are empty objects. */
  ExposedPorts?: Record<string, Record<string, never>>;
  /** Keys are paths; values are empty objects. */
  Volumes?: Record<string, Record<string, never>>;
  Labels?: Record<string, string>;
  StopSignal?: string;
  ArgsEscaped?: boolean;
}

/** One entry of the config's build history. */
export interface HistoryEntry {
  author?: string;
  /** An RFC 3339 time; kxp never writes one. */
  created?: string;
  created_by?: string;
  comment?: string;
  /** Whether the step added no layer (no diff ID). */
  empty_layer?: boolean;
}

/** The OCI image config file. Fields other tools write beyond these are dropped when kxp reads one. */
export interface ImageConfigFile {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
  author?: string;
  /** An RFC 3339 time; kxp never writes one. */
  created?: string;
  config: ContainerConfig;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: HistoryEntry[];
}

/** configFileJson returns the config file as JSON, the same object always giving the same bytes. */
export function configFileJson(file: ImageConfigFile): string {
  return JSON.stringify({
    architecture: file.architecture,
    author: file.author || undefined,
    created: file.created || undefined,
    history: nonEmpty(file.history?.map(historyJson)),
    os: file.os,
    rootfs: { type: file.rootfs.type, diff_ids: file.rootfs.diff_ids },
    config: containerConfigJson(file.config),
    'os.version': file['os.version'] || undefined,
    variant: file.variant || undefined,
    'os.features': nonEmpty(file['os.features']),
  });
}

/**
 * parseConfigFile returns the config file in JSON bytes that another tool wrote, keeping the fields
 * {@link ImageConfigFile} names. Throws `cannot read image config <where>` when it is not JSON, its
 * fields have the wrong types, or a diff ID is not a sha256 digest.
 */
export function parseConfigFile(json: Buffer | string, where: string): ImageConfigFile {
  const fail = (why: string, cause?: unknown): never => {
    throw new Error(`cannot read image config ${where}: ${why}`, cause === undefined ? {} : { cause });
  };
  let raw: unknown;
  try {
    raw = JSON.parse(json.toString());
  } catch (cause) {
    return fail(`it is not JSON: ${(cause as Error).message}`, cause);
  }
  const file = record(raw, 'the config', fail);
  const rootfs = record(file.rootfs ?? {}, 'rootfs', fail);
  const diffIds = array(rootfs.diff_ids ?? [], 'rootfs.diff_ids', fail).map((id) =>
    typeof id === 'string' && isDigest(id)
      ? id
      : fail(`rootfs.diff_ids holds ${JSON.stringify(id)}, not a sha256 digest`),
  );
  const c = record(file.config ?? {}, 'config', fail);
  const str = (v: unknown, name: string): string | undefined =>
    v === undefined || v === null || typeof v === 'string'
      ? (v ?? undefined)
      : fail(`${name} is not a string`);
  const strs = (v: unknown, name: string): string[] | undefined =>
    v === undefined || v === null
      ? undefined
      : array(v, name, fail).map((s) => (typeof s === 'string' ? s : fail(`${name} holds a non-string`)));
  const history = file.history == null ? undefined : array(file.history, 'history', fail);
  return defined({
    architecture: str(file.architecture, 'architecture') ?? '',
    os: str(file.os, 'os') ?? '',
    variant: str(file.variant, 'variant'),
    'os.version': str(file['os.version'], 'os.version'),
    'os.features': strs(file['os.features'], 'os.features'),
    author: str(file.author, 'author'),
    created: str(file.created, 'created'),
    config: defined({
      User: str(c.User, 'config.User'),
      Env: strs(c.Env, 'config.Env'),
      Entrypoint: strs(c.Entrypoint, 'config.Entrypoint'),
      Cmd: strs(c.Cmd, 'config.Cmd'),
      WorkingDir: str(c.WorkingDir, 'config.WorkingDir'),
      ExposedPorts: emptyObjects(c.ExposedPorts, 'config.ExposedPorts', fail),
      Volumes: emptyObjects(c.Volumes, 'config.Volumes', fail),
      Labels: stringRecord(c.Labels, 'config.Labels', fail),
      StopSignal: str(c.StopSignal, 'config.StopSignal'),
      ArgsEscaped: c.ArgsEscaped === true ? true : undefined,
    }),
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: history?.map((h, i) => {
      const entry = record(h, `history[${i}]`, fail);
      return defined({
        author: str(entry.author, `history[${i}].author`),
        created: str(entry.created, `history[${i}].created`),
        created_by: str(entry.created_by, `history[${i}].created_by`),
        comment: str(entry.comment, `history[${i}].comment`),
        empty_layer: entry.empty_layer === true ? true : undefined,
      });
    }),
  });
}

/** sortedRecord returns a copy of a map with its keys in sorted order (so its JSON is always the same). */
export function sortedRecord<T>(map: Record<string, T> | undefined): Record<string, T> | undefined {
  if (map === undefined || Object.keys(map).length === 0) return undefined;
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function containerConfigJson(c: ContainerConfig): object {
  return {
    Cmd: nonEmpty(c.Cmd),
    Entrypoint: nonEmpty(c.Entrypoint),
    Env: nonEmpty(c.Env),
    Labels: sortedRecord(c.Labels),
    User: c.User || undefined,
    Volumes: sortedRecord(c.Volumes),
    WorkingDir: c.WorkingDir || undefined,
    ExposedPorts: sortedRecord(c.ExposedPorts),
    ArgsEscaped: c.ArgsEscaped || undefined,
    StopSignal: c.StopSignal || undefined,
  };
}

function historyJson(h: HistoryEntry): object {
  return {
    author: h.author || undefined,
    created: h.created || undefined,
    created_by: h.created_by || undefined,
    comment: h.comment || undefined,
    empty_layer: h.empty_layer || undefined,
  };
}

/** defined returns the object without its undefined fields. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

type Fail = (why: string) => never;

function record(value: unknown, name: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail(`${name} is not an object`);
  return value as Record<string, unknown>;
}

function array(value: unknown, name: string, fail: Fail): unknown[] {
  return Array.isArray(value) ? value : fail(`${name} is not a list`);
}

function stringRecord(value: unknown, name: string, fail: Fail): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const map = record(value, name, fail);
  for (const [k, v] of Object.entries(map)) if (typeof v !== 'string') fail(`${name}[${k}] is not a string`);
  return map as Record<string, string>;
}

function emptyObjects(
  value: unknown,
  name: string,
  fail: Fail,
): Record<string, Record<string, never>> | undefined {
  if (value === undefined || value === null) return undefined;
  const map = record(value, name, fail);
  return Object.fromEntries(Object.keys(map).map((k) => [k, {}]));
}
