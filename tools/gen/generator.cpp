// The cohort: for each family, a household, an aim per strand, a few needs
// run as scenarios, the Star track, the background, then the finishing steps
// that record what the family presents. Families are written one at a time.
#include "tools/gen/generator.h"

#include <algorithm>

#include "tools/gen/family.h"
#include "tools/gen/scenarios.h"

namespace outcomes::gen {
namespace {

// Every strand need, in the order they run: a need may look at what earlier
// ones wrote (the sibling at risk checks everyone's offences).
const std::vector<const Need*>& strand_catalogue() {
  static const std::vector<const Need*> kAll = [] {
    std::vector<const Need*> all;
    for (const auto* list : {&crime_needs(), &education_needs(), &children_needs(), &employment_needs(),
                             &domestic_abuse_needs(), &health_needs()})
      for (const Need& need : *list) all.push_back(&need);
    return all;
  }();
  return kAll;
}

const std::vector<const Need*>& herefordshire_catalogue() {
  static const std::vector<const Need*> kAll = [] {
    std::vector<const Need*> all;
    for (const Need& need : herefordshire_needs()) all.push_back(&need);
    return all;
  }();
  return kAll;
}

// Met half the time; Unknown (missing attendance data) only in education.
void choose_aims(FamilyDraft& fam) {
  for (int strand = 0; strand < kStrandCount; ++strand) {
    const uint64_t roll = fam.rng.below(100);
    Aim aim = roll < 50 ? Aim::Met : Aim::NotMet;
    if (strand == static_cast<int>(Strand::Education) && roll >= 80) aim = Aim::Unknown;
    fam.strand_aim[strand] = aim;
  }
  fam.facts.star.aim = fam.rng.percent(55) ? Aim::Met : Aim::NotMet;
}

// Draws up to `count` distinct applicable needs, weighted; returns them in
// catalogue order.
std::vector<const Need*> choose(FamilyDraft& fam, const std::vector<const Need*>& catalogue, int count) {
  std::vector<bool> taken(catalogue.size(), false), applicable(catalogue.size());
  int64_t total = 0;
  for (size_t i = 0; i < catalogue.size(); ++i) {
    applicable[i] = catalogue[i]->applicable(fam);
    if (applicable[i]) total += catalogue[i]->weight;
  }
  for (int n = 0; n < count && total > 0; ++n) {
    int64_t ticket = static_cast<int64_t>(fam.rng.below(static_cast<uint64_t>(total)));
    for (size_t i = 0; i < catalogue.size(); ++i) {
      if (taken[i] || !applicable[i]) continue;
      ticket -= catalogue[i]->weight;
      if (ticket < 0) {
        taken[i] = true;
        total -= catalogue[i]->weight;
        break;
      }
    }
  }
  std::vector<const Need*> chosen;
  for (size_t i = 0; i < catalogue.size(); ++i)
    if (taken[i]) chosen.push_back(catalogue[i]);
  return chosen;
}

// An earlier need may have used up what a later one needs (the only pupil's
// attendance, say): such a need is dropped.
void run(FamilyDraft& fam, const std::vector<const Need*>& needs) {
  for (const Need* need : needs) {
    if (!need->applicable(fam)) continue;
    fam.needs.push_back(need->name);
    need->run(fam);
  }
}

}  // namespace

FamilyDraft generate_family(const GenOptions& options, Date as_of, int64_t index) {
  FamilyDraft fam(options, as_of, index);
  make_household(fam);
  choose_aims(fam);

  static constexpr int kNeedCounts[] = {1, 2, 2, 3, 3, 3, 3, 4, 4, 5};
  const std::vector<const Need*> needs = choose(fam, strand_catalogue(), fam.rng.pick(kNeedCounts));
  static constexpr int kOutcomeNeedCounts[] = {0, 0, 1, 1, 1, 2};
  const std::vector<const Need*> outcome_needs = choose(fam, herefordshire_catalogue(), fam.rng.pick(kOutcomeNeedCounts));
  for (const Need* need : needs)
    if (need->strand == Strand::Employment && fam.aim(Strand::Employment) != Aim::Met)
      fam.facts.star.work_domains_low_after = true;  // the Star limb must not meet 4.1 either

  run(fam, needs);
  run(fam, outcome_needs);
  write_star_track(fam);
  write_background(fam);

  finish_crime(fam);
  finish_education(fam);
  finish_children(fam);
  finish_employment(fam);
  finish_domestic_abuse(fam);
  finish_star(fam);
  return fam;
}

void generate_cohort(const GenOptions& options, std::ostream& out) {
  const Date as_of = parse_as_of(options.as_of);
  std::string line;
  for (int64_t index = 0; index < options.families; ++index) {
    FamilyDraft fam = generate_family(options, as_of, index);
    line.clear();
    fam.write_json(line);
    line += '\n';
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  }
}

}  // namespace outcomes::gen
