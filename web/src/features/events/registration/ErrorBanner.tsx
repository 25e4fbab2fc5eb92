/** What went wrong, announced at once; nothing when all is well. */
export function ErrorBanner({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="banner banner-error" role="alert">
      {error}
    </p>
  );
}
