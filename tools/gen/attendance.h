// Termly attendance records for one child, shaped to land on the absence
// rates a scenario needs (including the exact 10% and 60% edges, and the
// "unknown" of missing data).
#pragma once
#include <optional>

#include "tools/gen/family.h"

namespace outcomes::gen {

enum class AbsenceLevel : uint8_t {
  Perfect,                  // next to no absence
  Good,                     // overall absence under 10%
  JustUnderTenUnauthorised, // 13/140-like: presents nothing, on purpose
  AuthorisedHeavy,          // overall 10%+ with unauthorised under 10% (tf2 2d only)
  ExactlyTenOverall,        // overall exactly 10%, unauthorised under 10%
  Unauthorised10to60,       // herts 2.4
  ExactlyTenUnauthorised,   // 14/140: herts 2.4 at its lower edge
  Moderate,                 // unauthorised 12-30%: not yet under 10%
  PartlyImproved,           // unauthorised 25-40%: better than 60%, not 40 points better
  Unauthorised60Plus,       // herts 2.5
  ExactlySixty,             // 84/140: herts 2.5 at its edge
};

struct AttendancePlan {
  AbsenceLevel before = AbsenceLevel::Good;  // terms ending on or before A
  AbsenceLevel after = AbsenceLevel::Good;   // terms ending after A
  bool no_records = false;
  // Keep only records that A can use but C cannot (ending before C - 18
  // months), so the measure at C is unknown.
  bool unknown_at_claim = false;
  std::optional<Span> gap;  // no records for terms overlapping it (missing education)
  std::optional<Date> stop_after;  // no records for terms ending after this day
};

// Writes the child's records (terms from about A - 13 months up to the last
// term ending on or before C, while the child is in Reception to Year 11) and
// keeps them in fam.facts.attendance. Writing twice for a child is a bug.
const AttendanceSeries& write_attendance(FamilyDraft& fam, const Member& child, const AttendancePlan& plan);
bool attendance_written(const FamilyDraft& fam, const Member& child);

}  // namespace outcomes::gen
