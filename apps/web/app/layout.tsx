import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import '../styles/base.css';
import '../styles/wide.css';

export const metadata: Metadata = {
  title: { default: 'Home value report', template: '%s' },
  description: 'A free, data-backed estimate of what your home is worth, from a local real-estate agent.',
  formatDetection: { telephone: false },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#ffffff',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
