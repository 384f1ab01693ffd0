/** Small DOM helpers for the landing page's script. Text is always set as text nodes, never as HTML. */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`landing page: #${id} is missing`);
  return el as T;
}

/** An element with attributes (string values; null/false leave the attribute out) and text or element children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | null | false> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== null && value !== false) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Sets or removes an attribute. */
export function attr(node: Element, name: string, value: string | null): void {
  if (value === null) node.removeAttribute(name);
  else node.setAttribute(name, value);
}
