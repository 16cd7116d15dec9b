//! Goals: where they stand, who may see them, how they are measured, and how far along they
//! are. Progress and freshness are computed here, from check-ins, so the board, the goal page
//! and the dashboard tell the same story.

use super::choice::choice_enum;
use std::fmt;

choice_enum!(
    /// A goal board's columns, in order.
    GoalStatus {
        Planned => ("planned", "Planned"),
        InProgress => ("in_progress", "In progress"),
        Achieved => ("achieved", "Achieved"),
        Dropped => ("dropped", "Dropped"),
    }
);

choice_enum!(
    GoalCategory {
        Skill => ("skill", "Skill"),
        Career => ("career", "Career"),
        Project => ("project", "Project"),
        Wellbeing => ("wellbeing", "Wellbeing"),
        Other => ("other", "Other"),
    }
);

choice_enum!(
    /// Who besides the owner may read a goal. Program admins only ever see goals shared with
    /// them, and no figure they see counts a private goal.
    Visibility {
        Private => ("private", "Only me"),
        Match => ("match", "Me and my match"),
        MatchAdmins => ("match_admins", "My match and program admins"),
    }
);

choice_enum!(
    /// Whether a metric improves by going up (sessions held) or down (hours of overtime).
    Direction {
        Up => ("up", "Higher is better"),
        Down => ("down", "Lower is better"),
    }
);

choice_enum!(
    /// How progress is known: from measured values, or from ticked milestones.
    MeasureKind {
        Metric => ("metric", "A number to reach"),
        Milestones => ("milestones", "A checklist of milestones"),
    }
);

/// A measured value in thousandths, so "2.5 hours" is stored and compared exactly on both
/// databases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub i64);

/// The largest value a metric takes: a trillion, far beyond any goal, far from overflow.
const AMOUNT_MAX: i64 = 1_000_000_000_000_000;

impl Amount {
    /// Reads "12", "-3", "2.5" or "0.125" (at most three decimals; `,` is accepted as the
    /// decimal mark).
    pub fn parse(raw: &str) -> Option<Amount> {
        let s = raw.trim().replace(',', ".");
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.as_str()),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty())
            || !all_digits(whole)
            || !all_digits(fraction)
            || fraction.len() > 3
            || whole.len() > 12
        {
            return None;
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        let fraction: i64 = format!("{fraction:0<3}").parse().ok()?;
        let value = whole * 1000 + fraction;
        (value <= AMOUNT_MAX).then_some(Amount(if negative { -value } else { value }))
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
}

impl fmt::Display for Amount {
    /// Shortest exact form: 2.5, not 2.500.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (whole, fraction) = (self.0.abs() / 1000, self.0.abs() % 1000);
        if fraction == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let digits = format!("{fraction:03}");
            write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

/// How far a metric goal has come from its baseline towards its target, from 0 to 1. Going
/// the wrong way counts as no progress; passing the target counts as done.
pub fn metric_progress(baseline: Amount, target: Amount, current: Option<Amount>) -> f64 {
    let Some(current) = current else {
        return 0.0;
    };
    let span = (target.0 - baseline.0) as f64;
    if span == 0.0 {
        return 1.0;
    }
    ((current.0 - baseline.0) as f64 / span).clamp(0.0, 1.0)
}

/// Ticked milestones over all milestones, from 0 to 1.
pub fn milestone_progress(done: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        (done.min(total) as f64) / total as f64
    }
}

/// Progress as a whole percentage, rounded down so 99.6% never reads as done.
pub fn percent(progress: f64) -> i64 {
    (progress.clamp(0.0, 1.0) * 100.0 + 1e-9).floor() as i64
}

/// Days without a check-in after which an open goal is marked stale.
pub const STALE_AFTER_DAYS: i64 = 21;
/// Days without a check-in after which an open goal asks for one.
pub const CHECK_IN_AFTER_DAYS: i64 = 7;

/// Whether an open goal has been looked after lately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Freshness {
    /// Checked in within the week, or not open (achieved, dropped).
    Fresh,
    /// A week or more since the last check-in.
    Due,
    /// Three weeks or more since the last check-in.
    Stale,
}

/// Freshness from the last check-in (or the goal's creation when it has none), in Unix
/// seconds.
pub fn freshness(status: GoalStatus, last_activity: i64, now: i64) -> Freshness {
    if matches!(status, GoalStatus::Achieved | GoalStatus::Dropped) {
        return Freshness::Fresh;
    }
    let days = (now - last_activity).max(0) / 86_400;
    if days >= STALE_AFTER_DAYS {
        Freshness::Stale
    } else if days >= CHECK_IN_AFTER_DAYS {
        Freshness::Due
    } else {
        Freshness::Fresh
    }
}

/// A SMART prompt to start a goal from: a title to adapt, why it matters, and a suggested
/// way to measure it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoalTemplate {
    pub key: &'static str,
    pub category: GoalCategory,
    pub title: &'static str,
    pub why: &'static str,
    pub measure: MeasureKind,
    pub unit: &'static str,
    pub baseline: &'static str,
    pub target: &'static str,
    /// For milestone goals, one per line.
    pub milestones: &'static str,
}

