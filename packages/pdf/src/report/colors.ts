import { brandStyle } from '@opencma/view';

/** The agent's colours in the PDF: the header's background and its text, and the accent for text and marks on white. */
export interface PrintColors {
  brand: string;
  ink: string;
  accent: string;
}

/** From the agent's colours by the page's rules (brandStyle): validated, readable (WCAG AA), the default brand otherwise. */
export function printColors(primary: string | null, secondary: string | null): PrintColors {
  const style = brandStyle(primary, secondary);
  return { brand: style['--brand'], ink: style['--brand-ink'], accent: style['--accent'] };
}
