// A line diff of two texts in unified format (hunks only, no file headers),
// for showing how a normalised rule changed between two plans.
#pragma once
#include <string>

namespace outcomes::cli {

// "@@ -1,3 +1,3 @@\n context\n-old\n+new\n ..."; empty when the texts are
// equal. Every line ends with '\n'.
std::string unified_diff(const std::string& from, const std::string& to, int context = 3);

}  // namespace outcomes::cli
