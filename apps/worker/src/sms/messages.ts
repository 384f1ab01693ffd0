/** The texts we send, in one place. Pure. */

export function consumerReportReadyText(agentName: string, reportUrl: string): string {
  return `Your home value report from ${agentName} is ready: ${reportUrl}`;
}

export function consumerReportFailedText(agentName: string, address: string): string {
  return `We couldn't finish the home value report for ${address}. ${agentName} has your request and will follow up with you shortly.`;
}

export function agentLeadText(consumerPhone: string, address: string, reportUrl: string | null): string {
  const base = `New CMA lead: ${consumerPhone} for ${address}`;
  return reportUrl ? `${base}. Report: ${reportUrl}` : `${base}. The report could not be generated; please follow up directly.`;
}
