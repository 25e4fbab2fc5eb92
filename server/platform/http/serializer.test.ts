import Fastify from 'fastify';
import { type ZodTypeProvider, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compiledSerializer, responseSerializerCompiler } from './serializer.js';

const Person = z.object({ id: z.string(), name: z.string() });
const Answer = z.object({
  person: Person,
  manager: Person.nullable(),
  team: z.array(Person),
  note: z.string().nullable(),
  seenAt: z.iso.datetime().optional(),
  role: z.discriminatedUnion('kind', [z.object({ kind: z.literal('member'), since: z.string() }), z.object({ kind: z.literal('guest'), until: z.string().nullable() })]),
  extra: z.record(z.string(), z.number()),
});

const secret = { passwordHash: '$argon2id$v=19$secret', token: 'tok_secret' };
const person = (id: string) => ({ id, name: `Person ${id}`, ...secret });
const data = {
  person: person('1'),
  manager: person('2'),
  team: [person('3'), person('4')],
  note: null,
  role: { kind: 'guest', until: null, ...secret },
  extra: { a: 1, b: 2.5 },
  ...secret,
};

function appWith(verify: boolean, payload: unknown) {
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler({ verify }));
  app.get('/answer', { schema: { response: { 200: Answer } } }, async () => payload as z.infer<typeof Answer>);
  return app;
}

describe('compiled response serializer', () => {
  it('writes what zod would, leaving out every field the schema does not list', () => {
    const out = compiledSerializer(Answer)(data);
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(Answer.parse(data))));
    expect(out).not.toContain('secret');
    expect(JSON.parse(out)).toEqual({
      person: { id: '1', name: 'Person 1' },
      manager: { id: '2', name: 'Person 2' },
      team: [
        { id: '3', name: 'Person 3' },
        { id: '4', name: 'Person 4' },
      ],
      note: null,
      role: { kind: 'guest', until: null },
      extra: { a: 1, b: 2.5 },
    });
  });

  it('keeps a nullable object null and picks the right branch of a union', () => {
    const out = JSON.parse(compiledSerializer(Answer)({ ...data, manager: null, role: { kind: 'member', since: '2020-01-01', ...secret } }));
    expect(out.manager).toBeNull();
    expect(out.role).toEqual({ kind: 'member', since: '2020-01-01' });
  });

  it('writes an undefined z.unknown() field as zod does: left out, not refused', () => {
    const Change = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() });
    const change = { path: 'levels.member', before: undefined, after: { points: 3 } };
    expect(JSON.parse(compiledSerializer(Change)(change))).toEqual(JSON.parse(JSON.stringify(Change.parse(change))));
  });

  it('picks the branch of a nested discriminated union by its literal fields, as zod does', () => {
    const Talk = z.object({ kind: z.literal('contribution'), type: z.enum(['talk', 'article']), title: z.string(), date: z.string() });
    const Role = z.object({ kind: z.literal('contribution'), type: z.literal('committee'), title: z.string(), endOn: z.string().nullable() });
    const Job = z.object({ kind: z.literal('work'), employer: z.string(), endOn: z.string().nullable() });
    const Item = z.discriminatedUnion('kind', [Job, z.discriminatedUnion('type', [Talk, Role])]);
    const write = compiledSerializer(z.array(Item));
    const items = [
      { kind: 'work', employer: 'Acme', endOn: null, ...secret },
      { kind: 'contribution', type: 'article', title: 'On queues', date: '2024-01-01', endOn: 'not listed', ...secret },
      { kind: 'contribution', type: 'committee', title: 'Standards', endOn: '2025-01-01', date: 'not listed' },
    ];
    const out = write(items);
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(z.array(Item).parse(items))));
    expect(out).not.toContain('secret');
    expect(out).not.toContain('not listed');
  });

  it('leaks no extra field over HTTP in production, where zod is not run on the answer', async () => {
    const app = appWith(false, data);
    const res = await app.inject({ method: 'GET', url: '/answer' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('secret');
    expect(res.json().person).toEqual({ id: '1', name: 'Person 1' });
    await app.close();
  });

  it('still checks every answer against its zod schema under test, so contract drift fails', async () => {
    const drifted = { ...data, person: { id: 7, name: 'Seven' } };
    const checked = appWith(true, drifted);
    expect((await checked.inject({ method: 'GET', url: '/answer' })).statusCode).toBe(500);
    await checked.close();
    // The compiled serializer alone would have written the number as a string: the check is what catches it.
    const unchecked = appWith(false, drifted);
    expect((await unchecked.inject({ method: 'GET', url: '/answer' })).json().person.id).toBe('7');
    await unchecked.close();
  });

  it('runs under NODE_ENV=test, which turns the check on in the application', () => {
    expect(process.env.NODE_ENV).toBe('test');
  });
});
