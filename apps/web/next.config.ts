import type { NextConfig } from 'next';
import { loadConfig } from '@opencma/config';
import { securityHeaders } from './lib/security-headers';

const _config = loadConfig();

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  transpilePackages: ['@opencma/config', '@opencma/core', '@opencma/view'],
  // Our one stylesheet is ~4 kB gzip and most visitors come once (a lead link): inlining it removes
  // a render-blocking request from the landing page's critical path.
  experimental: { inlineCss: true },
  async headers() {
    return securityHeaders();
  },
  // The browser talks to the API same-origin: /v1/* is forwarded by app/v1/[...path]/route.ts
  // (not a rewrite: rewrites drop the client's IP and are frozen at build time; see lib/api-proxy.ts).
};

export default nextConfig;
