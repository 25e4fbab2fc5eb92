import { describe, expect, it } from 'vitest';
import { didWebDocumentUrl, didWebFromUrl } from './did-web.js';

describe('did:web from the public URL', () => {
  it('uses the host, percent-encodes a port and turns path segments into colons', () => {
    expect(didWebFromUrl('https://guild.example.org')).toBe('did:web:guild.example.org');
    expect(didWebFromUrl('https://guild.example.org/')).toBe('did:web:guild.example.org');
    expect(didWebFromUrl('https://guild.example.org:8443/itsm/scheme')).toBe('did:web:guild.example.org%3A8443:itsm:scheme');
  });

  it('finds the DID document where the method says', () => {
    expect(didWebDocumentUrl('did:web:guild.example.org')).toBe('https://guild.example.org/.well-known/did.json');
    expect(didWebDocumentUrl('did:web:guild.example.org%3A8443:itsm#key-1')).toBe('https://guild.example.org:8443/itsm/did.json');
    expect(didWebDocumentUrl(didWebFromUrl('http://localhost:3000'))).toBe('http://localhost:3000/.well-known/did.json');
    expect(() => didWebDocumentUrl('did:key:z6Mk')).toThrow(/Not a did:web/);
  });
});
