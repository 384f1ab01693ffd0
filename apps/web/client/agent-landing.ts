/** "My landing page": saves the texts (and the photo) through /v1/agent/landing-page, copies the link. */
export function initLandingEditor(): void {}