/// The templates that ship with Tandem, one per category.
pub const GOAL_TEMPLATES: &[GoalTemplate] = &[
    GoalTemplate {
        key: "skill",
        category: GoalCategory::Skill,
        title: "Get confident at [a skill] by [date]",
        why: "Specific: name the skill. Relevant: say where you will use it in your work.",
        measure: MeasureKind::Metric,
        unit: "hours of practice",
        baseline: "0",
        target: "20",
        milestones: "",
    },
    GoalTemplate {
        key: "career",
        category: GoalCategory::Career,
        title: "Prepare for [the next role] by [date]",
        why: "Say what the role asks that you do not do yet, and who will judge you ready.",
        measure: MeasureKind::Milestones,
        unit: "",
        baseline: "",
        target: "",
        milestones: "Talk with someone in the role\nList the gaps with my manager\nLead one piece of work that closes a gap\nAsk for feedback on it",
    },
    GoalTemplate {
        key: "project",
        category: GoalCategory::Project,
        title: "Ship [a project] by [date]",
        why: "Who benefits, and what changes for them when it ships?",
        measure: MeasureKind::Milestones,
        unit: "",
        baseline: "",
        target: "",
        milestones: "Agree the scope\nShare a first draft\nGather feedback\nShip it",
    },
    GoalTemplate {
        key: "wellbeing",
        category: GoalCategory::Wellbeing,
        title: "Protect [time or energy] each week",
        why: "What will you have more of, and what will you stop doing to get it?",
        measure: MeasureKind::Metric,
        unit: "evenings worked per week",
        baseline: "3",
        target: "0",
        milestones: "",
    },
    GoalTemplate {
        key: "other",
        category: GoalCategory::Other,
        title: "[Do something measurable] by [date]",
        why: "Specific, measurable, achievable, relevant and time-bound: say why this matters now.",
        measure: MeasureKind::Metric,
        unit: "",
        baseline: "0",
        target: "1",
        milestones: "",
    },
];

pub fn goal_template(key: &str) -> Option<&'static GoalTemplate> {
    GOAL_TEMPLATES.iter().find(|t| t.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Amount {
        Amount::parse(s).unwrap()
    }

    #[test]
    fn amounts_read_and_print_exactly() {
        assert_eq!(a("12"), Amount(12_000));
        assert_eq!(a("2.5"), Amount(2_500));
        assert_eq!(a("2,5"), Amount(2_500));
        assert_eq!(a("-0.125"), Amount(-125));
        assert_eq!(a(".5"), Amount(500));
        for bad in [
            "",
            "-",
            "1.2345",
            "abc",
            "1e3",
            "1.2.3",
            "9999999999999",
            " - 1",
        ] {
            assert_eq!(Amount::parse(bad), None, "{bad:?}");
        }
        for s in ["12", "2.5", "-0.125", "0", "1000000"] {
            assert_eq!(a(s).to_string(), s);
        }
    }

    #[test]
    fn metric_progress_counts_from_baseline_towards_target_either_way() {
        assert_eq!(metric_progress(a("0"), a("10"), None), 0.0);
        assert_eq!(metric_progress(a("0"), a("10"), Some(a("2.5"))), 0.25);
        assert_eq!(metric_progress(a("0"), a("10"), Some(a("12"))), 1.0);
        assert_eq!(metric_progress(a("0"), a("10"), Some(a("-3"))), 0.0);
        // Down: from 5 evenings a week to 1.
        assert_eq!(metric_progress(a("5"), a("1"), Some(a("4"))), 0.25);
        assert_eq!(metric_progress(a("5"), a("1"), Some(a("6"))), 0.0);
        assert_eq!(metric_progress(a("5"), a("1"), Some(a("0"))), 1.0);
        assert_eq!(metric_progress(a("3"), a("3"), Some(a("3"))), 1.0);
    }

    #[test]
    fn milestone_progress_and_percentages() {
        assert_eq!(milestone_progress(0, 0), 0.0);
        assert_eq!(milestone_progress(1, 4), 0.25);
        assert_eq!(milestone_progress(5, 4), 1.0);
        assert_eq!(percent(0.996), 99);
        assert_eq!(percent(1.0), 100);
        assert_eq!(percent(2.0 / 3.0), 66);
        assert_eq!(percent(0.29), 29, "no float rounding down to 28");
    }

    #[test]
    fn open_goals_ask_for_a_check_in_after_a_week_and_go_stale_after_three() {
        let day = 86_400;
        let now = 100 * day;
        let open = GoalStatus::InProgress;
        assert_eq!(freshness(open, now - 6 * day, now), Freshness::Fresh);
        assert_eq!(freshness(open, now - 7 * day, now), Freshness::Due);
        assert_eq!(freshness(open, now - 20 * day, now), Freshness::Due);
        assert_eq!(freshness(open, now - 21 * day, now), Freshness::Stale);
        assert_eq!(
            freshness(GoalStatus::Planned, now - 30 * day, now),
            Freshness::Stale
        );
        assert_eq!(
            freshness(GoalStatus::Achieved, now - 30 * day, now),
            Freshness::Fresh
        );
        assert_eq!(
            freshness(GoalStatus::Dropped, now - 30 * day, now),
            Freshness::Fresh
        );
    }

    #[test]
    fn every_category_has_a_template_and_choices_round_trip() {
        for c in GoalCategory::ALL {
            assert!(GOAL_TEMPLATES.iter().any(|t| t.category == *c), "{c:?}");
            assert_eq!(GoalCategory::parse(c.as_str()), Some(*c));
        }
        for s in GoalStatus::ALL {
            assert_eq!(GoalStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Visibility::parse("public"), None);
        assert_eq!(
            goal_template("career").unwrap().measure,
            MeasureKind::Milestones
        );
    }
}
