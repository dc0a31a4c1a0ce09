/**
 * The Unix ar archive format, as .deb files use it: an 8-byte magic, then members, each a 60-byte
 * text header (name, mtime, uid, gid, mode, size, "`\n") and its data padded to an even offset.
 */

/** One member of an ar archive. */
export interface ArMember {
  name: string;
  /** The member's bytes (a view into the archive, not a copy). */
  data: Buffer;
}

const magic = '!<arch>\n';
const headerSize = 60;

/**
 * arMembers returns the members of an ar archive in order. Names lose GNU's trailing "/"; BSD
 * ("#1/<length>") and GNU ("/<offset>" into the "//" table) long names are resolved, and GNU's
 * symbol table ("/") is left out.
 */
export function arMembers(archive: Buffer): ArMember[] {
  if (archive.length < magic.length || archive.toString('latin1', 0, magic.length) !== magic) {
    throw new Error('cannot read ar archive: it does not start with "!<arch>\\n"');
  }
  const members: ArMember[] = [];
  let longNames = '';
  let at = magic.length;
  while (at < archive.length) {
    if (archive.length - at === 1 && archive[at] === 0x0a) break; // a trailing pad byte
    const { name, start, size } = bsdName(archive, at, readHeader(archive, at));
    const data = archive.subarray(start, start + size);
    at = start + size + ((start + size) % 2);
    if (name === '//') {
      longNames = data.toString('utf8');
      continue;
    }
    if (name === '/' || name === '/SYM64/') continue;
    members.push({ name: gnuName(name, longNames, at), data });
  }
  return members;
}

function readHeader(archive: Buffer, at: number): { name: string; size: number } {
  if (at + headerSize > archive.length) {
    throw new Error(`cannot read ar archive: truncated header at offset ${at}`);
  }
  if (archive.toString('latin1', at + 58, at + 60) !== '`\n') {
    throw new Error(`cannot read ar archive: bad header at offset ${at}`);
  }
  const name = archive.toString('utf8', at, at + 16).trimEnd();
  const sizeText = archive.toString('latin1', at + 48, at + 58).trim();
  if (!/^\d+$/.test(sizeText)) {
    throw new Error(`cannot read ar archive: bad size ${JSON.stringify(sizeText)} at ${at}`);
  }
  const size = Number(sizeText);
  if (at + headerSize + size > archive.length) {
    throw new Error(`cannot read ar archive: member ${JSON.stringify(name)} at ${at} is truncated`);
  }
  return { name, size };
}

/** bsdName returns a member's name and data extent, reading a BSD long name ("#1/<length>") first. */
function bsdName(
  archive: Buffer,
  at: number,
  header: { name: string; size: number },
): { name: string; start: number; size: number } {
  const start = at + headerSize;
  const bsd = /^#1\/(\d+)$/.exec(header.name);
  if (!bsd) return { name: header.name, start, size: header.size };
  const length = Number(bsd[1]);
  if (length > header.size) {
    throw new Error(`cannot read ar archive: member at ${at} has a name longer than itself`);
  }
  const name = archive.toString('utf8', start, start + length).replace(/\0+$/, '');
  return { name, start: start + length, size: header.size - length };
}

/** gnuName resolves a GNU long-name reference ("/123") and drops the terminating "/" of short names. */
function gnuName(name: string, longNames: string, at: number): string {
  const ref = /^\/(\d+)$/.exec(name);
  if (!ref) return name.endsWith('/') ? name.slice(0, -1) : name;
  const offset = Number(ref[1]);
  const end = longNames.indexOf('/\n', offset);
  if (offset >= longNames.length || end < 0) {
    throw new Error(
      `cannot read ar archive: member before ${at} names long name ${offset}, which is missing`,
    );
  }
  return longNames.slice(offset, end);
}
