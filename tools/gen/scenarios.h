// The catalogue of needs. A need is a scenario: it picks the members it is
// about, writes the events that make some indicators present at A, and then
// events after A that make their progress met or not at C, as the family's
// aim for that strand says. Finishing steps then work out, from the facts
// every scenario and the background left, what each family really presents.
#pragma once
#include <string_view>
#include <vector>

#include "tools/gen/family.h"

namespace outcomes::gen {

struct Need {
  std::string_view name;
  Strand strand;
  int weight;  // relative chance of being chosen among the applicable needs
  bool (*applicable)(const FamilyDraft&);
  void (*run)(FamilyDraft&);
};

// One list per strand (one source file each), plus the Herefordshire-only
// outcomes, which have evidence of their own.
const std::vector<Need>& crime_needs();
const std::vector<Need>& education_needs();
const std::vector<Need>& children_needs();
const std::vector<Need>& employment_needs();
const std::vector<Need>& domestic_abuse_needs();
const std::vector<Need>& health_needs();
const std::vector<Need>& herefordshire_needs();

// Run after every scenario and the background: record expectations that
// depend on evidence several scenarios may have written.
void finish_crime(FamilyDraft& fam);
void finish_education(FamilyDraft& fam);
void finish_children(FamilyDraft& fam);
void finish_employment(FamilyDraft& fam);
void finish_domestic_abuse(FamilyDraft& fam);
void finish_star(FamilyDraft& fam);

// The household: members, A, district and lead agency.
void make_household(FamilyDraft& fam);
// Star readings as fam.facts.star asks (none when no scenario wants them,
// apart from a few families with unremarkable readings).
void write_star_track(FamilyDraft& fam);
// Events every family has that present nothing: registrations, school
// records, the assessment itself, old history, and near misses on purpose.
void write_background(FamilyDraft& fam);

}  // namespace outcomes::gen
