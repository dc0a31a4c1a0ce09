import { formatCheck, goDuration, isDate, isDateTime, parseDuration, supportedFormats } from './formats.js';

describe('formatCheck', () => {
  it.each<[format: string, valid: string[], invalid: string[]]>([
    ['email', ['a@b', 'user@example.com', 'Jane <jane@example.com>'], ['nope', '@b', 'a@']],
    ['hostname', ['example.com', 'a', 'xn--bcher-kva.example'], ['-bad-', 'a..b', 'a_b.com']],
    [
      'uri',
      ['https://example.com/x?y=1', 'mailto:a@b', '/abs/path', '*'],
      ['relative/path', '', 'http://a b/'],
    ],
    ['ipv4', ['10.0.0.1', '010.0.0.1'], ['10.0.0', '1.2.3.4.5', '256.0.0.1', '::1']],
    ['ipv6', ['::1', '2001:db8::1', '::ffff:1.2.3.4'], ['1.2.3.4', '2001:db8:::1', 'g::1']],
    ['cidr', ['10.0.0.0/8', '2001:db8::/32'], ['10.0.0.0/33', '10.0.0.0', '10.0.0.0/08']],
    ['mac', ['00:1a:2b:3c:4d:5e', '00-1a-2b-3c-4d-5e', '001a.2b3c.4d5e'], ['zz', '00:1a:2b']],
    ['uuid', ['123e4567-e89b-12d3-a456-426614174000', '123E4567E89B12D3A456426614174000'], ['123']],
    ['uuid4', ['123e4567-e89b-42d3-a456-426614174000'], ['123e4567-e89b-12d3-a456-426614174000']],
    ['byte', ['aGVsbG8=', 'aGk='], ['abc', '', 'a b=']],
    ['date', ['2024-02-29', '2023-12-31'], ['2023-02-29', '2020-13-01', '20200101']],
    [
      'date-time',
      ['2020-01-01T00:00:00Z', '2020-01-01t10:20:30.5+01:00'],
      ['2020-01-01T00:00:00', '2020-01-01T24:00:00Z'],
    ],
    ['duration', ['1h30m', '3 days', '10 min', '-5s'], ['soon', '']],
    ['k8s-short-name', ['my-name', 'a1'], ['Not_Short', '-a', 'a'.repeat(64)]],
    ['k8s-long-name', ['example.com', 'a-b.c'], ['Example.com', 'a..b']],
    ['isbn10', ['0306406152'], ['0306406153']],
    ['isbn13', ['9780306406157'], ['9780306406158']],
    ['creditcard', ['4111111111111111'], ['4111111111111112']],
    ['ssn', ['123-45-6789'], ['123456789']],
    ['hexcolor', ['#fff', 'a0b1c2'], ['#ffff']],
    ['rgbcolor', ['rgb(0, 128, 255)'], ['rgb(256,0,0)']],
    ['bsonobjectid', ['507f1f77bcf86cd799439011'], ['507f1f77bcf86cd79943901']],
    ['password', ['anything'], []],
  ])('%s', (format, valid, invalid) => {
    const check = formatCheck(format);
    expect(check).toBeDefined();
    for (const v of valid) expect([v, check?.(v)]).toEqual([v, true]);
    for (const v of invalid) expect([v, check?.(v)]).toEqual([v, false]);
  });

  it('ignores formats the API server does not check', () => {
    expect(formatCheck('color')).toBeUndefined();
    expect(formatCheck('int32')).toBeUndefined();
  });

  it('lists every format it checks', () => {
    for (const f of supportedFormats) expect(formatCheck(f)).toBeDefined();
  });
});

describe('dates and durations', () => {
  it.each([
    ['1h30m', 5400],
    ['1.5s', 1.5],
    ['-2m', -120],
    ['0', 0],
  ])('goDuration(%s) is %d seconds', (s, seconds) => {
    expect(goDuration(s)).toBeCloseTo(seconds);
  });

  it.each([
    ['3 days', 259200],
    ['2 weeks', 1209600],
    ['1h', 3600],
    ['later', undefined],
  ])('parseDuration(%s) is %s seconds', (s, seconds) => {
    expect(parseDuration(s)).toBe(seconds);
  });

  it('knows leap years and time zones', () => {
    expect(isDate('2000-02-29')).toBe(true);
    expect(isDate('1900-02-29')).toBe(false);
    expect(isDateTime('2020-06-01T12:00:00-07:00')).toBe(true);
    expect(isDateTime('2020-06-01T12:00:00+0700')).toBe(false);
  });
});
