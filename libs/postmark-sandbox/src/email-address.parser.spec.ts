import {
  isAddressProblem,
  parseAddress,
  parseAddressList,
  splitAddressList,
} from './email-address.parser';

describe('email address parser', () => {
  it('parses plain and named addresses', () => {
    expect(parseAddress(' user@Example.COM ')).toEqual({
      raw: 'user@Example.COM',
      address: 'user@Example.COM',
      domain: 'example.com',
    });
    expect(parseAddress('Acme Team <no-reply@acme.com>')).toEqual({
      raw: 'Acme Team <no-reply@acme.com>',
      address: 'no-reply@acme.com',
      domain: 'acme.com',
    });
    expect(parseAddress('"Doe, John" <john@doe.io>')).toMatchObject({
      address: 'john@doe.io',
    });
  });

  it('reports an address without @ like Postmark does', () => {
    expect(parseAddress('johne.xample.com')).toEqual({
      problem:
        "Illegal email address 'johne.xample.com'. It must contain the '@' symbol.",
    });
  });

  it('reports a bad domain, a bad local part and unbalanced brackets', () => {
    expect(parseAddress('a@localhost')).toEqual({
      problem: "Illegal email domain 'localhost' in address 'a@localhost'.",
    });
    expect(parseAddress('a b@x.com')).toEqual({
      problem: "Illegal email address 'a b@x.com'.",
    });
    expect(isAddressProblem(parseAddress('Ann <ann@x.com'))).toBe(true);
    expect(isAddressProblem(parseAddress('Ann ann@x.com>'))).toBe(true);
  });

  it('splits lists on commas outside quotes and brackets, skipping empty entries', () => {
    expect(splitAddressList('a@x.com, "B, b" <b@x.com>,c@x.com')).toEqual([
      'a@x.com',
      ' "B, b" <b@x.com>',
      'c@x.com',
    ]);
    const parsed = parseAddressList('a@x.com, , "B, b" <b@x.com>');
    expect(Array.isArray(parsed) && parsed.map((p) => p.address)).toEqual([
      'a@x.com',
      'b@x.com',
    ]);
  });

  it('stops at the first bad entry of a list', () => {
    expect(parseAddressList('a@x.com, nope')).toEqual({
      problem: "Illegal email address 'nope'. It must contain the '@' symbol.",
    });
  });
});
