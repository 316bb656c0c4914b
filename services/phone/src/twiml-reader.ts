/** A TwiML element as the simulator reads it. */
export interface TwimlNode {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly TwimlNode[];
  /** The element's own text (for Say), entities decoded. */
  readonly text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_all, name: string) => (name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : ENTITIES[name]!));

/**
 * Reads the TwiML the platform writes (elements, attributes, text; no
 * comments, CDATA or namespaces), enough for the simulator to play a call.
 * Not a general XML parser.
 */
export function readTwiml(xml: string): TwimlNode {
  const root: { name: string; attributes: Record<string, string>; children: TwimlNode[]; text: string } = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|<\?[^>]*\?>|([^<]+)/g;
  for (const match of xml.matchAll(tag)) {
    const [, closing, name, attributeText, selfClosing, text] = match;
    const top = stack.at(-1)!;
    if (text !== undefined) {
      top.text += decode(text);
    } else if (name === undefined) {
      continue;
    } else if (closing) {
      if (stack.length > 1) stack.pop();
    } else {
      const attributes = Object.fromEntries([...(attributeText ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map(([, key, value]) => [key!, decode(value!)]));
      const node = { name, attributes, children: [] as TwimlNode[], text: '' };
      top.children.push(node);
      if (!selfClosing) stack.push(node);
    }
  }
  return root.children[0] ?? root;
}
