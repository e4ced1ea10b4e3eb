// JSON as the node writes it, with every number kept as its exact text. JSON.parse would turn
// 2.5815778603882693102023957043 into a binary float and lose digits; money must never pass
// through one. Numbers come back as strings ("997.5"); everything else as JSON.parse gives it.

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SPACE = /[ \t\n\r]*/y;

export function parseExact(text) {
  let at = 0;

  const skip = () => {
    SPACE.lastIndex = at;
    SPACE.exec(text);
    at = SPACE.lastIndex;
  };
  const fail = (what) => {
    throw new SyntaxError(`JSON: ${what} at ${at}`);
  };
  const expect = (c) => {
    skip();
    if (text[at] !== c) fail(`expected '${c}'`);
    at++;
  };
  const match = (pattern) => {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m) return null;
    at = pattern.lastIndex;
    return m[0];
  };
  const string = () => {
    skip();
    const s = match(STRING);
    if (s === null) fail('expected a string');
    return JSON.parse(s);
  };

  const value = () => {
    skip();
    const c = text[at];
    if (c === '{') {
      at++;
      const object = {};
      skip();
      if (text[at] === '}') {
        at++;
        return object;
      }
      for (;;) {
        const key = string();
        expect(':');
        // defineProperty: a key named __proto__ stays a plain property.
        Object.defineProperty(object, key, { value: value(), enumerable: true, writable: true, configurable: true });
        skip();
        if (text[at] === ',') {
          at++;
          continue;
        }
        expect('}');
        return object;
      }
    }
    if (c === '[') {
      at++;
      const array = [];
      skip();
      if (text[at] === ']') {
        at++;
        return array;
      }
      for (;;) {
        array.push(value());
        skip();
        if (text[at] === ',') {
          at++;
          continue;
        }
        expect(']');
        return array;
      }
    }
    if (c === '"') return string();
    for (const [word, result] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return result;
      }
    }
    const number = match(NUMBER);
    if (number === null) fail('unexpected character');
    return number;
  };

  const result = value();
  skip();
  if (at !== text.length) fail('trailing characters');
  return result;
}
