/**
 * While the PDF is still being made: re-checks every 1.5 s (40 times at most) and, once it is ready
 * or has failed, puts the server's new PDF row (lib/report/pdf-section.ts) in place of the old one,
 * so the rest of the page (and its tracker) stays as it is.
 */
async function swapPdfRow(row: HTMLElement): Promise<void> {
  const res = await fetch(location.href, { cache: 'no-store', headers: { accept: 'text/html' } });
  const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  const fresh = doc.querySelector('.pdf-row');
  if (!res.ok || !fresh) throw new Error(`report page answered ${res.status}`);
  row.replaceWith(document.importNode(fresh, true));
}

export function refreshPdfWhenReady(id: string, row: HTMLElement): void {
  let tries = 0;
  const tick = async () => {
    tries++;
    try {
      const res = await fetch(`/v1/consumer-reports/${encodeURIComponent(id)}`, { cache: 'no-store' });
      const body = res.ok ? ((await res.json()) as { pdf?: { status?: string } }) : null;
      if (body?.pdf?.status && body.pdf.status !== 'pending') {
        await swapPdfRow(row).catch(() => location.reload());
        return;
      }
    } catch {
      /* keep trying */
    }
    if (tries < 40) setTimeout(tick, 1500);
  };
  setTimeout(tick, 1500);
}
