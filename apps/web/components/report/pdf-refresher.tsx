'use client';

import { useEffect } from 'react';
import { useRouter } from 'next/navigation';

/** While the PDF is still being made, re-check a few times and refresh the page once it is ready. */
export function PdfRefresher({ id }: { id: string }) {
  const router = useRouter();
  useEffect(() => {
    let tries = 0;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      tries++;
      try {
        const res = await fetch(`/v1/consumer-reports/${encodeURIComponent(id)}`, { cache: 'no-store' });
        const body = res.ok ? ((await res.json()) as { pdf?: { status?: string } }) : null;
        if (body?.pdf?.status && body.pdf.status !== 'pending') return router.refresh();
      } catch {
        /* keep trying */
      }
      if (tries < 40) timer = setTimeout(tick, 1500);
    };
    timer = setTimeout(tick, 1500);
    return () => clearTimeout(timer);
  }, [id, router]);
  return null;
}
