#include "runtime/accepted_ids.h"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace outcomes {

namespace {

// A slot: 20 bits of block number + 1, 20 of position in the block, 24 of
// tag. A million 1 MiB blocks: a terabyte of ids.
constexpr int kTagBits = 24, kPositionBits = 20;
constexpr uint64_t kTagMask = (uint64_t{1} << kTagBits) - 1;
constexpr uint64_t kPositionMask = (uint64_t{1} << kPositionBits) - 1;
constexpr size_t kBlockBytes = size_t{1} << kPositionBits;
constexpr size_t kMaxBlocks = (size_t{1} << (64 - kTagBits - kPositionBits)) - 1;

uint64_t hash_of(std::string_view id) {
  // std::hash is fine for spreading; the top bits make the tag, the low bits
  // the slot, so the two are independent.
  return std::hash<std::string_view>{}(id) * 0x9E3779B97F4A7C15u;
}
uint64_t tag_of(uint64_t hash) { return hash >> (64 - kTagBits); }

void put_varint(std::vector<unsigned char>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<unsigned char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<unsigned char>(v));
}

uint64_t get_varint(const unsigned char*& p) {
  uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    unsigned char byte = *p++;
    v |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if (byte < 0x80) return v;
  }
}

}  // namespace

AcceptedIds::AcceptedIds() : slots_(1024, 0) {}

AcceptedIds::Stored AcceptedIds::stored_at(uint64_t slot) const {
  const uint64_t block = (slot >> (kTagBits + kPositionBits)) - 1;
  const unsigned char* p = blocks_[block].data() + ((slot >> kTagBits) & kPositionMask);
  const uint64_t length = get_varint(p);
  std::string_view id(reinterpret_cast<const char*>(p), length);
  p += length;
  return {id, static_cast<int64_t>(get_varint(p))};
}

std::optional<int64_t> AcceptedIds::accept(std::string_view id, int64_t line) {
  const uint64_t hash = hash_of(id), tag = tag_of(hash);
  size_t at = slot_for(hash);
  for (;; at = (at + 1) & (slots_.size() - 1)) {
    const uint64_t slot = slots_[at];
    if (slot == 0) break;
    if ((slot & kTagMask) != tag) continue;
    Stored earlier = stored_at(slot);
    if (earlier.id == id) return earlier.line;
  }
  slots_[at] = store(id, line) | tag;
  // At most 80% full, so a probe meets an empty slot soon.
  if (++count_ * 10 > slots_.size() * 8) grow();
  return std::nullopt;
}

uint64_t AcceptedIds::store(std::string_view id, int64_t line) {
  const size_t bytes = id.size() + 20;  // two varints take at most 20 bytes
  // A block is filled to 1 MiB at most, so every position fits its 20 bits
  // (an id's own block is full from the start).
  if (blocks_.empty() || blocks_.back().size() + bytes > kBlockBytes) {
    if (blocks_.size() == kMaxBlocks) throw std::length_error("too many family ids to check for repeats");
    blocks_.emplace_back().reserve(std::max(bytes, kBlockBytes));
  }
  std::vector<unsigned char>& block = blocks_.back();
  const uint64_t position = block.size();  // below kBlockBytes: an own block starts at 0
  put_varint(block, id.size());
  block.insert(block.end(), id.begin(), id.end());
  put_varint(block, static_cast<uint64_t>(line));
  return (static_cast<uint64_t>(blocks_.size()) << kPositionBits | position) << kTagBits;
}

void AcceptedIds::grow() {
  std::vector<uint64_t> old(slots_.size() * 2, 0);
  old.swap(slots_);
  for (uint64_t slot : old) {
    if (slot == 0) continue;
    size_t at = slot_for(hash_of(stored_at(slot).id));
    while (slots_[at] != 0) at = (at + 1) & (slots_.size() - 1);
    slots_[at] = slot;
  }
}

size_t AcceptedIds::bytes_held() const {
  size_t bytes = slots_.capacity() * sizeof(uint64_t) + blocks_.capacity() * sizeof(blocks_[0]);
  for (const auto& block : blocks_) bytes += block.capacity();
  return bytes;
}

}  // namespace outcomes
