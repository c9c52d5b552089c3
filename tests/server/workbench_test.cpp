// `landpool serve` over HTTP on the loopback address: who may ask, what a
// bad request leaves behind (nothing), decisions stored as `decide` stores
// them, what-ifs that keep a locked parcel and never touch the region until
// applied, and a party page without other parties' data. The server runs in
// this process on a real database and a real solver.

#include <gtest/gtest.h>

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "server/access.hpp"
#include "server/workbench.hpp"
#include "server/workbench_api.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

constexpr const char* kToken = "0123456789abcdef0123456789abcdef";

/// The example region, solved once, served on a free port.
class WorkbenchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new TempDir();
    const auto db = (*shared_ / "solved.db").string();
    ASSERT_EQ(run_landpool({"--db", db, "import", "csv", example_region_dir().string()}).exit_code,
              0);
    const auto solved =
        run_landpool({"--db", db, "solve", "--as-of", "2026-10-01", "--time-limit", "10"});
    ASSERT_EQ(solved.exit_code, 0) << solved.err;
  }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }

  void SetUp() override {
    std::filesystem::copy_file(*shared_ / "solved.db", db_path());
    server::ServeOptions options;
    options.db_path = db_path();
    options.port = 0;
    options.token = kToken;
    workbench_ = std::make_unique<server::Workbench>(options);
    port_ = workbench_->bind();
    thread_ = std::thread([this] { workbench_->run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(120, 0);
  }

  void TearDown() override {
    workbench_->stop();
    thread_.join();
  }

  std::string db_path() const { return (dir_ / "r.db").string(); }
  httplib::Headers with_token() const { return {{"X-Landpool-Token", kToken}}; }

  nlohmann::json get_json(const std::string& path, int expected_status = 200) {
    const auto response = client_->Get(path, with_token());
    EXPECT_TRUE(response);
    if (!response)
      return nullptr;
    EXPECT_EQ(response->status, expected_status) << path << ": " << response->body;
    return nlohmann::json::parse(response->body);
  }

  httplib::Result post(const std::string& path, const std::string& body,
                       httplib::Headers headers = {}) {
    if (headers.empty())
      headers = with_token();
    return client_->Post(path, headers, body, "application/json");
  }

  static TempDir* shared_;
  TempDir dir_;
  std::unique_ptr<server::Workbench> workbench_;
  std::thread thread_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

TempDir* WorkbenchTest::shared_ = nullptr;

TEST_F(WorkbenchTest, EveryRequestNeedsTheToken) {
  EXPECT_EQ(client_->Get("/")->status, 401);
  EXPECT_EQ(client_->Get("/api/region")->status, 401);
  EXPECT_EQ(client_->Get("/api/region", {{"X-Landpool-Token", "wrong-token-wrong-token"}})->status,
            401);
  const auto page = client_->Get(std::string("/?token=") + kToken);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("/assets/app.js"), std::string::npos);
  const auto cookie = page->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  // The page's own files come with the cookie the printed address set.
  const auto script =
      client_->Get("/assets/app.js", {{"Cookie", std::string("landpool_token=") + kToken}});
  ASSERT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(script->get_header_value("Content-Security-Policy").find("script-src 'self'"),
            std::string::npos);
}

TEST_F(WorkbenchTest, ChangesNeedTheHeaderTokenAndTheOwnOrigin) {
  const std::string body = R"({"decision":"accept"})";
  // A cookie alone (what another site's form would send) is not enough.
  EXPECT_EQ(
      post("/api/deals/1/decision", body, {{"Cookie", std::string("landpool_token=") + kToken}})
          ->status,
      401);
  EXPECT_EQ(post("/api/deals/1/decision", body,
                 {{"X-Landpool-Token", kToken}, {"Origin", "http://evil.example"}})
                ->status,
            403);
  EXPECT_EQ(
      client_->Get("/api/region", {{"X-Landpool-Token", kToken}, {"Host", "evil.example"}})->status,
      403);
  EXPECT_EQ(database_content(db_path()), database_content(*shared_ / "solved.db"));
}

TEST_F(WorkbenchTest, ServesNothingOutsideItsOwnFiles) {
  for (const std::string path : {"/assets/../../../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd",
                                 "/etc/passwd", "/assets/missing.js", "/party/../../etc"}) {
    const auto response = client_->Get(path, with_token());
    ASSERT_TRUE(response) << path;
    EXPECT_NE(response->status, 200) << path;
    EXPECT_EQ(response->body.find("root:"), std::string::npos) << path;
  }
}

TEST_F(WorkbenchTest, BadRequestsAreRefusedAndChangeNothing) {
  const auto before = database_content(db_path());
  const auto unknown = post("/api/what-ifs", R"({"name":"a","lock_parcels":["NO-SUCH"]})");
  EXPECT_EQ(unknown->status, 400);
  EXPECT_NE(unknown->body.find("NO-SUCH"), std::string::npos) << unknown->body;
  EXPECT_EQ(post("/api/what-ifs", R"({"name":"a","time_limit_s":"soon"})")->status, 400);
  EXPECT_EQ(post("/api/what-ifs", R"({"name":"../x"})")->status, 400);
  EXPECT_EQ(post("/api/what-ifs", R"({"name":"a","rules":{"who_may_move":"off"}})")->status, 400);
  EXPECT_EQ(post("/api/what-ifs", "{not json")->status, 400);
  EXPECT_EQ(post("/api/deals/1/decision", R"({"decision":"maybe"})")->status, 400);
  EXPECT_EQ(post("/api/deals/9999/decision", R"({"decision":"accept"})")->status, 400);
  EXPECT_EQ(client_->Get("/api/run?run=abc", with_token())->status, 400);
  EXPECT_EQ(client_->Get("/api/run?party=NOBODY", with_token())->status, 400);
  EXPECT_EQ(post("/api/what-ifs/none/apply", "{}")->status, 400);
  // Larger than the request limit: refused before it is read.
  EXPECT_EQ(post("/api/what-ifs", std::string(300 * 1024, ' '))->status, 413);
  EXPECT_EQ(database_content(db_path()), before);
}

TEST_F(WorkbenchTest, ADecisionIsStoredAsDecideStoresIt) {
  const auto run = get_json("/api/run");
  const int deal_id = run["deals"][0]["deal_id"].get<int>();
  const auto response = post("/api/deals/" + std::to_string(deal_id) + "/decision",
                             R"({"decision":"accept","note":"signed at the table"})");
  ASSERT_EQ(response->status, 200) << response->body;
  // `landpool apply` finds it where `landpool decide` would have put it.
  const auto applied = run_landpool({"--db", db_path(), "apply"});
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(applied.out.find("No accepted deals"), std::string::npos) << applied.out;
  const auto again = get_json("/api/run");
  EXPECT_EQ(again["deals"][0]["decision"]["decision"], "accept");
  EXPECT_EQ(again["deals"][0]["decision"]["note"], "signed at the table");
  EXPECT_FALSE(again["deals"][0]["decision"]["applied_on"].get<std::string>().empty());
}

TEST_F(WorkbenchTest, AWhatIfKeepsALockedParcelAndChangesTheRegionOnlyWhenApplied) {
  const auto run = get_json("/api/run");
  ASSERT_FALSE(run["transfers"].empty());
  const std::string locked = run["transfers"][0]["parcel_id"];
  const auto before = read_bytes(db_path());
  const auto region_before = run_landpool({"--db", db_path(), "status"}).out;

  nlohmann::json body = {{"name", "keeps it"}, {"lock_parcels", {locked}}, {"time_limit_s", 5}};
  const auto solved = post("/api/what-ifs", body.dump());
  ASSERT_EQ(solved->status, 200) << solved->body;
  const auto what_if = nlohmann::json::parse(solved->body);
  const long variant_run = what_if["run"]["run_id"].get<long>();
  EXPECT_EQ(what_if["base"]["run_id"], run["run"]["run_id"]);
  const auto variant = get_json("/api/run?run=" + std::to_string(variant_run));
  for (const auto& t : variant["transfers"])
    EXPECT_NE(t["parcel_id"], locked);
  bool listed_as_changed = false;
  for (const auto& c : what_if["changes"])
    listed_as_changed |= c["parcel_id"] == locked;
  EXPECT_TRUE(listed_as_changed);

  // The region and its run history are as they were.
  EXPECT_EQ(run_landpool({"--db", db_path(), "status"}).out, region_before);
  EXPECT_EQ(get_json("/api/run")["run"]["run_id"], run["run"]["run_id"]);
  const auto runs = run_landpool({"--db", db_path(), "runs"});
  EXPECT_EQ(runs.out.find(" " + std::to_string(variant_run) + "  "), std::string::npos) << runs.out;
  // A deal of a what-if cannot be decided before the what-if is applied.
  EXPECT_EQ(post("/api/deals/1/decision",
                 nlohmann::json{{"decision", "accept"}, {"run_id", variant_run}}.dump())
                ->status,
            400);

  const auto applied = post("/api/what-ifs/keeps it/apply", "{}");
  ASSERT_EQ(applied->status, 200) << applied->body;
  const long new_run = nlohmann::json::parse(applied->body)["run_id"].get<long>();
  EXPECT_EQ(get_json("/api/run")["run"]["run_id"].get<long>(), new_run);
  EXPECT_EQ(post("/api/what-ifs/keeps it/apply", "{}")->status, 400);
  // The locked parcel is no longer movable: a solve of the region keeps it too.
  const auto resolved =
      run_landpool({"--db", db_path(), "solve", "--as-of", "2026-10-01", "--time-limit", "5"});
  ASSERT_EQ(resolved.exit_code, 0) << resolved.err;
  const auto after_apply = get_json("/api/run");
  ASSERT_FALSE(after_apply["transfers"].empty());
  for (const auto& t : after_apply["transfers"])
    EXPECT_NE(t["parcel_id"], locked);
}

TEST_F(WorkbenchTest, APartyPageShowsNoOtherPartysData) {
  const auto run = get_json("/api/run");
  const std::string party = run["deals"][0]["farm_ids"][0];
  std::set<std::string> partners;
  std::set<int> own_deals;
  for (const auto& deal : run["deals"]) {
    const auto farms = deal["farm_ids"].get<std::vector<std::string>>();
    if (std::find(farms.begin(), farms.end(), party) == farms.end())
      continue;
    own_deals.insert(deal["deal_id"].get<int>());
    partners.insert(farms.begin(), farms.end());
  }
  const auto seen = get_json("/api/run?party=" + party);
  for (const auto& deal : seen["deals"])
    EXPECT_TRUE(own_deals.contains(deal["deal_id"].get<int>()));
  for (const auto& [farm, name] : seen["farm_names"].items())
    EXPECT_TRUE(partners.contains(farm)) << farm;
  for (const auto& p : seen["participants"])
    EXPECT_TRUE(partners.contains(p["farm_id"].get<std::string>()));
  const auto region = get_json("/api/region?party=" + party);
  ASSERT_EQ(region["farms"].size(), 1U);
  EXPECT_EQ(region["farms"][0]["farm_id"], party);
  EXPECT_TRUE(region["what_ifs"].empty());
  EXPECT_FALSE(region.contains("summary"));
  const auto whole_map = get_json("/api/map");
  const auto party_map = get_json("/api/map?party=" + party);
  EXPECT_LT(party_map["features"].size(), whole_map["features"].size());
  for (const auto& f : party_map["features"]) {
    for (const char* key : {"user_before", "user_after"}) {
      const std::string user = f["properties"][key];
      EXPECT_TRUE(user.empty() || partners.contains(user)) << user;
    }
  }
}

// A generated region, where most farms ask for nothing and so take part in
// no deal: their party page shows their own holding, nothing of the run.
TEST(WorkbenchApi, AFarmInNoDealSeesItsOwnHoldingOnly) {
  TempDir dir;
  const auto db = (dir / "g.db").string();
  ASSERT_EQ(run_landpool({"generate", "region", "--preset", "harenkarspel", "--parcels", "300",
                          "--seed", "2", "--as-of", "2026-10-01", "--out", (dir / "g").string()})
                .exit_code,
            0);
  ASSERT_EQ(run_landpool({"--db", db, "import", "csv", (dir / "g").string(), "-q"}).exit_code, 0);
  ASSERT_EQ(run_landpool({"--db", db, "solve", "--as-of", "2026-10-01", "--time-limit", "5", "-q"})
                .exit_code,
            0);
  const server::ApiContext context{db, {}, Language::en};
  const auto run = server::run_json(context, std::nullopt, {});
  std::set<std::string> in_deals;
  for (const auto& deal : run["deals"])
    for (const auto& farm : deal["farm_ids"])
      in_deals.insert(farm.get<std::string>());
  std::string outsider;
  int parcels = 0;
  const auto region = server::region_json(context, {});
  for (const auto& farm : region["farms"]) {
    if (!in_deals.contains(farm["farm_id"].get<std::string>()) && farm["parcels"].get<int>() > 0) {
      outsider = farm["farm_id"];
      parcels = farm["parcels"].get<int>();
    }
  }
  ASSERT_FALSE(outsider.empty());
  server::Audience audience;
  audience.party_id = outsider;
  const auto map = server::map_json(context, std::nullopt, audience);
  EXPECT_EQ(map["features"].size(), static_cast<std::size_t>(parcels));
  for (const auto& f : map["features"])
    EXPECT_EQ(f["properties"]["user_before"], outsider);
  EXPECT_EQ(map["farm_names"].size(), 1U);
  const auto seen = server::run_json(context, std::nullopt, audience);
  EXPECT_TRUE(seen["deals"].empty());
  EXPECT_TRUE(seen["transfers"].empty());
  EXPECT_TRUE(seen["kpis"].empty());
}

TEST_F(WorkbenchTest, APartyTokenReadsThatPartysViewOnly) {
  const auto run = get_json("/api/run");
  const std::string party = run["deals"][0]["farm_ids"][0];
  const std::string party_token = get_json("/api/party-link?party=" + party)["token"];
  const httplib::Headers as_party = {{"X-Landpool-Token", party_token}};
  // Without ?party= it still gets the party's view: the token decides.
  const auto seen = client_->Get("/api/run", as_party);
  ASSERT_EQ(seen->status, 200);
  const auto json = nlohmann::json::parse(seen->body);
  EXPECT_LT(json["farm_names"].size(), run["farm_names"].size());
  const auto region = client_->Get("/api/region", as_party);
  EXPECT_EQ(nlohmann::json::parse(region->body)["farms"].size(), 1U);
  EXPECT_EQ(client_->Get("/api/what-ifs", as_party)->status, 403);
  EXPECT_EQ(client_->Get("/api/compare", as_party)->status, 403);
  EXPECT_EQ(client_->Get("/api/party-link?party=F01", as_party)->status, 403);
  EXPECT_EQ(post("/api/deals/1/decision", R"({"decision":"accept"})", as_party)->status, 403);
  EXPECT_EQ(get_json("/api/party-link?party=NOBODY", 400)["error"].get<std::string>().find(
                "NOBODY") != std::string::npos,
            true);
}

TEST_F(WorkbenchTest, AnOwnerPageShowsItsOwnPoolLandOnly) {
  const auto run = get_json("/api/run");
  std::string owner;
  for (const auto& deal : run["deals"]) {
    if (!deal["pool_owner_ids"].empty())
      owner = deal["pool_owner_ids"][0];
  }
  ASSERT_FALSE(owner.empty());
  const std::string token = get_json("/api/party-link?owner=" + owner)["token"];
  const httplib::Headers as_owner = {{"X-Landpool-Token", token}};
  const auto seen = nlohmann::json::parse(client_->Get("/api/run", as_owner)->body);
  ASSERT_FALSE(seen["transfers"].empty());
  std::set<std::string> receivers, parcels;
  for (const auto& t : seen["transfers"]) {
    EXPECT_EQ(t["from_farm_id"], "");
    EXPECT_EQ(t["owner_before"], owner);
    receivers.insert(t["to_farm_id"].get<std::string>());
    parcels.insert(t["parcel_id"].get<std::string>());
  }
  EXPECT_TRUE(seen["participants"].empty());
  EXPECT_TRUE(seen["kpis"].empty());
  for (const auto& [farm, name] : seen["farm_names"].items())
    EXPECT_TRUE(receivers.contains(farm)) << farm;
  const auto map = nlohmann::json::parse(client_->Get("/api/map", as_owner)->body);
  EXPECT_EQ(map["features"].size(), parcels.size());
  const auto region = nlohmann::json::parse(client_->Get("/api/region", as_owner)->body);
  EXPECT_TRUE(region["farms"].empty());
  EXPECT_FALSE(region.contains("summary"));
  EXPECT_EQ(client_->Get("/api/what-ifs", as_owner)->status, 403);
  EXPECT_EQ(get_json("/api/party-link?owner=NOBODY", 400)["error"],
            "no owner 'NOBODY' in the region");
}

TEST(WorkbenchAccess, TokensCookiesHostsAndOrigins) {
  EXPECT_EQ(server::random_token().size(), 32U);
  EXPECT_NE(server::random_token(), server::random_token());
  EXPECT_TRUE(server::same_token("abcdef0123456789", "abcdef0123456789"));
  EXPECT_FALSE(server::same_token("abcdef012345678", "abcdef0123456789"));
  EXPECT_FALSE(server::same_token("", ""));
  EXPECT_EQ(server::cookie_value("a=1; landpool_token=xyz; b=2", "landpool_token"), "xyz");
  EXPECT_EQ(server::cookie_value("xlandpool_token=1", "landpool_token"), std::nullopt);
  EXPECT_TRUE(server::host_allowed("127.0.0.1:8765", "127.0.0.1", 8765));
  EXPECT_TRUE(server::host_allowed("localhost:8765", "127.0.0.1", 8765));
  EXPECT_FALSE(server::host_allowed("evil.example:8765", "127.0.0.1", 8765));
  EXPECT_FALSE(server::host_allowed("127.0.0.1:8766", "127.0.0.1", 8765));
  EXPECT_TRUE(server::origin_allowed(std::nullopt, "127.0.0.1:8765"));
  EXPECT_TRUE(server::origin_allowed("http://127.0.0.1:8765", "127.0.0.1:8765"));
  EXPECT_FALSE(server::origin_allowed("null", "127.0.0.1:8765"));
  EXPECT_FALSE(server::origin_allowed("http://127.0.0.1:8765.evil", "127.0.0.1:8765"));
}

}  // namespace
}  // namespace landpool::testing
