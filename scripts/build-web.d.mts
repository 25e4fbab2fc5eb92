/** Types of build-web.mjs, for tests that build the web app before rendering its pages. */
export function buildWeb(options?: { ifStale?: boolean }): Promise<boolean>;
