/**
 * Reading Debian binary packages without dpkg: a .deb is an ar archive of "debian-binary" ("2.0"),
 * control.tar.* and data.tar.*; the files a package installs are data.tar's entries.
 */
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import xz from 'xz-decompress';
import type { TarEntry } from '../../oci/tar.js';
import { arMembers } from './ar.js';
import { keptEntries } from './entries.js';

const gunzip = promisify(gunzipCallback);

/**
 * debFiles returns the entries of a .deb's data archive that keep() accepts (paths relative to the
 * root, without "./"). data.tar may be xz- or gzip-compressed or plain; `what` names the package in
 * errors.
 */
export async function debFiles(
  deb: Buffer,
  keep: (path: string) => boolean,
  what = 'package',
): Promise<TarEntry[]> {
  let data: { name: string; data: Buffer } | undefined;
  try {
    const members = arMembers(deb);
    const version = members.find((m) => m.name === 'debian-binary');
    if (!version?.data.toString('latin1').startsWith('2.')) {
      throw new Error('it has no "debian-binary" member of format 2.x');
    }
    data = members.find((m) => m.name.startsWith('data.tar'));
    if (!data) {
      throw new Error(`it has no data.tar member (members: ${members.map((m) => m.name).join(', ')})`);
    }
  } catch (cause) {
    throw new Error(`cannot read Debian package ${what}: ${(cause as Error).message}`, { cause });
  }
  try {
    return await keptEntries(await decompressed(data.name, data.data), keep);
  } catch (cause) {
    throw new Error(`cannot read ${data.name} of Debian package ${what}: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** decompressed returns the tar inside a data.tar[.xz|.gz] member. */
async function decompressed(name: string, data: Buffer): Promise<Buffer> {
  if (name === 'data.tar') return data;
  if (name === 'data.tar.gz') return gunzip(data);
  if (name === 'data.tar.xz') {
    const tar = new xz.XzReadableStream(new Blob([data]).stream());
    return Buffer.from(await new Response(tar).arrayBuffer());
  }
  throw new Error('its compression is not supported (only xz, gzip or none)');
}
