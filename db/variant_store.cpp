#include "db/variant_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "db/run_store.hpp"
#include "db/sql_values.hpp"

namespace landpool {

using namespace landpool::sql;

namespace {

std::string revision_json(const RegionRevision& revision) {
  return nlohmann::json{{"import_id", revision.import_id},
                        {"snapshot_id", revision.snapshot_id},
                        {"decision_id", revision.decision_id},
                        {"geometry_import_id", revision.geometry_import_id}}
      .dump();
}

RegionRevision revision_of(const std::string& text) {
  const auto json = nlohmann::json::parse(text);
  return {json.at("import_id").get<long>(), json.at("snapshot_id").get<long>(),
          json.at("decision_id").get<long>(), json.at("geometry_import_id").get<long>()};
}

VariantRecord variant_of(SQLite::Statement& query) {
  VariantRecord v;
  v.name = query.getColumn(0).getString();
  v.created_at = query.getColumn(1).getString();
  if (!query.getColumn(2).isNull())
    v.base_run_id = static_cast<long>(query.getColumn(2).getInt64());
  v.edits_json = query.getColumn(3).getString();
  v.read_at = revision_of(query.getColumn(4).getString());
  v.run_id = static_cast<long>(query.getColumn(5).getInt64());
  if (!query.getColumn(6).isNull())
    v.applied_run_id = static_cast<long>(query.getColumn(6).getInt64());
  v.applied_at = query.getColumn(7).getString();
  return v;
}

constexpr const char* kColumns =
    "SELECT name, created_at, base_run_id, edits_json, read_at_json, run_id, applied_run_id, "
    "applied_at FROM variants";

}  // namespace

VariantRecord store_variant(Database& db, VariantRecord variant, RunRecord run,
                            const ProposalRecord& proposal) {
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  require_unchanged_since(db, variant.read_at);
  if (const auto earlier = find_variant(db, variant.name)) {
    if (earlier->applied_run_id)
      throw UsageError("the what-if '" + variant.name +
                       "' was applied already: choose another name");
    SQLite::Statement drop(db.sql(), "DELETE FROM variants WHERE name = ?");
    drop.bind(1, variant.name);
    drop.exec();
    SQLite::Statement drop_run(db.sql(), "DELETE FROM runs WHERE run_id = ? AND variant = ?");
    insert_row(drop_run, earlier->run_id, variant.name);
  }
  run.variant = variant.name;
  variant.run_id = insert_run(db, run, proposal);
  SQLite::Statement insert(db.sql(),
                           "INSERT INTO variants (name, created_at, base_run_id, edits_json, "
                           "read_at_json, run_id) VALUES (?, ?, ?, ?, ?, ?)");
  insert_row(insert, variant.name, variant.created_at, variant.base_run_id, variant.edits_json,
             revision_json(variant.read_at), variant.run_id);
  transaction.commit();
  return variant;
}

std::vector<VariantRecord> list_variants(Database& db) {
  std::vector<VariantRecord> variants;
  SQLite::Statement query(db.sql(), std::string(kColumns) + " ORDER BY created_at, name");
  while (query.executeStep())
    variants.push_back(variant_of(query));
  return variants;
}

std::optional<VariantRecord> find_variant(Database& db, const std::string& name) {
  SQLite::Statement query(db.sql(), std::string(kColumns) + " WHERE name = ?");
  query.bind(1, name);
  if (!query.executeStep())
    return std::nullopt;
  return variant_of(query);
}

void mark_variant_applied(Database& db, const std::string& name, long applied_run_id,
                          const std::string& applied_at) {
  db.require_transaction("mark_variant_applied");
  SQLite::Statement update(db.sql(),
                           "UPDATE variants SET applied_run_id = ?, applied_at = ? WHERE name = ?");
  insert_row(update, applied_run_id, applied_at, name);
}

}  // namespace landpool
