// Writers for the events that several scenarios share. Each writes the event
// and records the fact, so that finishing steps can work out, from everything
// the family ended up with, what presents and whether progress is met.
#pragma once
#include <optional>
#include <string_view>

#include "tools/gen/family.h"

namespace outcomes::gen {

void write_offence(FamilyDraft& fam, const Member& who, Date date);
void write_erjr(FamilyDraft& fam, const Member& who, Date date);
void write_asb_sanction(FamilyDraft& fam, const Member& who, Date date);
void write_asb_incident(FamilyDraft& fam, const Member& who, Date date);
void write_yjs_first_entry(FamilyDraft& fam, const Member& who, Date date);

void write_fixed_exclusion(FamilyDraft& fam, const Member& child, Date date, int64_t days_tenths);
void write_permanent_exclusion(FamilyDraft& fam, const Member& child, Date date);
void write_provision(FamilyDraft& fam, const Member& child, Span span, std::string_view setting,
                     bool suitable);

void write_closure(FamilyDraft& fam, Date date, std::string_view reason);
void write_reopening(FamilyDraft& fam, Date date);

void write_benefit(FamilyDraft& fam, const Member& who, std::string_view kind, Span span,
                   bool work_related_conditions = false, bool at_aet = false);
void write_employment(FamilyDraft& fam, const Member& who, Span span);
void write_neet(FamilyDraft& fam, const Member& who, Span span);
void write_progress_to_work(FamilyDraft& fam, const Member& who, Date date, std::optional<Date> end,
                            std::string_view kind);

void write_da_notification(FamilyDraft& fam, const Member& who, Date date);
void write_da_disclosure(FamilyDraft& fam, const Member& who, Date date, Date last_incident,
                         std::string_view role, bool ongoing_impact);
void write_safety_assessment(FamilyDraft& fam, const Member* who, Date date, bool safe,
                             bool further_risk);
void write_da_support(FamilyDraft& fam, const Member& who, Span span, bool completed);

void write_star_need(FamilyDraft& fam, Date date, std::string_view need);
void write_concern(FamilyDraft& fam, const Member* who, Date date, std::string_view area,
                   std::string_view source);

// Selects Herefordshire outcome n at assessment (dated on A or shortly before).
void select_outcome(FamilyDraft& fam, int outcome);

// A practitioner's judgement in `area` after A. For "practitioner progress
// area, sustained to cutoff" (cutoff = C - N months, or C - 91 days) the
// judgement is written to meet or miss it as `aim` says, through one of the
// ways real records do (no progress, too recently sustained, dated on or
// before A, or no judgement at all).
JudgementShape write_practitioner_judgement(FamilyDraft& fam, const Member* who,
                                            std::string_view area, Date cutoff, Aim aim);
// Whether `shape` is practitioner progress sustained to `cutoff`.
Aim practitioner_progress(const FamilyDraft& fam, const JudgementShape& shape, Date cutoff);

// A judgement of equivalent progress in `area`, which counts only when a
// business manager agreed it and it is dated after A. Returns what was made.
Aim write_equivalent_judgement(FamilyDraft& fam, std::string_view area, Aim aim);

void write_health_support(FamilyDraft& fam, const Member& who, std::string_view kind, Span span, bool progress);
// Herefordshire 23-25: support of `kind` with progress, begun at least six
// months before C and still going at C - 6 months and at C; or, to miss,
// without progress, begun too late, or ended before C.
Aim write_sustained_support(FamilyDraft& fam, const Member& who, std::string_view kind, bool met);

// Draws Met or NotMet from a strand's aim: Unknown exists only where data can
// be missing, so elsewhere it becomes NotMet.
Aim met_or_not(Aim aim);

}  // namespace outcomes::gen
