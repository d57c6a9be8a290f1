import { unsafeInput } from './validation.pipe';

describe('unsafeInput', () => {
  it.each([
    [
      JSON.parse('{"__proto__":{"x":1}}'),
      'body.__proto__: this key is not allowed',
    ],
    [
      { a: [{ constructor: { prototype: {} } }] },
      'body.a[0].constructor: this key is not allowed',
    ],
    [{ email: '\ud800@example.org' }, 'body.email: must be valid Unicode text'],
    [{ ['\udc00']: 1 }, 'body: keys must be valid Unicode text'],
    [
      JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`),
      expect.stringContaining('nested too deeply'),
    ],
  ])('refuses %j', (input, problem) => {
    expect(unsafeInput(input)).toEqual(problem);
  });

  it.each([
    [{ email: 'jane@example.org', usageType: 'SignIn' }],
    [{ name: 'Zoë 😀 日本' }],
    [null],
    ['text'],
    [[1, 2, { a: 'b' }]],
  ])('accepts %j', (input) => {
    expect(unsafeInput(input)).toBeUndefined();
  });
});
