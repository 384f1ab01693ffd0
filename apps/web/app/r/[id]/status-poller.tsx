'use client';

import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';

type Status = 'pending' | 'processing' | 'completed' | 'failed';

const STEPS = ['Request received', 'Finding your home and recent nearby sales', 'Estimating the value', 'Summarising the local market'];

/**
 * Shown while a report is pending/processing: polls the report every ~700 ms and refreshes the
 * server-rendered page once it is completed or failed.
 */
export function StatusPoller({ id, initialStatus }: { id: string; initialStatus: Status }) {
  const router = useRouter();
  const [status, setStatus] = useState<Status>(initialStatus);
  const [elapsed, setElapsed] = useState(0);
  const started = useRef(Date.now());

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      const secs = (Date.now() - started.current) / 1000;
      setElapsed(secs);
      try {
        const res = await fetch(`/v1/consumer-reports/${encodeURIComponent(id)}`, {
          cache: 'no-store',
          headers: { accept: 'application/json' },
        });
        if (res.ok) {
          const body = (await res.json()) as { status?: Status };
          if (body.status === 'completed' || body.status === 'failed') {
            setStatus(body.status);
            router.refresh();
            return;
          }
          if (body.status) setStatus(body.status);
        }
      } catch {
        /* transient: keep polling */
      }
      // poll briskly at first, then back off once it is clearly taking a while
      if (!stopped) timer = setTimeout(tick, secs < 60 ? 700 : 5000);
    };
    timer = setTimeout(tick, 700);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id, router]);

  // Steps advance with the real status; within "processing" they follow elapsed time (the API reports no finer stage).
  const current =
    status === 'pending' ? 1 : status === 'processing' ? Math.min(STEPS.length - 1, 1 + Math.floor(elapsed / 1.2)) : STEPS.length;
  const slow = elapsed > 20;

  return (
    <div className="card" aria-labelledby="status-title">
      <h1 id="status-title">Your home value report is on its way</h1>
      <p role="status" aria-live="polite" className="muted">
        {status === 'completed' || status === 'failed'
          ? 'Your report is ready. Loading…'
          : slow
            ? 'This is taking longer than usual. You can leave this page — we’ll text you the link as soon as it’s ready.'
            : 'Preparing your report… This usually takes a few seconds.'}
      </p>
      <ol className="steps">
        {STEPS.map((s, i) => {
          const state = i < current ? 'done' : i === current ? 'active' : 'todo';
          return (
            <li key={s} className={`step-${state}`}>
              <span className="step-dot" aria-hidden="true">
                {state === 'done' ? '✓' : ''}
              </span>
              <span>
                {s}
                <span className="sr-only">{state === 'done' ? ' (done)' : state === 'active' ? ' (in progress)' : ''}</span>
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
