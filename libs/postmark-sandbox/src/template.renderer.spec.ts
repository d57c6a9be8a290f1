import {
  compileTemplate,
  escapeHtml,
  renderTemplate,
} from './template.renderer';

const render = (source: string, model: unknown, html = false): string =>
  renderTemplate(compileTemplate(source), model, html);

describe('template renderer', () => {
  it('renders {{field}}, {{ field }} with spaces and dotted paths', () => {
    expect(
      render('Code {{code}} / {{ code }} / {{user.name}} / {{ user.name }}', {
        code: 42,
        user: { name: 'Ann' },
      }),
    ).toBe('Code 42 / 42 / Ann / Ann');
  });

  it('renders missing, null and non-scalar values as an empty string', () => {
    expect(
      render('[{{missing}}][{{a.b.c}}][{{nil}}][{{obj}}][{{list}}][{{flag}}]', {
        nil: null,
        obj: { x: 1 },
        list: [1],
        flag: false,
      }),
    ).toBe('[][][][][][false]');
  });

  it('does not read inherited properties', () => {
    expect(render('[{{constructor}}][{{toString}}]', {})).toBe('[][]');
  });

  it('HTML-escapes values only when rendering HTML, never the template text', () => {
    const model = { name: `<b>"Tom" & 'Jerry'</b>` };
    expect(render('<p>{{name}}</p>', model, true)).toBe(
      '<p>&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;</p>',
    );
    expect(render('<p>{{name}}</p>', model, false)).toBe(
      `<p><b>"Tom" & 'Jerry'</b></p>`,
    );
  });

  it('leaves {{{field}}} and {{& field}} unescaped in HTML', () => {
    expect(
      render('{{{html}}}|{{& html}}|{{html}}', { html: '<i>x</i>' }, true),
    ).toBe('<i>x</i>|<i>x</i>|&lt;i&gt;x&lt;/i&gt;');
  });

  it('leaves unsupported section tags as they are', () => {
    expect(render('{{#each items}}x{{/each}} {{code}}', { code: 1 })).toBe(
      '{{#each items}}x{{/each}} 1',
    );
  });

  it('escapeHtml returns the same string when there is nothing to escape', () => {
    expect(escapeHtml('plain')).toBe('plain');
    expect(escapeHtml('a<b')).toBe('a&lt;b');
  });
});
