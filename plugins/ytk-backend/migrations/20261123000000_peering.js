/*
 * Peering requests and their append-only audit trail. Timestamps are ISO 8601 strings so that
 * SQLite and PostgreSQL sort and return them the same way.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ytk_peering_requests', t => {
    t.uuid('id').primary();
    t.string('from_ref', 512).notNullable();
    t.json('target').notNullable();
    t.json('targets').notNullable();
    t.json('ports').notNullable();
    t.text('reason').notNullable();
    t.string('expires_at', 40).nullable();
    t.string('requester', 255).notNullable();
    t.string('requester_team', 255).nullable();
    t.string('target_team', 255).nullable();
    t.string('state', 20).notNullable();
    // Compare-and-set on every transition: two reviewers cannot both act.
    t.integer('version').notNullable().defaultTo(1);
    t.text('generated_yaml').notNullable();
    t.json('policies').notNullable();
    t.json('diff').notNullable();
    t.json('apply_result').nullable();
    t.string('verified_at', 40).nullable();
    // Set while the request is open (requested/approved), NULL after: a unique index then
    // refuses a duplicate open request atomically, on both databases.
    t.string('open_key', 1024).nullable().unique();
    t.string('created_at', 40).notNullable();
    t.string('updated_at', 40).notNullable();
    t.index(['requester'], 'ytk_peering_requests_requester_idx');
    t.index(['requester_team'], 'ytk_peering_requests_requester_team_idx');
    t.index(['target_team'], 'ytk_peering_requests_target_team_idx');
  });
  await knex.schema.createTable('ytk_peering_audit', t => {
    t.bigIncrements('id').primary();
    t.uuid('request_id')
      .notNullable()
      .references('id')
      .inTable('ytk_peering_requests')
      .onDelete('CASCADE');
    t.string('actor', 255).notNullable();
    t.string('action', 40).notNullable();
    t.string('at', 40).notNullable();
    t.string('before_state', 20).nullable();
    t.string('after_state', 20).notNullable();
    t.text('comment').nullable();
    t.index(['request_id'], 'ytk_peering_audit_request_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ytk_peering_audit');
  await knex.schema.dropTable('ytk_peering_requests');
};
