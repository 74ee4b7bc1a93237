// Health: herts-2018 6.1-6.5, tf2 6a-6b, herefordshire-v6.1 outcomes 24, 25
// and 28 (support that goes with a professional's concern).
#include "tools/gen/evidence.h"
#include "tools/gen/scenarios.h"

namespace outcomes::gen {
namespace {

bool always(const FamilyDraft&) { return true; }
bool has_adult(const FamilyDraft& fam) { return !fam.adults().empty(); }

// herts measures three months, tf2 thirteen weeks (91 days); the two differ
// by a day or two, and judgements sustained from between them meet one only.
Date pick_cutoff(FamilyDraft& fam) {
  return fam.rng.percent(25) ? add_days(fam.C(), -91) : add_months(fam.C(), -3);
}

// Mostly an adult; sometimes a teenager.
const Member& someone(FamilyDraft& fam) {
  const auto teenagers = fam.members_where([&](const Member& m) { return !m.adult && fam.age_at(m, fam.A()) >= 12; });
  if (fam.rng.percent(75) || teenagers.empty()) return *fam.pick_member(fam.adults());
  return *fam.pick_member(teenagers);
}

// A professional's concern (herts 6.1-6.4; tf2 6a/6b for mental health and
// substance misuse) judged by a practitioner, with the support it led to.
void professional_concern(FamilyDraft& fam, std::string_view area, std::string_view herts_id,
                          std::string_view tf2_id) {
  const Member& who = someone(fam);
  const Date a = fam.A(), c = fam.C();
  write_concern(fam, fam.rng.coin() ? &who : nullptr, fam.in_last_months(a, 12), area, "professional");
  const bool met = met_or_not(fam.aim(Strand::Health)) == Aim::Met;
  const JudgementShape shape =
      write_practitioner_judgement(fam, nullptr, area, pick_cutoff(fam), met ? Aim::Met : Aim::NotMet);
  fam.expect(kHerts, herts_id, practitioner_progress(fam, shape, add_months(c, -3)));
  if (!tf2_id.empty()) fam.expect(kTf2, tf2_id, practitioner_progress(fam, shape, add_days(c, -91)));

  if (area == "mental_health" && fam.rng.percent(70)) {
    // Herefordshire 28: support active on some day after A.
    if (met) {
      write_health_support(fam, who, "mental_health", {fam.random_date(add_months(a, -6), c), std::nullopt}, fam.rng.coin());
    } else if (fam.rng.coin()) {
      const Date start = fam.random_date(add_months(a, -12), add_months(a, -2));
      write_health_support(fam, who, "mental_health", {start, fam.edgy_date(start, a)}, false);  // over by A
    }
    if (fam.rng.percent(60)) {
      select_outcome(fam, 28);
      fam.expect(kHerefordshire, "28", met_if(met));
    }
  } else if (area == "substance_misuse" && fam.rng.percent(70)) {
    const Aim support = write_sustained_support(fam, who, "substance_misuse", met);
    if (fam.rng.percent(60)) {
      select_outcome(fam, 24);
      fam.expect(kHerefordshire, "24", support);
    }
  } else if (area == "physical_health" && fam.rng.percent(50)) {
    const Aim support = write_sustained_support(fam, who, "healthy_weight", met);
    if (fam.rng.percent(60)) {
      select_outcome(fam, 25);
      fam.expect(kHerefordshire, "25", support);
    }
  } else if (area == "sexual_health" && fam.rng.coin()) {
    const Date start = fam.random_date(add_months(a, -3), add_days(c, -30));
    write_health_support(fam, who, "sexual_health", {start, fam.rng.coin() ? std::nullopt : std::optional<Date>(c)}, met);
  }
}

void mental_health(FamilyDraft& fam) { professional_concern(fam, "mental_health", "6.1", "6a"); }
void substance_misuse(FamilyDraft& fam) { professional_concern(fam, "substance_misuse", "6.2", "6b"); }
void sexual_health(FamilyDraft& fam) { professional_concern(fam, "sexual_health", "6.3", ""); }
void physical_health(FamilyDraft& fam) { professional_concern(fam, "physical_health", "6.4", ""); }

void star_health(FamilyDraft& fam) {
  static constexpr std::string_view kNeeds[] = {"chronic_health_condition", "drug_misuse",
                                                "mental_health_issues", "problem_drinking"};
  write_star_need(fam, fam.in_last_months(fam.A(), 12), fam.rng.pick(kNeeds));
  fam.facts.star.wanted = true;
}

}  // namespace

const std::vector<Need>& health_needs() {
  static const std::vector<Need> kNeeds = {
      {"mental_health", Strand::Health, 9, has_adult, mental_health},
      {"substance_misuse", Strand::Health, 6, has_adult, substance_misuse},
      {"sexual_health", Strand::Health, 3, has_adult, sexual_health},
      {"physical_health", Strand::Health, 4, has_adult, physical_health},
      {"star_health", Strand::Health, 3, always, star_health},
  };
  return kNeeds;
}

}  // namespace outcomes::gen
