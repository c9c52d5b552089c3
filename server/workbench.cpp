#include "server/workbench.hpp"

#include <charconv>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

#include <httplib.h>
#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "db/database.hpp"
#include "server/access.hpp"
#include "server/web_assets.hpp"
#include "server/workbench_api.hpp"

namespace landpool::server {

void ServeOptions::validate() const {
  if (port < 0 || port > 65535)
    throw UsageError(fmt::format("--port must lie in 0-65535, got {}", port));
  if (bind_address.empty())
    throw UsageError("--bind needs an address");
  if (!token.empty() && token.size() < 16)
    throw UsageError("the access token must have at least 16 characters");
}

namespace {

constexpr const char* kTokenCookie = "landpool_token";
constexpr const char* kTokenHeader = "X-Landpool-Token";
constexpr const char* kJson = "application/json; charset=utf-8";
constexpr std::size_t kServerThreads = 32;

/// The page's own files only: no inline scripts, nothing from elsewhere.
constexpr const char* kContentPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'";

void send_json(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(), kJson);
}

void send_error(httplib::Response& response, int status, const std::string& message) {
  send_json(response, status, {{"error", message}});
}

/// Runs `work` and answers with its JSON, or with the status its exception
/// stands for: 400 bad request, 404 unknown, 409 conflict, 422 no proposal,
/// 503 busy, 507 storage, 500 anything else (logged).
template <typename Work>
void answer(httplib::Response& response, Work&& work) {
  try {
    send_json(response, 200, work());
  } catch (const std::invalid_argument& error) {  // UsageError, an unknown deal or party
    send_error(response, 400, error.what());
  } catch (const InputError& error) {
    send_error(response, 400, error.what());
  } catch (const nlohmann::json::exception& error) {
    send_error(response, 400, std::string("the request is not valid JSON: ") + error.what());
  } catch (const ConcurrentChangeError& error) {
    send_error(response, 409, error.what());
  } catch (const NoProposalError& error) {
    send_error(response, 422, error.what());
  } catch (const DatabaseError& error) {
    send_error(response, error.kind() == DatabaseError::Kind::not_found ? 404 : 500, error.what());
  } catch (const std::exception& error) {
    if (const auto fault = store_fault_of(error)) {
      send_error(response, *fault == StoreFault::busy ? 503 : 507, error.what());
      return;
    }
    spdlog::error("workbench: {}", error.what());
    send_error(response, 500, error.what());
  }
}

std::optional<long> run_parameter(const httplib::Request& request) {
  if (!request.has_param("run") || request.get_param_value("run").empty())
    return std::nullopt;
  const auto text = request.get_param_value("run");
  long run_id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), run_id);
  if (error != std::errc() || end != text.data() + text.size() || run_id <= 0)
    throw UsageError("run must be a run number, got '" + text + "'");
  return run_id;
}

std::vector<long> run_list_parameter(const httplib::Request& request) {
  std::vector<long> ids;
  if (!request.has_param("runs"))
    return ids;
  const auto text = request.get_param_value("runs");
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const auto comma = std::min(text.find(',', start), text.size());
    long id = 0;
    const auto [end, error] = std::from_chars(text.data() + start, text.data() + comma, id);
    if (error != std::errc() || end != text.data() + comma || id <= 0)
      throw UsageError("runs must be run numbers separated by commas, got '" + text + "'");
    ids.push_back(id);
    start = comma + 1;
  }
  return ids;
}

/// The audience the request's parameters ask for: party=FARM or owner=OWNER.
Audience requested_audience(const httplib::Request& request) {
  Audience audience;
  if (request.has_param("party") && !request.get_param_value("party").empty())
    audience.party_id = request.get_param_value("party");
  if (request.has_param("owner") && !request.get_param_value("owner").empty())
    audience.owner_id = request.get_param_value("owner");
  if (audience.party_id && audience.owner_id)
    throw UsageError("ask for a party or an owner, not both");
  audience.anonymise = request.get_param_value("anonymise") == "1";
  return audience;
}

nlohmann::json body_of(const httplib::Request& request) {
  if (request.body.empty())
    return nlohmann::json::object();
  return nlohmann::json::parse(request.body);
}

}  // namespace

struct Workbench::Impl {
  ServeOptions options;
  std::string token;
  int port = 0;
  httplib::Server http;
  std::mutex what_if_running;  ///< one what-if solves at a time: the machine has few cores
  /// Party pages' own tokens (made by the land agent, valid while the server
  /// runs): each can read the view of its farm or pool owner only.
  std::mutex party_tokens_guard;
  std::map<std::string, Audience> audience_of_token;

