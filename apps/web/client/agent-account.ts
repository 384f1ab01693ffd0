/** Brokerage admin: invites agents and saves the account's branding through /v1/agent/account. */
export function initAccount(): void {}
