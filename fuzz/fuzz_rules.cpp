// libFuzzer entry point of the `rules` target; the body is in fuzz/targets.cpp.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  outcomes::fuzz::rules_one({reinterpret_cast<const char*>(data), size});
  return 0;
}
