import { safeImageUrl } from '../lib/branding';
import { initials } from '../lib/initials';

/** Agent photo (validated URL) or their initials. Decorative: the name is always shown next to it. */
export function Avatar({ name, url, size = 56 }: { name: string; url: string | null; size?: number }) {
  const src = safeImageUrl(url);
  if (src) {
    // eslint-disable-next-line @next/next/no-img-element -- plain img: no image optimizer for agent-supplied URLs
    return <img className="avatar" src={src} alt="" width={size} height={size} decoding="async" />;
  }
  return (
    <span className="avatar avatar-fallback" aria-hidden="true">
      {initials(name)}
    </span>
  );
}
