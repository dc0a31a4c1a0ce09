// A client of the OCI distribution API: references, credentials from the Docker config, and
// pushing and pulling blobs, manifests and indexes. It works on raw bytes and their digests.
export { type Credentials, credentialsFor, dockerConfigPath } from './auth.js';
export {
  defaultManifestAccept,
  type FetchedManifest,
  RegistryClient,
  type RegistryClientOptions,
} from './client.js';
export { RegistryError, type RegistryErrorDetail, type RegistryErrorReason } from './errors.js';
export {
  formatReference,
  type ImageReference,
  manifestReference,
  parseReference,
} from './reference.js';
export { allowsPlainHttp, registryHost } from './scheme.js';
