import { raw, type SafeHtml } from '@opencma/view';
import type { PrintColors } from './colors';

/**
 * The PDF's print stylesheet (decision 0005: the PDF keeps its own print layout). Colours are
 * validated #rrggbb values from brandStyle, the only values interpolated; the CSS goes in as is
 * (a <style> element's text is not HTML: escaping would break its quotes).
 */
export function printCss(c: PrintColors): SafeHtml {
  return raw(`
@page { margin: 0.45in 0.45in 0.5in 0.45in; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: Arial, 'Helvetica Neue', 'Liberation Sans', 'DejaVu Sans', sans-serif; color: #111827; font-size: 10.5px; line-height: 1.4; }
h1, h2, h3 { margin: 0; font-weight: 700; }
h2 { font-size: 13px; color: ${c.accent}; text-transform: uppercase; letter-spacing: 0.06em; margin-bottom: 8px; padding-bottom: 4px; border-bottom: 2px solid ${c.accent}; }
section { margin-top: 14px; break-inside: avoid; }
.brand { background: ${c.brand}; color: ${c.ink}; border-radius: 8px; padding: 14px 18px; display: flex; align-items: center; justify-content: space-between; gap: 16px; }
.brand-left { display: flex; align-items: center; gap: 12px; min-width: 0; }
.brand img.logo { max-height: 42px; max-width: 150px; object-fit: contain; background: #fff; border-radius: 4px; padding: 3px; }
.brand img.photo { width: 44px; height: 44px; border-radius: 50%; object-fit: cover; border: 2px solid ${c.ink}; }
.agent-name { font-size: 16px; font-weight: 700; }
.agent-meta { font-size: 10px; opacity: 0.92; }
.brand-right { text-align: right; }
.doc-title { font-size: 18px; font-weight: 700; letter-spacing: 0.02em; }
.doc-sub { font-size: 10px; opacity: 0.92; }
.property { margin-top: 16px; }
.address { font-size: 20px; font-weight: 700; }
.facts { display: grid; grid-template-columns: repeat(6, 1fr); gap: 8px; margin-top: 10px; }
.fact { background: #f3f4f6; border-radius: 6px; padding: 7px 9px; }
.fact .k { font-size: 8.5px; color: #6b7280; text-transform: uppercase; letter-spacing: 0.05em; }
.fact .v { font-size: 13px; font-weight: 700; }
.extras { margin-top: 6px; color: #4b5563; font-size: 9.5px; }
.estimate { border: 1.5px solid ${c.accent}; border-radius: 8px; padding: 14px 18px; display: grid; grid-template-columns: 1.1fr 1fr; gap: 18px; align-items: center; }
.est-label { font-size: 10px; color: #4b5563; text-transform: uppercase; letter-spacing: 0.06em; }
.est-value { font-size: 32px; font-weight: 800; color: ${c.accent}; line-height: 1.1; }
.est-range { font-size: 13px; font-weight: 700; margin-top: 2px; }
.badge { display: inline-block; border-radius: 999px; padding: 2px 9px; font-size: 9.5px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; margin-top: 6px; }
.badge.high { background: #dcfce7; color: #166534; }
.badge.medium { background: #fef3c7; color: #92400e; }
.badge.low { background: #fee2e2; color: #991b1b; }
.meaning { font-size: 10.5px; color: #1f2937; }
.meaning p { margin: 0 0 6px; }
.rangebar { position: relative; height: 44px; margin: 8px 4px 0; }
.rangebar .track { position: absolute; top: 14px; left: 0; right: 0; height: 8px; background: #e5e7eb; border-radius: 4px; }
.rangebar .band { position: absolute; top: 14px; height: 8px; background: ${c.accent}; opacity: 0.35; border-radius: 4px; }
.rangebar .dot { position: absolute; top: 9px; width: 18px; height: 18px; margin-left: -9px; border-radius: 50%; background: ${c.accent}; border: 3px solid #fff; box-shadow: 0 0 0 1px ${c.accent}; }
.rangebar .lbl { position: absolute; top: 27px; font-size: 9px; color: #4b5563; transform: translateX(-50%); white-space: nowrap; }
.noest { border: 1.5px dashed #9ca3af; border-radius: 8px; padding: 14px 18px; background: #f9fafb; }
.noest .t { font-size: 15px; font-weight: 700; }
.flag { margin-top: 8px; background: #fffbeb; border-left: 3px solid #f59e0b; padding: 6px 9px; font-size: 9.5px; }
.how { margin-top: 8px; font-size: 9px; color: #4b5563; }
.how ul { margin: 3px 0 0; padding-left: 16px; }
.how p { margin: 3px 0; }
table.account { width: auto; min-width: 60%; margin: 4px 0; font-size: 8.5px; }
table.account td, table.account th { padding: 1.5px 6px 1.5px 0; }
.demo-note { margin: 6px 0 0; padding: 5px 9px; background: #eff6ff; border-left: 3px solid #1d4ed8; font-size: 9.5px; }
.market-story { margin: 0 0 6px; font-size: 10.5px; }
table { width: 100%; border-collapse: collapse; font-size: 9px; }
th { text-align: left; font-size: 8px; text-transform: uppercase; letter-spacing: 0.04em; color: #4b5563; border-bottom: 1.5px solid #d1d5db; padding: 4px 5px; }
td { border-bottom: 1px solid #e5e7eb; padding: 5px 5px; vertical-align: top; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #f9fafb; }
.addr-main { font-weight: 700; }
.addr-sub { color: #6b7280; font-size: 8px; }
.muted { color: #6b7280; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(100px, 1fr)); gap: 8px; }
.kpi { background: #f3f4f6; border-radius: 6px; padding: 7px 9px; }
.kpi .k { font-size: 8.5px; color: #6b7280; text-transform: uppercase; letter-spacing: 0.05em; }
.kpi .v { font-size: 14px; font-weight: 700; }
.kpi .v.up { color: #166534; } .kpi .v.down { color: #991b1b; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; margin-top: 10px; }
.chart h3 { font-size: 10.5px; margin-bottom: 2px; }
.chart svg { width: 100%; height: auto; }
.foot { margin-top: 18px; border-top: 1px solid #d1d5db; padding-top: 8px; font-size: 8.5px; color: #4b5563; break-inside: avoid; }
.fact.corrected { outline: 1.5px solid ${c.accent}; }
.fact .mark { color: ${c.accent}; font-weight: 800; }
.mapwrap { display: grid; grid-template-columns: 180px 1fr; gap: 16px; align-items: center; }
.legend { font-size: 9.5px; color: #4b5563; }
.legend p { margin: 0 0 5px; }
.sw { display: inline-block; width: 10px; height: 10px; vertical-align: -1px; margin-right: 4px; }
tr.adj td { background: transparent !important; border-bottom: 1px solid #e5e7eb; padding-top: 0; font-size: 8.5px; color: #4b5563; }
tr.main td { border-bottom: 0; }
.agentbox { display: flex; gap: 14px; align-items: center; background: #f3f4f6; border-radius: 8px; padding: 9px 14px; break-inside: avoid; }
.agentbox img { width: 52px; height: 52px; border-radius: 50%; object-fit: cover; }
.agentbox .n { font-size: 13px; font-weight: 700; }
.link { margin-top: 14px; background: #f3f4f6; border-radius: 6px; padding: 9px 12px; font-size: 10px; break-inside: avoid; }
.link a { color: ${c.accent}; font-weight: 700; word-break: break-all; text-decoration: none; }
`);
}
