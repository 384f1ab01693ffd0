import { safeImageUrl } from '../lib/branding';

/** Brokerage bar: logo when branding allows it, else the brokerage (or agent) name as text. */
export function TopBar({ logoUrl, name, fallback }: { logoUrl: string | null; name: string | null; fallback: string }) {
  const logo = safeImageUrl(logoUrl);
  return (
    <header className="topbar">
      <div className="page topbar-inner">
        {logo ? (
          // eslint-disable-next-line @next/next/no-img-element
          <img className="logo" src={logo} alt={name ?? 'Brokerage logo'} height={40} width={160} />
        ) : (
          <span className="brand-name">{name ?? fallback}</span>
        )}
      </div>
    </header>
  );
}
