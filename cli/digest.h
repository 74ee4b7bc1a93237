// SHA-256 (FIPS 180-4), for the audit ledger: the hash of each input file and
// of a compiled plan's content, so a recorded run names exactly what it ran.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/program.h"

namespace outcomes::cli {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t size);
  void update(std::string_view s) { update(s.data(), s.size()); }
  // Length-prefixed, so ("ab","c") and ("a","bc") differ.
  void field(std::string_view s);
  void number(int64_t v);
  std::string hex();  // finishes; call once

 private:
  void block(const uint8_t* p);
  std::array<uint32_t, 8> h_;
  uint8_t buffer_[64];
  size_t used_ = 0;
  uint64_t total_ = 0;
};

std::string sha256_hex(std::string_view data);

// A hash of everything a compiled plan runs: header, schema, bytecode,
// constants, functions, indicators and results with their wording, trace
// nodes (not their source offsets). Comments and layout do not change it.
std::string program_digest(const Program& p);

}  // namespace outcomes::cli