  std::optional<Audience> party_of(const std::string& given) {
    std::lock_guard lock(party_tokens_guard);
    for (const auto& [party_token, audience] : audience_of_token) {
      if (same_token(given, party_token))
        return audience;
    }
    return std::nullopt;
  }

  std::string party_token(const Audience& audience) {
    std::lock_guard lock(party_tokens_guard);
    for (const auto& [party_token, known] : audience_of_token) {
      if (known.party_id == audience.party_id && known.owner_id == audience.owner_id)
        return party_token;
    }
    const auto made = random_token();
    audience_of_token[made] = audience;
    return made;
  }

  /// The request's token: the header, else (reading only) the address or the cookie.
  std::optional<std::string> token_of(const httplib::Request& request) const {
    const bool changes = request.method != "GET" && request.method != "HEAD";
    const auto header = request.get_header_value(kTokenHeader);
    if (!header.empty())
      return header;
    if (!changes && request.has_param("token"))
      return request.get_param_value("token");
    if (!changes)
      return cookie_value(request.get_header_value("Cookie"), kTokenCookie);
    return std::nullopt;
  }

  /// What the request may see: a party token fixes it, whatever it asks.
  Audience audience_of(const httplib::Request& request) {
    if (const auto given = token_of(request)) {
      if (auto fixed = party_of(*given))
        return *fixed;
    }
    return requested_audience(request);
  }

  ApiContext context_of(const httplib::Request& request) const {
    ApiContext context{options.db_path, options.scenario_file, options.language};
    if (request.has_param("lang")) {
      const auto language = parse_language(request.get_param_value("lang"));
      if (!language)
        throw UsageError("lang must be en or nl");
      context.language = *language;
    }
    return context;
  }

  /// Token, host, origin and body; nullopt when the request may go on, else
  /// the status and reason to refuse it with.
  std::optional<std::pair<int, std::string>> refusal(const httplib::Request& request) {
    if (!host_allowed(request.get_header_value("Host"), options.bind_address, port))
      return std::pair{403, std::string("unknown Host: open the address landpool serve printed")};
    const bool changes = request.method != "GET" && request.method != "HEAD";
    const auto given = token_of(request);
    const bool agent = given && same_token(*given, token);
    const bool party = given && !agent && party_of(*given).has_value();
    if (!agent && !party)
      return std::pair{401, std::string(changes ? "the access token must come in the "
                                                  "X-Landpool-Token header"
                                                : "open the address with the access token "
                                                  "landpool serve printed")};
    // A party page reads its own view only.
    if (party &&
        (changes || request.path.starts_with("/api/what-ifs") ||
         request.path.starts_with("/api/compare") || request.path.starts_with("/api/party-link")))
      return std::pair{403, std::string("a party page cannot do that")};
    if (changes) {
      const auto origin = request.has_header("Origin")
                              ? std::optional<std::string>(request.get_header_value("Origin"))
                              : std::nullopt;
      if (!origin_allowed(origin, request.get_header_value("Host")))
        return std::pair{403, std::string("a request from another origin")};
      // The request limit holds for declared lengths only: no streamed bodies.
      if (request.has_header("Transfer-Encoding") || !request.has_header("Content-Length"))
        return std::pair{411, std::string("a request body needs a Content-Length")};
    }
    return std::nullopt;
  }

  void serve_page(const httplib::Request& request, httplib::Response& response,
                  std::string_view url) {
    const auto* asset = find_web_asset(url);
    if (!asset) {
      send_error(response, 404, "no such page");
      return;
    }
    if (request.has_param("token"))  // the printed address: remember its token
      response.set_header("Set-Cookie",
                          fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/", kTokenCookie,
                                      request.get_param_value("token")));
    response.set_content(std::string(asset->body), std::string(asset->content_type));
  }

  void register_routes();
};

