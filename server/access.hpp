#pragma once
// Who may talk to the workbench (docs/workbench.md, "Security"): a random
// token printed at start and required on every request, and for requests
// that change something a same-origin check that a page of another site
// cannot pass. Plain functions over header values, tested on their own.
#include <optional>
#include <string>
#include <string_view>

namespace landpool::server {

/// 32 hexadecimal characters from the system's random source.
std::string random_token();

/// Compares in time independent of where the two differ.
bool same_token(std::string_view given, std::string_view expected);

/// The value of cookie `name` in a Cookie header; nullopt when absent.
std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name);

/// Whether a Host header names this server: the bound address, localhost or
/// 127.0.0.1 / [::1] with `port` (a page on another name that resolves here,
/// DNS rebinding, is refused). Bound to every address (0.0.0.0, ::), any.
bool host_allowed(std::string_view host_header, std::string_view bind_address, int port);

/// Whether an Origin header is this server's own origin for `host_header`;
/// an absent Origin (a non-browser client) is allowed, "null" is not.
bool origin_allowed(std::optional<std::string_view> origin, std::string_view host_header);

}  // namespace landpool::server
