/** Builds the web app (see build-web.mjs); false when the build failed. */
export function buildWeb(options?: { ifStale?: boolean; outDir?: string }): Promise<boolean>;
