import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newReportId, redactReportIds, reportRef } from '../src';

describe('report ids in log lines', () => {
  const id = newReportId();
  const ref = reportRef(id);

  it('are a short hash that does not reveal the id', () => {
    expect(ref).toBe(`ref:${createHash('sha256').update(id).digest('hex').slice(0, 12)}`);
    expect(ref).not.toContain(id);
  });

  it.each([
    [
      'a report_id field',
      `{"level":30,"report_id":"${id}","msg":"processing report"}`,
      `{"level":30,"report_id":"${ref}","msg":"processing report"}`,
    ],
    ['a request URL', `{"req":{"url":"/v1/consumer-reports/${id}/pdf"}}`, `{"req":{"url":"/v1/consumer-reports/${ref}/pdf"}}`],
    [
      'a texted link',
      `{"body":"Your report is ready: https://cma.example.com/r/${id}"}`,
      `{"body":"Your report is ready: https://cma.example.com/r/${ref}"}`,
    ],
    ['a storage key', `{"key":"reports/${id}.pdf"}`, `{"key":"reports/${ref}.pdf"}`],
    ['an update pixel URL', `{"url":"/v1/home-updates/open/${id}"}`, `{"url":"/v1/home-updates/open/${ref}"}`],
    ['an update click-through', `{"url":"/v1/home-updates/click/${id}/0"}`, `{"url":"/v1/home-updates/click/${ref}/0"}`],
    ['an unsubscribe link', `{"url":"/v1/home-updates/unsubscribe/${id}"}`, `{"url":"/v1/home-updates/unsubscribe/${ref}"}`],
  ])('are replaced in %s', (_label, line, redacted) => {
    expect(redactReportIds(line)).toBe(redacted);
  });

  it('leave other ids alone', () => {
    const line = '{"reqId":"4f8e0c1a-8d2e-4b3f-9a7c-2e1d5b6a7c8d","provider_message_id":"outbox_0123456789abcdef01234567"}';
    expect(redactReportIds(line)).toBe(line);
  });
});
