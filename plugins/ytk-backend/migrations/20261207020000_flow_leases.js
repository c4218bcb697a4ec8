/*
 * Which backend instance streams a cluster's flows from Hubble Relay: with several replicas only
 * the holder of a cluster's lease does (the others would count every flow again). The holder
 * renews it and writes its source health beside it, which the other instances serve.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ytk_flow_leases', t => {
    t.string('cluster', 63).primary();
    t.string('holder', 64).notNullable();
    t.bigInteger('expires_at_ms').notNullable();
    t.text('health').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ytk_flow_leases');
};
