import { describeAnswer, parseErrorBody, reasonFor } from './errors.js';

describe('registry error bodies', () => {
  it('quotes the error entries and the status', () => {
    const body = Buffer.from(
      JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }),
    );
    const errors = parseErrorBody(body);
    expect(reasonFor(403, errors)).toBe('denied');
    expect(describeAnswer(403, errors, body)).toBe(
      'denied: DENIED: requested access to the resource is denied (HTTP 403)',
    );
  });

  it('shows the start of a body that is not error JSON', () => {
    const body = Buffer.from('<html>bad gateway</html>');
    expect(parseErrorBody(body)).toEqual([]);
    expect(describeAnswer(502, [], body)).toBe('<html>bad gateway</html> (HTTP 502)');
    expect(reasonFor(404, [])).toBe('not-found');
  });
});

describe('describeAnswer', () => {
  it('quotes string details, not structured ones, and says what an empty answer means', () => {
    const blobUnknown = [
      { code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry', detail: 'sha256:abc' },
    ];
    expect(describeAnswer(400, blobUnknown, Buffer.alloc(0))).toBe(
      'MANIFEST_BLOB_UNKNOWN: blob unknown to registry (sha256:abc) (HTTP 400)',
    );
    const access = [
      { code: 'UNAUTHORIZED', message: 'authentication required', detail: [{ Type: 'repository' }] },
    ];
    expect(describeAnswer(401, access, Buffer.alloc(0))).toBe(
      'denied: UNAUTHORIZED: authentication required (HTTP 401)',
    );
    expect(describeAnswer(401, [], Buffer.alloc(0))).toBe('denied: authentication required (HTTP 401)');
    expect(describeAnswer(500, [], Buffer.alloc(0))).toBe('no details (HTTP 500)');
  });
});
