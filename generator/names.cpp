// Names for generated farms and owners: common Dutch surnames (CBS
// surname frequencies) with initials. Plain ASCII, so files stay simple.

#include <string>
#include <vector>

#include "generator/draft.hpp"

namespace landpool::generator {

std::string surname(DeterministicRandom& random) {
  static const std::vector<std::string> names = {
      "de Jong",         "Jansen",       "de Vries",      "van den Berg", "van Dijk",
      "Bakker",          "Janssen",      "Visser",        "Smit",         "Meijer",
      "de Boer",         "Mulder",       "de Groot",      "Bos",          "Vos",
      "Peters",          "Hendriks",     "van Leeuwen",   "Dekker",       "Brouwer",
      "de Wit",          "Dijkstra",     "Smits",         "de Graaf",     "van der Meer",
      "van der Linden",  "Kok",          "Jacobs",        "de Haan",      "Vermeulen",
      "van den Heuvel",  "van der Veen", "van den Broek", "de Bruijn",    "de Bruin",
      "van der Heijden", "Schouten",     "van Beek",      "Willems",      "van Vliet",
      "Koster",          "Groot",        "Schipper",      "Kuiper",       "Blom",
      "Zwart",           "Veldman",      "Molenaar",      "Tesselaar",    "Bosman"};
  return random.pick(names);
}

std::string person_name(DeterministicRandom& random) {
  static const std::string initials = "ABCDEFGHIJKLMNPRSTW";
  const char initial =
      initials[static_cast<std::size_t>(random.integer(0, static_cast<long>(initials.size()) - 1))];
  return std::string(1, initial) + ". " + surname(random);
}

}  // namespace landpool::generator
