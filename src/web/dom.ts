/**
 * The web app's only way to make DOM: elements built from a tag, attributes and children, where
 * every string child becomes a text node. No page code sets innerHTML, so what customers and
 * technicians write is always shown as text, never run or parsed as HTML.
 */

type Child = Node | string | number | null | undefined | false;
type Handler = (event: Event) => void;

export interface Props {
  readonly [name: string]: string | number | boolean | Handler | null | undefined;
}

/** Attributes that would load or run what they are given: never set from data. */
const UNSAFE = /^(on|srcdoc$|style$)/i;

/** A URL attribute keeps only same-origin paths and http(s) or blob: URLs (no `javascript:`). */
function safeUrl(value: string): string {
  if (value.startsWith('/') && !value.startsWith('//')) return value;
  return /^(https?:|blob:)/i.test(value) ? value : '#';
}

/** Sets what `props` says on `node`: `onX` functions become listeners, `true` an empty attribute. */
export function setProps(node: HTMLElement, props: Props): void {
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      if (!name.startsWith('on')) throw new Error(`${name} is not an event`);
      node.addEventListener(name.slice(2).toLowerCase(), value);
      continue;
    }
    if (UNSAFE.test(name)) throw new Error(`the web app never sets ${name}`);
    if (name === 'value' && 'value' in node) {
      (node as HTMLInputElement).value = String(value);
      continue;
    }
    const text = value === true ? '' : String(value);
    node.setAttribute(name, name === 'href' || name === 'src' || name === 'action' ? safeUrl(text) : text);
  }
}

/** Appends the children: nodes as they are, strings and numbers as text. */
export function append(node: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** `h('p', { class: 'x' }, 'text', child)`: an element. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  setProps(node, props);
  append(node, children);
  return node;
}

/** Replaces everything inside `node` with the children. */
export function replace(node: Node, ...children: Child[]): void {
  while (node.firstChild) node.removeChild(node.firstChild);
  append(node, children);
}

/** Formatters made once: each `toLocaleString` with options would build one per call. */
let formats: { today: Intl.DateTimeFormat; other: Intl.DateTimeFormat } | undefined;

/** A time as people read it in the page's language: 14:05, or 2 Dec 14:05 when not today. */
export function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  formats ??= {
    today: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }),
    other: new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
  };
  const today = new Date().toDateString() === d.toDateString();
  return (today ? formats.today : formats.other).format(d);
}

/** A size in bytes as people read it: 512 B, 12.5 KB, 3.2 MB. */
export function byteSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
