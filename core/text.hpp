#pragma once
// Small string helpers shared by the importers and the command line.

#include <string>
#include <string_view>
#include <vector>

namespace landpool {

/// Removes leading and trailing spaces, tabs and carriage returns.
std::string_view trim(std::string_view text);

/// Splits on `separator` and trims each piece; "a| b" gives {"a", "b"}.
/// An empty text gives no pieces.
std::vector<std::string_view> split_trimmed(std::string_view text, char separator);

/// The pieces joined with `separator` between them; no pieces give "".
std::string join(const std::vector<std::string>& pieces, std::string_view separator);

/// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
std::string csv_field(std::string_view text);

}  // namespace landpool
