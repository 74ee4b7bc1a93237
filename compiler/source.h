// A rule file held in memory, and positions in it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace outcomes {

struct Span {
  uint32_t file = 0;   // index into SourceSet
  uint32_t begin = 0;  // byte offsets, [begin, end)
  uint32_t end = 0;
};

struct LineColumn {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes
};

struct SourceFile {
  std::string path;
  std::string text;
  std::vector<uint32_t> line_starts;  // byte offset of each line
  SourceFile(std::string path, std::string text);
  LineColumn position(uint32_t offset) const;
  std::string_view line_text(int line) const;  // without the line end
};

// Every file of one compilation; a Span's file indexes it.
class SourceSet {
 public:
  uint32_t add(std::string path, std::string text);
  const SourceFile& file(uint32_t index) const { return files_[index]; }
  size_t size() const { return files_.size(); }
  std::string_view text(Span s) const { return std::string_view(files_[s.file].text).substr(s.begin, s.end - s.begin); }

 private:
  std::vector<SourceFile> files_;
};

}  // namespace outcomes
