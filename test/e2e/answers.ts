// Answers the fake gives in more than one UI test, so the tests and their screenshots agree.

/** A chat answer with prose, a TypeScript block (highlighted, insertable) and inline code. */
export const SUM_EVEN_ANSWER = [
  'Sum the even numbers with `filter` and `reduce`:',
  '',
  '```ts',
  'export function sumEven(values: number[]): number {',
  '  return values.filter((v) => v % 2 === 0).reduce((a, b) => a + b, 0);',
  '}',
  '```',
  '',
  'It returns `0` for an empty list.',
].join('\n');

/** The explanation of test/fixtures/workspace/explain's missing `age` error, with its fix. */
export const MISSING_AGE_ANSWER = 'The object literal has no `age`, which `Customer` requires.\n\n```ts\nconst customer: Customer = { name, age: 0 };\n```\n';
