import { isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';
import type { DeviceType } from '@opencma/db';

export interface ParsedUserAgent {
  bot: boolean;
  deviceType: DeviceType | null;
  browser: string | null;
  os: string | null;
}

/**
 * Device class, browser and OS from a User-Agent header. ua-parser-js leaves the device type unset
 * for desktops, so a known desktop OS (or any non-mobile browser) counts as desktop. Crawlers, link
 * previewers and headless tools are bots (isbot), as is a request with no User-Agent at all.
 */
export function parseUserAgent(ua: string | undefined | null): ParsedUserAgent {
  const value = (ua ?? '').slice(0, 1000);
  if (!value.trim() || isbot(value)) return { bot: true, deviceType: null, browser: null, os: null };
  const r = new UAParser(value).getResult();
  const type = r.device.type;
  const deviceType: DeviceType = type === 'mobile' || type === 'wearable' ? 'mobile' : type === 'tablet' ? 'tablet' : 'desktop';
  const browser = r.browser.name ? `${r.browser.name}${r.browser.major ? ` ${r.browser.major}` : ''}` : null;
  const os = r.os.name ? `${r.os.name}${r.os.version ? ` ${r.os.version}` : ''}` : null;
  return { bot: false, deviceType, browser: browser?.slice(0, 60) ?? null, os: os?.slice(0, 60) ?? null };
}
