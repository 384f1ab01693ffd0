/**
 * The report's sections in order, shared by the page (/r/{id}, data-section attributes) and this
 * PDF (docs/decisions/0005). The page adds its interactive "share" box; the PDF its brand header.
 */
export const REPORT_SECTIONS = ['property', 'estimate', 'map', 'comps', 'market', 'agent', 'disclaimer'] as const;

/** A dot between items of a line: "Northlight Realty · (206) 555-0147". */
export const DOT = ' &nbsp;·&nbsp; ';
