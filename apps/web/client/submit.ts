/** Sends the lead to `POST /v1/consumer-reports`: the new report's id, or the messages to show. */
import {
  acceptedReportId,
  errorsFromResponse,
  leadRequestBody,
  NETWORK_ERROR,
  type FormErrors,
  type LeadInput,
  type LeadResponseBody,
} from '../lib/lead-submit';

export async function submitLead(input: LeadInput): Promise<{ reportId: string } | { errors: FormErrors }> {
  let res: Response;
  try {
    res = await fetch('/v1/consumer-reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(leadRequestBody(input)),
    });
  } catch {
    return { errors: { form: NETWORK_ERROR } };
  }
  const body = (await res.json().catch(() => null)) as LeadResponseBody | null;
  const reportId = acceptedReportId(res.status, body);
  return reportId ? { reportId } : { errors: errorsFromResponse(res.status, body) };
}
