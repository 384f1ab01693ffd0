/** How an API key is ever shown: its last 4 characters ("…a1b2"); never the whole key. */
export function maskApiKey(apiKey: string): string {
  return `…${apiKey.slice(-4)}`;
}
