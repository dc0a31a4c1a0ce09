import { h, path } from './html.js';

describe('h', () => {
  it('escapes values, keeps HTML made by h, joins lists and drops empty values', () => {
    const name = '<script>alert("x")</script>';
    const escaped = '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;';
    expect(h`<p title="${name}">${name}</p>`.text).toBe(`<p title="${escaped}">${escaped}</p>`);
    expect(h`<ul>${['a&b', 'c'].map((x) => h`<li>${x}</li>`)}</ul>`.text).toBe(
      '<ul><li>a&#38;b</li><li>c</li></ul>',
    );
    expect(h`${undefined}${null}${false}${0}`.text).toBe('0');
  });
});

describe('path', () => {
  it('encodes each segment, keeping a workspace path’s colons', () => {
    expect(path('w', 'root:org-a:team-a', 'claims', 'a b/c')).toBe('/w/root:org-a:team-a/claims/a%20b%2Fc');
  });
});
