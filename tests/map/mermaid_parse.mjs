import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const key of ['Element', 'HTMLElement', 'Node', 'DOMParser', 'navigator']) {
  if (!(key in globalThis)) globalThis[key] = dom.window[key];
}
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
const inputs = JSON.parse(readFileSync(0, 'utf8'));
let failed = 0;
for (const [name, text] of Object.entries(inputs)) {
  try { await mermaid.parse(text); }
  catch (error) { failed += 1; console.log(`${name}: ${String(error.message || error).split('\n').slice(0, 3).join(' ')}`); }
}
console.log(`parsed ${Object.keys(inputs).length - failed}/${Object.keys(inputs).length}`);
process.exit(failed ? 1 : 0);
