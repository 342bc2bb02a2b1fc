import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fakeRegistry, PUBLIC_URL } from '../support/http-fakes.ts';
import { fakeApp, type FakeApp } from '../support/http-harness.ts';

type Doc = {
  openapi: string;
  info: { version: string };
  servers: { url: string }[];
  security: unknown[];
  paths: Record<string, Record<string, Record<string, any>>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, any> };
};

describe('GET /api/v1/openapi.json', () => {
  let t: FakeApp;
  let doc: Doc;
  beforeAll(async () => {
    t = await fakeApp();
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    doc = res.json();
  });
  afterAll(() => t.app.close());

  it('is an OpenAPI 3.1 document for this server with a bearer scheme required by default', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('9.9.9');
    expect(doc.servers).toEqual([{ url: PUBLIC_URL }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
  });

  it('has one POST path per registered command, its body schema generated from the zod options', () => {
    const commandPaths = Object.keys(doc.paths).filter((path) => path.startsWith('/api/v1/commands/'));
    expect(commandPaths.sort()).toEqual(['/api/v1/commands/invite.create', '/api/v1/commands/invite.show']);
    for (const command of fakeRegistry()) {
      const operation = doc.paths[`/api/v1/commands/${command.name.replace(' ', '.')}`].post;
      const { $schema: _ignored, ...expected } = z.toJSONSchema(command.options, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      expect(operation.requestBody.content['application/json'].schema).toEqual(expected);
      expect(operation.summary).toBe(command.description);
      expect(operation.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CommandResult' });
      expect(operation.responses['401'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
      expect(operation.security).toBeUndefined(); // inherits the bearer requirement
    }
    const create = doc.paths['/api/v1/commands/invite.create'].post;
    expect(create.operationId).toBe('inviteCreate');
    expect(create.requestBody.content['application/json'].schema.properties.uses.description).toContain('0 = unlimited');
    expect(doc.paths['/api/v1/commands/invite.show'].post.description).toContain('positional option is `code`');
  });

  it('describes the anonymous sign-up route, its request and its answers', () => {
    const operation = doc.paths['/api/v1/invites/{code}/signup'].post;
    expect(operation.security).toEqual([]);
    expect(Object.keys(operation.responses).sort()).toEqual(['201', '400', '404', '409', '422', '503']);
    const request = doc.components.schemas.SignupRequest;
    expect(request.required.sort()).toEqual(['password', 'username']);
    expect(Object.keys(request.properties).sort()).toEqual(['contacts', 'email', 'password', 'password_confirm', 'username']);
    expect(doc.components.schemas.SignupResult.properties.user.required.sort()).toEqual(['expires_at', 'id', 'name']);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect(doc.paths['/api/v1/invites/{code}'].get.security).toEqual([]);
  });

  it('describes the anonymous PIN routes with their bodies and answers', () => {
    const create = doc.paths['/api/v1/invites/{code}/contacts/{platform}/pin'].post;
    const status = doc.paths['/api/v1/invites/{code}/contacts/{platform}/pin/{pin}'].get;
    const dm = doc.paths['/api/v1/invites/{code}/contacts/{platform}/dm'].post;
    for (const operation of [create, status, dm]) expect(operation.security).toEqual([]);
    expect(Object.keys(create.responses).sort()).toEqual(['201', '404']);
    expect(Object.keys(status.responses).sort()).toEqual(['200', '404', '429']);
    expect(Object.keys(dm.responses).sort()).toEqual(['200', '404', '409', '422', '429', '503']);
    const schemas = doc.components.schemas;
    expect(schemas.ContactPin.required.sort()).toEqual(['expires_at', 'pin']);
    expect(Object.keys(schemas.ContactPin.properties).sort()).toEqual(['deep_link', 'expires_at', 'pin']);
    expect(schemas.ContactPinStatus.required).toEqual(['verified']);
    expect(schemas.ContactDmRequest.required).toEqual(['handle']);
    expect(schemas.ContactDmResult.properties.sent.const).toBe(true);
    expect(Object.keys(schemas.SignupRequest.properties.contacts.properties).sort()).toEqual(['discord', 'matrix', 'telegram']);
  });

  it('has an error schema whose codes include every domain code', () => {
    const error = doc.components.schemas.Error.properties.error;
    expect(error.required.sort()).toEqual(['code', 'message']);
    expect(error.properties.code.enum).toEqual(expect.arrayContaining(['bad_request', 'unauthorized', 'invite_invalid', 'username_taken', 'password_weak', 'jellyfin_unavailable', 'internal_error']));
  });
});
