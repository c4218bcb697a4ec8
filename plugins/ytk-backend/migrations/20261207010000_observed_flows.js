/*
 * Observed flows (docs/observed-flows.md): aggregates of Hubble flows, never raw flows. One row
 * per cluster and aggregate key (source, destination, protocol/port, verdict, drop reason, flow
 * type and hour bucket); a flush adds its counts to the row. Times are ISO 8601 strings beside
 * their epoch milliseconds, so SQLite and PostgreSQL sort, compare and prune them the same way.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ytk_flow_aggregates', t => {
    t.bigIncrements('id').primary();
    t.string('cluster', 63).notNullable();
    // sha256 of the aggregator's key: the key itself can be longer than an index allows.
    t.string('key_hash', 64).notNullable();
    t.string('bucket', 40).nullable();
    t.string('source', 512).notNullable();
    t.string('destination', 512).notNullable();
    t.string('protocol', 8).notNullable();
    t.integer('port').notNullable();
    t.string('verdict', 32).notNullable();
    t.string('drop_reason', 64).notNullable();
    t.string('type', 16).notNullable();
    t.bigInteger('count').notNullable();
    t.string('first_seen', 40).nullable();
    t.string('last_seen', 40).nullable();
    t.bigInteger('first_seen_ms').nullable();
    t.bigInteger('last_seen_ms').nullable();
    // The attribution and the Hubble ends of the latest flow (JSON), to attribute it again.
    t.text('attribution').notNullable();
    t.text('sample').notNullable();
    t.unique(['cluster', 'key_hash'], {
      indexName: 'ytk_flow_aggregates_key_uq',
    });
    t.index(['last_seen_ms'], 'ytk_flow_aggregates_last_seen_idx');
    t.index(['source'], 'ytk_flow_aggregates_source_idx');
    t.index(['destination'], 'ytk_flow_aggregates_destination_idx');
  });
  // A recorded file is replayed once per database: the first instance to insert its digest does.
  await knex.schema.createTable('ytk_flow_replays', t => {
    t.string('cluster', 63).notNullable();
    t.string('digest', 64).notNullable();
    t.string('at', 40).notNullable();
    t.primary(['cluster', 'digest']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ytk_flow_replays');
  await knex.schema.dropTable('ytk_flow_aggregates');
};
