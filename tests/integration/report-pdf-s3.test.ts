import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChrome } from '@opencma/pdf';
import { createLogger, startSystem, type RunningSystem } from '@opencma/runtime';
import { testConfig } from '../helpers/test-config';
import { pollUntil } from '../helpers/poll';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';

const chrome = findChrome();
if (!chrome) console.warn('SKIPPED report PDF on S3: no Chromium found');

/** The whole system with S3 storage (s3rver): the worker's PDF lands in the bucket, the API hands out signed URLs. */
describe.skipIf(!chrome)('report PDF on S3-compatible storage (s3rver)', () => {
  let server: S3rver;
  let dir: string;
  let endpoint: string;
  let system: RunningSystem;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'opencma-s3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'reports', configs: [] }] });
    const addr = await server.run();
    endpoint = `http://127.0.0.1:${addr.port}`;
    system = await startSystem(
      testConfig({
        S3_BUCKET: 'reports',
        S3_ENDPOINT: endpoint,
        S3_REGION: 'auto',
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
        S3_FORCE_PATH_STYLE: 'true',
      }),
      { logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), listen: false, apiLogger: false },
    );
  });
  afterAll(async () => {
    await system?.stop();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the PDF in the bucket and redirects the download to a 5-minute signed URL', async () => {
    const res = await system.api.inject({
      method: 'POST',
      url: '/v1/consumer-reports',
      payload: {
        agent_code: 'demo',
        phone: '201-555-0166',
        address: '1156 N 93rd St, Seattle, WA 98103',
        place: { postalCode: '98103' },
        consent: true,
        consent_version: CURRENT_CONSENT_VERSION,
      },
    });
    expect(res.statusCode).toBe(202);
    const id = res.json().report_id as string;
    const report = await pollUntil(
      async () => {
        const r = (await system.api.inject({ method: 'GET', url: `/v1/consumer-reports/${id}` })).json();
        return r.status === 'completed' && r.pdf.status !== 'pending' ? r : undefined;
      },
      60_000,
      200,
    );
    expect(report.pdf.status).toBe('ready');
    expect(report.pdf.url).toBe(`/v1/consumer-reports/${id}/pdf`);

    const pdf = await system.api.inject({ method: 'GET', url: report.pdf.url });
    expect(pdf.statusCode).toBe(302);
    expect(pdf.headers['cache-control']).toBe('private, no-store');
    const location = String(pdf.headers.location);
    expect(location.startsWith(`${endpoint}/reports/reports/${id}.pdf?`)).toBe(true);
    expect(location).toContain('X-Amz-Expires=300');
    expect(location).toContain('X-Amz-Signature=');

    const signed = await fetch(location);
    expect(signed.status).toBe(200);
    expect(signed.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await signed.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // the signature covers the key: the same query on another object is refused
    const other = await fetch(location.replace(`${id}.pdf`, 'other.pdf'));
    expect(other.status).toBeGreaterThanOrEqual(400);
  }, 90_000);
});
