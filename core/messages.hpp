#pragma once
// The message catalogue: everything a person reads in the report, the
// workbook, the run summary's key figures and the compare page, in English
// and Dutch (land agents' vocabulary: kavelruil, ruil in gebruik, pacht,
// verkoop, omschakeling, kavel). One table, core/messages.cpp; a test fails
// when an entry lacks a language or the two disagree on their placeholders.

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <spdlog/fmt/fmt.h>

namespace landpool {

enum class Language { en, nl };
inline constexpr std::array<const char*, 2> kLanguageCodes = {"en", "nl"};

/// "en" or "nl"; nullopt for anything else.
std::optional<Language> parse_language(std::string_view code);
std::string_view language_code(Language language);

struct Message {
  std::string_view key;
  std::string_view en, nl;
};

/// Every entry, in the order of the catalogue.
std::span<const Message> message_catalogue();

/// The text of `key`; throws std::out_of_range naming the key when the
/// catalogue has none.
std::string_view text(Language language, std::string_view key);

/// A catalogue entry of '|'-separated cells (a table's header row), split.
std::vector<std::string> text_cells(Language language, std::string_view key);

/// The text of `key` with its {} placeholders filled in.
template <typename... Args>
std::string say(Language language, std::string_view key, Args&&... args) {
  return fmt::format(fmt::runtime(text(language, key)), std::forward<Args>(args)...);
}

}  // namespace landpool
