/**
 * The OCI media types kxp writes into manifests and indexes, and the Docker ones it meets when it reads
 * images that other tools wrote (a `docker save` tarball's layers have no media type of their own).
 */

/** An OCI image manifest. */
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
/** An OCI image index (a multi-platform image). */
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
/** An OCI image config (the JSON of {@link ImageConfigFile}). */
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
/** A gzip-compressed layer tar. */
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
/** An uncompressed layer tar. */
export const OCI_LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar';
/** A zstd-compressed layer tar (read nowhere in kxp; named so errors can say what they met). */
export const OCI_LAYER_ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';

/** Docker's manifest, as registries and `docker save` tooling still serve it. */
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
/** Docker's manifest list, the counterpart of {@link OCI_INDEX}. */
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
/** Docker's image config. */
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
/** Docker's gzip-compressed layer. */
export const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

/** isGzipLayer returns whether a layer media type (OCI or Docker) names a gzip-compressed tar. */
export function isGzipLayer(mediaType: string): boolean {
  return mediaType === OCI_LAYER_GZIP || mediaType === DOCKER_LAYER_GZIP;
}

/** isUncompressedLayer returns whether a layer media type (OCI or Docker) names a plain tar. */
export function isUncompressedLayer(mediaType: string): boolean {
  return (
    mediaType === OCI_LAYER_TAR ||
    mediaType === 'application/vnd.docker.image.rootfs.diff.tar' ||
    mediaType === 'application/vnd.oci.image.layer.nondistributable.v1.tar'
  );
}
