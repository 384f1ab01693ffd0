/** The consent sentence shown next to the checkbox and submitted verbatim as consent_text. */
export function consentText(agentName: string): string {
  return `I agree that ${agentName} may contact me by call or text at this number about my home's value. Message and data rates may apply. Reply STOP to opt out.`;
}
