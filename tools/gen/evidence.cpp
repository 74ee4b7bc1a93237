#include "tools/gen/evidence.h"

#include <algorithm>

namespace outcomes::gen {

namespace {
void record(std::vector<MemberDate>& facts, const Member& who, Date date) {
  facts.push_back({who.index, date});
}
}  // namespace

void write_offence(FamilyDraft& fam, const Member& who, Date date) {
  fam.point("offence", &who, date);
  record(fam.facts.offences, who, date);
}

void write_erjr(FamilyDraft& fam, const Member& who, Date date) {
  fam.point("erjr", &who, date);
  record(fam.facts.erjrs, who, date);
}

void write_asb_sanction(FamilyDraft& fam, const Member& who, Date date) {
  static constexpr std::string_view kKinds[] = {
      "asbo", "civil_injunction", "criminal_behaviour_order", "community_protection_notice",
      "closure_notice", "closure_order", "aba", "abc", "parenting_contract", "nosp"};
  fam.point("asb_sanction", &who, date).text("kind", fam.rng.pick(kKinds));
  record(fam.facts.asb_sanctions, who, date);
}

void write_asb_incident(FamilyDraft& fam, const Member& who, Date date) {
  fam.point("asb_incident", &who, date);
  record(fam.facts.asb_incidents, who, date);
}

void write_yjs_first_entry(FamilyDraft& fam, const Member& who, Date date) {
  fam.point("yjs_first_entry", &who, date);
  record(fam.facts.yjs_entries, who, date);
}

void write_fixed_exclusion(FamilyDraft& fam, const Member& child, Date date, int64_t days_tenths) {
  fam.point("exclusion", &child, date).text("kind", "fixed").tenths("days", days_tenths);
  fam.facts.exclusions.push_back({child.index, date, false, days_tenths});
}

void write_permanent_exclusion(FamilyDraft& fam, const Member& child, Date date) {
  fam.point("exclusion", &child, date).text("kind", "permanent");
  fam.facts.exclusions.push_back({child.index, date, true, 0});
}

void write_provision(FamilyDraft& fam, const Member& child, Span span, std::string_view setting,
                     bool suitable) {
  EventBuilder e = fam.interval("education_provision", &child, span.start, span.end);
  e.text("setting", setting);
  // suitable defaults to true: exports often leave it out when it is.
  if (!suitable || fam.rng.percent(50)) e.flag("suitable", suitable);
  fam.facts.provisions.push_back({child.index, span, setting, suitable});
}

void write_closure(FamilyDraft& fam, Date date, std::string_view reason) {
  fam.point("case_closed", nullptr, date).text("reason", reason);
  fam.facts.closures.push_back({date, reason});
}

void write_reopening(FamilyDraft& fam, Date date) {
  fam.point("case_reopened", nullptr, date);
  fam.facts.reopenings.push_back(date);
}

void write_benefit(FamilyDraft& fam, const Member& who, std::string_view kind, Span span,
                   bool work_related_conditions, bool at_aet) {
  EventBuilder e = fam.interval("benefit", &who, span.start, span.end);
  e.text("benefit", kind);
  if (kind == "uc") {
    // Both flags default to false; a false one is sometimes left out.
    if (work_related_conditions || fam.rng.percent(60)) e.flag("work_related_conditions", work_related_conditions);
    if (at_aet || fam.rng.percent(60)) e.flag("at_aet", at_aet);
  }
  fam.facts.benefits.push_back({who.index, kind, span, work_related_conditions, at_aet});
}

void write_employment(FamilyDraft& fam, const Member& who, Span span) {
  fam.interval("employment", &who, span.start, span.end);
  fam.facts.employments.push_back({who.index, span});
}

void write_neet(FamilyDraft& fam, const Member& who, Span span) {
  fam.interval("neet", &who, span.start, span.end);
  fam.facts.neets.push_back({who.index, span});
}

void write_progress_to_work(FamilyDraft& fam, const Member& who, Date date, std::optional<Date> end,
                            std::string_view kind) {
  EventBuilder e = fam.point("progress_to_work", &who, date);
  if (end)
    e.date("end", *end);
  else if (fam.rng.percent(20))
    e.null("end");
  e.text("kind", kind);
  fam.facts.progress_to_work.push_back({who.index, date, end, kind});
}

void write_da_notification(FamilyDraft& fam, const Member& who, Date date) {
  fam.point("da_notification", &who, date).text("category", fam.rng.percent(80) ? "domestic_abuse" : "vawg");
  record(fam.facts.da_notifications, who, date);
}

void write_da_disclosure(FamilyDraft& fam, const Member& who, Date date, Date last_incident,
                         std::string_view role, bool ongoing_impact) {
  fam.point("da_disclosure", &who, date)
      .date("last_incident", last_incident)
      .text("role", role)
      .flag("ongoing_impact", ongoing_impact);
  record(fam.facts.da_disclosures, who, date);
}

void write_safety_assessment(FamilyDraft& fam, const Member* who, Date date, bool safe,
                             bool further_risk) {
  fam.point("safety_assessment", who, date).flag("safe", safe).flag("further_risk", further_risk);
  fam.facts.safety_assessments.push_back({date, safe, further_risk});
}

void write_da_support(FamilyDraft& fam, const Member& who, Span span, bool completed) {
  EventBuilder e = fam.interval("da_support", &who, span.start, span.end);
  if (completed || fam.rng.percent(50)) e.flag("completed", completed);  // default false
  fam.facts.da_supports.push_back({who.index, span, completed});
}

void write_star_need(FamilyDraft& fam, Date date, std::string_view need) {
  fam.point("star_need", nullptr, date).text("need", need);
  fam.facts.star_needs.emplace_back(date, need);
}

void write_concern(FamilyDraft& fam, const Member* who, Date date, std::string_view area,
                   std::string_view source) {
  fam.point("concern", who, date).text("area", area).text("source", source);
}

void select_outcome(FamilyDraft& fam, int outcome) {
  if (fam.facts.outcome_selected[outcome]) return;
  fam.facts.outcome_selected[outcome] = true;
  const Date date = fam.rng.percent(65) ? fam.A() : fam.random_date(add_days(fam.A(), -90), fam.A());
  EventBuilder e = fam.point("outcome_selected", nullptr, date);
  e.integer("outcome", outcome);
}

Aim write_equivalent_judgement(FamilyDraft& fam, std::string_view area, Aim aim) {
  const Date a = fam.A(), c = fam.C();
  auto judgement = [&](Date date) {
    return fam.point("judgement", nullptr, date).text("area", area).text("outcome", "equivalent_progress");
  };
  if (aim == Aim::Met) {
    judgement(fam.after_until(a, c)).text("agreed_by", "business_manager");
    return Aim::Met;
  }
  switch (fam.rng.below(4)) {
    case 0:  // agreed, but by someone else
      judgement(fam.after_until(a, c)).text("agreed_by", "head_of_early_help");
      break;
    case 1:  // never agreed
      judgement(fam.after_until(a, c));
      break;
    case 2:  // agreed on A itself, which is not after it
      judgement(a).text("agreed_by", "business_manager");
      break;
    default:  // nothing recorded
      break;
  }
  return Aim::NotMet;
}

void write_health_support(FamilyDraft& fam, const Member& who, std::string_view kind, Span span, bool progress) {
  fam.interval("health_support", &who, span.start, span.end).text("kind", kind).flag("progress", progress);
}

Aim write_sustained_support(FamilyDraft& fam, const Member& who, std::string_view kind, bool met) {
  const Date a = fam.A(), c = fam.C(), six_before_c = add_months(c, -6);
  const Date start = fam.edgy_date(add_months(a, -6), six_before_c);
  if (met) {
    write_health_support(fam, who, kind, {start, fam.rng.coin() ? std::nullopt : std::optional<Date>(c)}, true);
    return Aim::Met;
  }
  switch (fam.rng.below(3)) {
    case 0:  // no progress yet
      write_health_support(fam, who, kind, {start, std::nullopt}, false);
      break;
    case 1:  // begun too late
      write_health_support(fam, who, kind, {fam.after_until(six_before_c, c), std::nullopt}, true);
      break;
    default:  // ended before C
      write_health_support(fam, who, kind, {start, fam.edgy_date(six_before_c, add_days(c, -1))}, true);
      break;
  }
  return Aim::NotMet;
}

Aim met_or_not(Aim aim) { return aim == Aim::Met ? Aim::Met : Aim::NotMet; }

JudgementShape write_practitioner_judgement(FamilyDraft& fam, const Member* who,
                                            std::string_view area, Date cutoff, Aim aim) {
  const Date a = fam.A(), c = fam.C();
  const Date first_after = add_days(a, 1);
  JudgementShape shape;
  if (aim == Aim::Met) {
    shape.progress = true;
    if (first_after <= cutoff && fam.rng.percent(40)) {
      shape.date = fam.edgy_date(first_after, cutoff);  // no sustained_from: its date counts
    } else {
      const Date sustained_from = first_after <= cutoff
                                      ? fam.edgy_date(first_after, cutoff)
                                      : fam.edgy_date(add_days(cutoff, -60), cutoff);
      shape.sustained_from = sustained_from;
      shape.date = fam.edgy_date(std::max(sustained_from, first_after), c);
    }
  } else {
    const uint64_t way = fam.rng.below(4);
    if (way == 0) {
      return shape;  // nothing recorded
    } else if (way == 1 && cutoff < c) {
      shape.progress = true;  // progress, but not yet sustained long enough
      shape.sustained_from = fam.edgy_date(std::max(add_days(cutoff, 1), first_after), c);
      shape.date = fam.edgy_date(*shape.sustained_from, c);
    } else if (way == 2) {
      shape.progress = true;  // recorded on or before A: not progress on this plan
      shape.date = fam.edgy_date(add_days(a, -60), a);
    } else {
      shape.date = fam.after_until(a, c);
    }
  }
  shape.written = true;
  EventBuilder e = fam.point("judgement", who, shape.date);
  e.text("area", area).text("outcome", shape.progress ? "progress" : "no_progress");
  if (shape.sustained_from) e.date("sustained_from", *shape.sustained_from);
  if (fam.rng.percent(15)) e.text("agreed_by", "business_manager");
  fam.facts.practitioner_judgements.emplace_back(area, shape);
  return shape;
}

Aim practitioner_progress(const FamilyDraft& fam, const JudgementShape& shape, Date cutoff) {
  if (!shape.written || !shape.progress) return Aim::NotMet;
  if (shape.date <= fam.A() || shape.date > fam.C()) return Aim::NotMet;
  return met_if(shape.sustained_from.value_or(shape.date) <= cutoff);
}

}  // namespace outcomes::gen
