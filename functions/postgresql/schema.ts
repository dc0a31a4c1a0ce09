/**
 * The PostgreSQLInstance API, written once: this zod schema is the XRD's (and the kcp
 * APIResourceSchema's) openAPIV3Schema, the function's validation, and the TypeScript types.
 */
import * as z from 'zod';

export const group = 'db.kxp.dev';
export const version = 'v1alpha1';

export const PostgreSQLInstanceParameters = z
  .object({
    encoding: z
      .enum(['UTF8', 'SQL_ASCII', 'LATIN1'])
      .default('UTF8')
      .describe('Character encoding of the database.'),
    connectionLimit: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .describe('How many connections the role may hold at once.'),
  })
  .describe('What the database team offers to tune.');

/** The spec a consumer writes (claims add writeConnectionSecretToRef; Crossplane adds its own fields). */
export const PostgreSQLInstanceSpec = z
  .object({
    parameters: PostgreSQLInstanceParameters.default({ encoding: 'UTF8', connectionLimit: 10 }),
  })
  .describe(
    'A PostgreSQL database of your own on the database team’s server, with a role that owns it; its connection details arrive in a Secret.',
  );

/** The status the function reports besides Crossplane's conditions. */
export const PostgreSQLInstanceStatus = z.object({
  database: z.string().optional().describe('Name of the database on the server.'),
  role: z.string().optional().describe('Name of the role that owns it.'),
  endpoint: z.string().optional().describe('host:port of the server.'),
});

/** The XR as the function reads it. */
export const PostgreSQLInstance = z.looseObject({
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string().optional(),
    uid: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  spec: PostgreSQLInstanceSpec,
});
export type PostgreSQLInstance = z.infer<typeof PostgreSQLInstance>;