void Workbench::Impl::register_routes() {
  http.set_pre_routing_handler(
      [this](const httplib::Request& request, httplib::Response& response) {
        if (const auto refused = refusal(request)) {
          send_error(response, refused->first, refused->second);
          return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });
  http.set_post_routing_handler([](const httplib::Request&, httplib::Response& response) {
    response.set_header("Content-Security-Policy", kContentPolicy);
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("Referrer-Policy", "no-referrer");
    response.set_header("Cache-Control", "no-store");
  });
  // The app: one page for the land agent (/), a farm (/party/ID) and a
  // pool owner (/owner/ID).
  http.Get("/", [this](const auto& rq, auto& rs) { serve_page(rq, rs, "/index.html"); });
  http.Get(R"(/(party|owner)/[A-Za-z0-9_.\-]{1,64})",
           [this](const auto& rq, auto& rs) { serve_page(rq, rs, "/index.html"); });
  http.Get(R"(/assets/[A-Za-z0-9_./\-]{1,100})",
           [this](const auto& rq, auto& rs) { serve_page(rq, rs, rq.path); });
  http.Get("/api/messages", [this](const auto& rq, auto& rs) {
    answer(rs, [&] { return messages_json(context_of(rq).language); });
  });
  http.Get("/api/region", [this](const auto& rq, auto& rs) {
    answer(rs, [&] { return region_json(context_of(rq), audience_of(rq)); });
  });
  http.Get("/api/map", [this](const auto& rq, auto& rs) {
    answer(rs, [&] { return map_json(context_of(rq), run_parameter(rq), audience_of(rq)); });
  });
  http.Get("/api/run", [this](const auto& rq, auto& rs) {
    answer(rs, [&] { return run_json(context_of(rq), run_parameter(rq), audience_of(rq)); });
  });
  http.Post(R"(/api/deals/(\d{1,9})/decision)", [this](const auto& rq, auto& rs) {
    answer(rs, [&] { return decide_json(context_of(rq), std::stoi(rq.matches[1]), body_of(rq)); });
  });
  http.Get("/api/party-link", [this](const auto& rq, auto& rs) {
    answer(rs, [&] {
      const auto audience = requested_audience(rq);
      if (!audience.party_id && !audience.owner_id)
        throw UsageError("party-link needs party=FARM or owner=OWNER");
      region_json(context_of(rq), audience);  // names an unknown farm or owner
      return nlohmann::json{{"party", audience.party_id.value_or("")},
                            {"owner", audience.owner_id.value_or("")},
                            {"token", party_token(audience)}};
    });
  });
  http.Get("/api/compare", [this](const auto& rq, auto& rs) {
    answer(rs, [&] { return compare_json(context_of(rq), run_list_parameter(rq)); });
  });
  http.Get("/api/what-ifs", [this](const auto& rq, auto& rs) {
    answer(rs, [&] { return what_ifs_json(context_of(rq)); });
  });
  http.Post("/api/what-ifs", [this](const auto& rq, auto& rs) {
    answer(rs, [&] {
      std::unique_lock lock(what_if_running, std::try_to_lock);
      if (!lock.owns_lock())
        throw ConcurrentChangeError("another what-if is being solved: try again when it is done");
      return solve_what_if_json(context_of(rq), body_of(rq));
    });
  });
  http.Get(R"(/api/what-ifs/([A-Za-z0-9_ \-]{1,60}))", [this](const auto& rq, auto& rs) {
    answer(rs, [&] { return what_if_json(context_of(rq), rq.matches[1]); });
  });
  http.Post(R"(/api/what-ifs/([A-Za-z0-9_ \-]{1,60})/apply)", [this](const auto& rq, auto& rs) {
    answer(rs, [&] { return apply_what_if_json(context_of(rq), rq.matches[1]); });
  });
  http.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (response.body.empty())
      send_error(response, response.status,
                 response.status == 413 ? "the request is too large" : "no such page");
  });
}

Workbench::Workbench(ServeOptions options) : impl_(std::make_unique<Impl>()) {
  options.validate();
  impl_->token = options.token.empty() ? random_token() : options.token;
  impl_->options = std::move(options);
  impl_->http.set_payload_max_length(impl_->options.max_request_bytes);
  impl_->http.set_read_timeout(10, 0);
  // A browser keeps its connections open, each holding a thread: enough
  // threads for a room of viewers, and idle connections let go soon.
  impl_->http.new_task_queue = [] { return new httplib::ThreadPool(kServerThreads); };
  impl_->http.set_keep_alive_timeout(2);
  impl_->register_routes();
}

Workbench::~Workbench() = default;

int Workbench::bind() {
  const auto& o = impl_->options;
  const bool bound = o.port == 0 ? (impl_->port = impl_->http.bind_to_any_port(o.bind_address)) > 0
                                 : impl_->http.bind_to_port(o.bind_address, impl_->port = o.port);
  if (!bound)
    throw std::runtime_error(
        fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                    o.bind_address, o.port));
  return impl_->port;
}

bool Workbench::run() {
  return impl_->http.listen_after_bind();
}

void Workbench::stop() {
  impl_->http.stop();
}

const std::string& Workbench::token() const {
  return impl_->token;
}

std::string Workbench::url() const {
  const auto& address = impl_->options.bind_address;
  const bool any = address == "0.0.0.0" || address == "::";
  return fmt::format("http://{}:{}/?token={}", any ? "127.0.0.1" : address, impl_->port,
                     impl_->token);
}

}  // namespace landpool::server
