#include "runtime/program.h"

namespace outcomes {

int Program::indicator_index(std::string_view id) const {
  for (size_t i = 0; i < indicators.size(); ++i)
    if (indicators[i].id == id) return static_cast<int>(i);
  return -1;
}

int Program::strand_index(std::string_view id) const {
  for (size_t i = 0; i < strands.size(); ++i)
    if (strands[i].id == id) return static_cast<int>(i);
  return -1;
}

int Program::result_index(std::string_view name) const {
  for (size_t i = 0; i < results.size(); ++i)
    if (results[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace outcomes
