// The family ids a cohort reader or a streamed run has accepted, with the
// line each came from.
//
// Spec §7 rejects a family whose id was accepted on an earlier line, so this
// is the one thing a run keeps for every family: everything else is dropped
// once a family is delivered. At national scale it is most of a run's memory,
// so it is packed: each id's bytes and line sit back to back in 1 MiB blocks
// (never reallocated, so the arena never holds a copy of itself while it
// grows), and an open-addressing table holds 8 bytes per slot (where the id
// is, and a tag from its hash that spares most string comparisons). About 30
// bytes per 8-character id, against about 80 in a std::unordered_map.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace outcomes {

class AcceptedIds {
 public:
  AcceptedIds();
  // The line `id` was accepted on before; none, after recording `line` for
  // it, when it is new.
  std::optional<int64_t> accept(std::string_view id, int64_t line);
  size_t size() const { return count_; }
  // Bytes held by the arena and the table (their capacity).
  size_t bytes_held() const;

 private:
  struct Stored {
    std::string_view id;
    int64_t line;
  };
  Stored stored_at(uint64_t slot) const;
  uint64_t store(std::string_view id, int64_t line);  // the slot's where-part
  void grow();
  size_t slot_for(uint64_t hash) const { return hash & (slots_.size() - 1); }

  // Per id: varint length, its bytes, varint line. An id too long for a
  // block gets a block of its own.
  std::vector<std::vector<unsigned char>> blocks_;
  std::vector<uint64_t> slots_;  // 0: empty; else block + 1, position, tag
  size_t count_ = 0;
};

}  // namespace outcomes
