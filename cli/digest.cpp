#include "cli/digest.h"

#include <fmt/format.h>

#include <cstring>

namespace outcomes::cli {

namespace {

constexpr uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

}  // namespace

Sha256::Sha256()
    : h_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19} {}

void Sha256::block(const uint8_t* p) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i)
    w[i] = (uint32_t{p[4 * i]} << 24) | (uint32_t{p[4 * i + 1]} << 16) | (uint32_t{p[4 * i + 2]} << 8) | p[4 * i + 3];
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4], f = h_[5], g = h_[6], h = h_[7];
  for (int i = 0; i < 64; ++i) {
    uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[i] + w[i];
    uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
  }
  h_[0] += a, h_[1] += b, h_[2] += c, h_[3] += d, h_[4] += e, h_[5] += f, h_[6] += g, h_[7] += h;
}

void Sha256::update(const void* data, size_t size) {
  const uint8_t* p = static_cast<const uint8_t*>(data);
  total_ += size;
  if (used_ > 0) {
    size_t take = std::min(size, 64 - used_);
    std::memcpy(buffer_ + used_, p, take);
    used_ += take, p += take, size -= take;
    if (used_ < 64) return;
    block(buffer_);
    used_ = 0;
  }
  for (; size >= 64; p += 64, size -= 64) block(p);
  std::memcpy(buffer_, p, size);
  used_ = size;
}

void Sha256::field(std::string_view s) {
  number(static_cast<int64_t>(s.size()));
  update(s);
}

void Sha256::number(int64_t v) {
  uint8_t bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i));
  update(bytes, 8);
}

std::string Sha256::hex() {
  uint64_t bits = total_ * 8;
  uint8_t pad = 0x80;
  update(&pad, 1);
  uint8_t zero = 0;
  while (used_ != 56) update(&zero, 1);
  uint8_t length[8];
  for (int i = 0; i < 8; ++i) length[i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
  update(length, 8);
  std::string out;
  for (uint32_t v : h_) out += fmt::format("{:08x}", v);
  return out;
}

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.hex();
}

std::string program_digest(const Program& p) {
  Sha256 h;
  h.field("outcomes-program-v1");
  for (const std::string* s : {&p.plan_id, &p.title, &p.version, &p.source_document}) h.field(*s);
  h.number(static_cast<int64_t>(p.schema.enums.size()));
  for (const EnumDef& e : p.schema.enums) {
    h.field(e.name);
    h.number(static_cast<int64_t>(e.values.size()));
    for (const std::string& v : e.values) h.field(v);
  }
  h.number(static_cast<int64_t>(p.schema.types.size()));
  for (const EventTypeDef& t : p.schema.types) {
    h.field(t.name);
    h.number(static_cast<int64_t>(t.member));
    h.number(t.order_field);
    h.number(static_cast<int64_t>(t.fields.size()));
    for (const FieldDef& f : t.fields) {
      h.field(f.name);
      for (int64_t v : {int64_t(f.type), int64_t(f.enum_id), int64_t(f.optional), int64_t(f.open_end),
                        int64_t(f.has_default), f.default_value, f.min, f.max, int64_t(f.slot), int64_t(f.width)})
        h.number(v);
    }
    h.number(static_cast<int64_t>(t.checks.size()));
    for (const EventCheck& c : t.checks) h.field(c.message), h.field(c.field);
    h.number(static_cast<int64_t>(t.unique_keys.size()));
    for (const auto& key : t.unique_keys) {
      h.number(static_cast<int64_t>(key.size()));
      for (int k : key) h.number(k);
    }
  }
  h.number(static_cast<int64_t>(p.code.size()));
  for (const Instruction& in : p.code) {
    h.number(static_cast<int64_t>(in.op));
    h.number(in.b);
    h.number(in.a);
  }
  h.number(static_cast<int64_t>(p.constants.size()));
  for (const Value& v : p.constants) h.number(v.a), h.number(v.b);
  h.number(static_cast<int64_t>(p.functions.size()));
  for (const FunctionInfo& f : p.functions) {
    h.field(f.name);
    for (int64_t v : {int64_t(f.entry), int64_t(f.end), int64_t(f.arity), int64_t(f.locals), int64_t(f.memo)})
      h.number(v);
  }
  h.number(static_cast<int64_t>(p.indicators.size()));
  for (const IndicatorInfo& i : p.indicators) {
    h.field(i.id), h.field(i.issue), h.field(i.progress), h.field(i.sources);
    h.number(i.strand), h.number(i.presents_function), h.number(i.progress_function);
  }
  h.number(static_cast<int64_t>(p.strands.size()));
  for (const StrandInfo& s : p.strands) {
    h.field(s.id), h.field(s.title);
    h.number(static_cast<int64_t>(s.indicators.size()));
    for (int i : s.indicators) h.number(i);
  }
  auto condition = [&](const ClaimConditionInfo& c) { h.field(c.name), h.field(c.wording), h.number(c.function); };
  h.number(static_cast<int64_t>(p.results.size()));
  for (const ResultInfo& r : p.results) {
    h.field(r.name), h.field(r.title);
    h.number(static_cast<int64_t>(r.kind)), h.number(r.enum_id), h.number(r.function), h.number(r.is_claim);
    h.number(static_cast<int64_t>(r.conditions.size()));
    for (const ClaimConditionInfo& c : r.conditions) condition(c);
    h.number(r.discretion ? 1 : 0);
    if (r.discretion) condition(*r.discretion);
  }
  h.number(static_cast<int64_t>(p.check_functions.size()));
  for (int f : p.check_functions) h.number(f);
  h.number(p.memo_count), h.number(p.traced), h.number(p.claim_verdict_enum);
  h.number(static_cast<int64_t>(p.trace_nodes.size()));
  for (const TraceNode& n : p.trace_nodes) {
    h.number(static_cast<int64_t>(n.kind)), h.number(static_cast<int64_t>(n.value_kind));
    h.number(n.enum_id), h.number(static_cast<int64_t>(n.element_kind));
    h.field(n.label);
  }
  return h.hex();
}

}  // namespace outcomes::cli
