/** The PostgreSQL the tests use: YTK_TEST_PG_CONNECTION, else the local trust-auth server. */
export function pgTestConnection(): string {
  return (
    process.env.YTK_TEST_PG_CONNECTION ??
    'postgresql://postgres@127.0.0.1:5432/postgres'
  );
}
