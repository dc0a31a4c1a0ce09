/**
 * The 512-byte ustar header and the PAX extended header records, encoded by hand so that tarOf can
 * write an archive synchronously and byte for byte the same every time (mtime 0, empty user and group
 * names, zero device numbers).
 */

/** What one header says; `pax` is the extended header that goes before an entry. */
export interface HeaderFields {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link' | 'pax';
  mode: number;
  uid: number;
  gid: number;
  size: number;
  linkname: string;
}

const TYPEFLAG: Record<HeaderFields['type'], string> = {
  file: '0',
  link: '1',
  symlink: '2',
  directory: '5',
  pax: 'x',
};

const NAME_MAX = 100;
/** The largest number a 7-digit octal field (mode, uid, gid) holds. */
const ID_MAX = 0o7777777;
/** The largest number the 11-digit octal size field holds (8 GiB - 1). */
const SIZE_MAX = 0o77777777777;

/** ustarHeader returns the 512-byte ustar header block for the supplied fields. */
export function ustarHeader(fields: HeaderFields): Buffer {
  if (fields.size > SIZE_MAX) {
    throw new Error(`cannot write tar entry ${JSON.stringify(fields.name)}: it is larger than 8 GiB`);
  }
  const block = Buffer.alloc(512);
  Buffer.from(fields.name).copy(block, 0, 0, NAME_MAX);
  octal(block, 100, 8, fields.mode);
  octal(block, 108, 8, fields.uid > ID_MAX ? 0 : fields.uid);
  octal(block, 116, 8, fields.gid > ID_MAX ? 0 : fields.gid);
  octal(block, 124, 12, fields.size);
  octal(block, 136, 12, 0); // mtime
  block.write(TYPEFLAG[fields.type], 156, 'ascii');
  Buffer.from(fields.linkname).copy(block, 157, 0, NAME_MAX);
  block.write('ustar\u000000', 257, 'ascii');
  octal(block, 329, 8, 0); // devmajor
  octal(block, 337, 8, 0); // devminor
  // The checksum is taken with its own field as spaces, then written as 6 digits, NUL, space.
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  octal(block, 148, 7, sum);
  return block;
}

/** paxNeeded returns whether an entry's path, link name, uid or gid does not fit its ustar field. */
export function paxNeeded(fields: HeaderFields): boolean {
  return !fitsUstar(fields.name) || !fitsUstar(fields.linkname) || fields.uid > ID_MAX || fields.gid > ID_MAX;
}

/**
 * paxRecords returns the body of the PAX extended header for an entry: `path`, `linkpath`, `uid` and
 * `gid` records, in that order, each only where the ustar field cannot hold the value.
 */
export function paxRecords(fields: HeaderFields): Buffer {
  const records: [string, string][] = [];
  if (!fitsUstar(fields.name)) records.push(['path', fields.name]);
  if (!fitsUstar(fields.linkname)) records.push(['linkpath', fields.linkname]);
  if (fields.uid > ID_MAX) records.push(['uid', String(fields.uid)]);
  if (fields.gid > ID_MAX) records.push(['gid', String(fields.gid)]);
  return Buffer.concat(records.map(([key, value]) => paxRecord(key, value)));
}

/** A PAX record is `<length> <key>=<value>\n`, its length counting its own digits. */
function paxRecord(key: string, value: string): Buffer {
  const body = Buffer.byteLength(` ${key}=${value}\n`);
  let length = body + String(body).length;
  if (String(length).length > String(body).length) length += 1;
  return Buffer.from(`${length} ${key}=${value}\n`);
}

/** A ustar name field holds up to 100 ASCII bytes (kxp does not split names into the prefix field). */
function fitsUstar(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is for ASCII itself
  return value.length <= NAME_MAX && /^[\u0001-\u007f]*$/.test(value);
}

/** Writes a number as zero-padded octal digits filling the field, then a NUL. */
function octal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, 'ascii');
}
