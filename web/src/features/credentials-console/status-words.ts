/** How each credential status is shown in the console, and the tag class that marks it. */
export const statusWords: Record<string, { label: string; tag: string }> = {
  active: { label: 'Active', tag: 'tag tag-ok' },
  suspended: { label: 'Suspended', tag: 'tag tag-warn' },
  lapsed: { label: 'Lapsed', tag: 'tag tag-warn' },
  revoked: { label: 'Revoked', tag: 'tag tag-failed' },
};
