// libFuzzer entry point of the `vm` target; the body is in fuzz/targets.cpp.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  outcomes::fuzz::vm_one({reinterpret_cast<const char*>(data), size});
  return 0;
}
