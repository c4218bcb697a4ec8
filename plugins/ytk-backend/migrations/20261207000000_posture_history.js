/*
 * Per-team posture summaries over time (GET /teams/:team/posture/history). One row per overlay
 * version whose summary differs from the team's previous row; bounded by ytk.posture.history.
 * Timestamps are ISO 8601 strings so that SQLite and PostgreSQL sort them the same way.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ytk_posture_history', t => {
    t.bigIncrements('id').primary();
    t.string('team', 255).notNullable();
    t.integer('overlay_version').notNullable();
    t.string('catalogue_version', 40).notNullable();
    t.string('at', 40).notNullable();
    t.integer('met').notNullable();
    t.integer('partly').notNullable();
    t.integer('not_met').notNullable();
    t.integer('unknown').notNullable();
    t.index(['team', 'id'], 'ytk_posture_history_team_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ytk_posture_history');
};
