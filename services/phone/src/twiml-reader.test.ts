import { readTwiml } from './twiml-reader';

describe('readTwiml', () => {
  it('reads verbs, their attributes and nested text', () => {
    const response = readTwiml(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Gather numDigits="1" action="/phone/voice?seq=2&amp;x=1"><Say language="es-US">Para espa&#241;ol, oprima 2.</Say></Gather><Hangup/></Response>',
    );
    expect(response.name).toBe('Response');
    expect(response.children.map((c) => c.name)).toEqual(['Gather', 'Hangup']);
    expect(response.children[0]?.attributes).toEqual({ numDigits: '1', action: '/phone/voice?seq=2&x=1' });
    expect(response.children[0]?.children[0]?.text).toBe('Para español, oprima 2.');
  });
});
