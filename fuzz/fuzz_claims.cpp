// libFuzzer entry point of the `claims` target; the body is in fuzz/claims_target.cpp.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  outcomes::fuzz::claims_one({reinterpret_cast<const char*>(data), size});
  return 0;
}
