#include "server/access.hpp"

#include <array>
#include <random>

#include <spdlog/fmt/fmt.h>

namespace landpool::server {

std::string random_token() {
  std::random_device source;  // /dev/urandom on Linux
  std::string token;
  for (int i = 0; i < 4; ++i)
    token += fmt::format("{:08x}", source());
  return token;
}

bool same_token(std::string_view given, std::string_view expected) {
  unsigned difference = given.size() == expected.size() ? 0U : 1U;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const char g = i < given.size() ? given[i] : '\0';
    difference |= static_cast<unsigned>(g ^ expected[i]);
  }
  return difference == 0 && !expected.empty();
}

std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name) {
  std::size_t start = 0;
  while (start < cookie_header.size()) {
    auto end = cookie_header.find(';', start);
    if (end == std::string_view::npos)
      end = cookie_header.size();
    auto pair = cookie_header.substr(start, end - start);
    while (!pair.empty() && pair.front() == ' ')
      pair.remove_prefix(1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name)
      return std::string(pair.substr(equals + 1));
    start = end + 1;
  }
  return std::nullopt;
}

bool host_allowed(std::string_view host_header, std::string_view bind_address, int port) {
  if (bind_address == "0.0.0.0" || bind_address == "::")
    return true;  // every address was opened on purpose; the token still guards
  const auto colon = host_header.rfind(':');
  if (colon == std::string_view::npos || host_header.substr(colon + 1) != std::to_string(port))
    return false;
  const auto host = host_header.substr(0, colon);
  return host == bind_address || host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

bool origin_allowed(std::optional<std::string_view> origin, std::string_view host_header) {
  constexpr std::string_view scheme = "http://";
  if (!origin)
    return true;
  return origin->size() == scheme.size() + host_header.size() && origin->starts_with(scheme) &&
         origin->substr(scheme.size()) == host_header;
}

}  // namespace landpool::server
