//! The goal and check-in forms: what people type, checked field by field so a mistake is
//! named next to its field and nothing is saved half-way.

use super::field::{date, err, lines, number, text, FieldError};
use super::goal::{Amount, Direction, GoalCategory, MeasureKind, Visibility};
use serde::{Deserialize, Serialize};
use time::Date;

/// Most milestones one goal has.
pub const MILESTONES_MAX: usize = 20;

/// The goal form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalInput {
    pub title: String,
    #[serde(default)]
    pub why: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub measure: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub baseline: String,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub direction: String,
    /// One milestone per line.
    #[serde(default)]
    pub milestones: String,
    #[serde(default)]
    pub visibility: String,
}

/// How a checked goal is measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    Metric {
        unit: String,
        baseline: Amount,
        target: Amount,
        direction: Direction,
    },
    Milestones(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalSpec {
    pub title: String,
    pub why: String,
    pub category: GoalCategory,
    pub due_on: Option<Date>,
    pub measure: Measure,
    pub visibility: Visibility,
}

fn amount(field: &'static str, raw: &str) -> Result<Amount, FieldError> {
    if raw.trim().is_empty() {
        return err(field, "Enter a number.");
    }
    Amount::parse(raw).map_or_else(
        || {
            err(
                field,
                "Enter a number, like 12 or 2.5 (at most three decimals).",
            )
        },
        Ok,
    )
}

impl GoalInput {
    /// Checks the form. `today` is the owner's date; a goal already saved may keep a due date
    /// that has since passed (`keep_due` is its stored date).
    pub fn parse(&self, today: Date, keep_due: Option<Date>) -> Result<GoalSpec, FieldError> {
        let title = text("title", &self.title, 120, true)?;
        let why = text("why", &self.why, 2_000, false)?;
        let category = GoalCategory::parse(&self.category)
            .map_or_else(|| err("category", "Choose a category."), Ok)?;
        let due_on = if self.due_on.trim().is_empty() {
            None
        } else {
            let d = date("due_on", &self.due_on)?;
            if d < today && Some(d) != keep_due {
                return err("due_on", "This date is in the past. Choose today or later.");
            }
            Some(d)
        };
        let measure = match MeasureKind::parse(&self.measure) {
            Some(MeasureKind::Metric) => {
                let unit = text("unit", &self.unit, 40, true)?;
                let baseline = amount("baseline", &self.baseline)?;
                let target = amount("target", &self.target)?;
                let direction = Direction::parse(&self.direction).map_or_else(
                    || err("direction", "Say whether higher or lower is better."),
                    Ok,
                )?;
                match direction {
                    Direction::Up if target <= baseline => {
                        return err(
                            "target",
                            format!("Higher is better, so the target must be above the baseline ({baseline})."),
                        )
                    }
                    Direction::Down if target >= baseline => {
                        return err(
                            "target",
                            format!("Lower is better, so the target must be below the baseline ({baseline})."),
                        )
                    }
                    _ => {}
                }
                Measure::Metric {
                    unit,
                    baseline,
                    target,
                    direction,
                }
            }
            Some(MeasureKind::Milestones) => {
                let items = lines(&self.milestones);
                if items.is_empty() {
                    return err("milestones", "Write at least one milestone, one per line.");
                }
                if items.len() > MILESTONES_MAX {
                    return err(
                        "milestones",
                        format!("Use at most {MILESTONES_MAX} milestones."),
                    );
                }
                if let Some(long) = items.iter().find(|m| m.chars().count() > 200) {
                    return err(
                        "milestones",
                        format!(
                            "Keep each milestone to 200 characters; \"{}…\" is longer.",
                            long.chars().take(30).collect::<String>()
                        ),
                    );
                }
                Measure::Milestones(items)
            }
            None => return err("measure", "Choose how progress is measured."),
        };
        let visibility = Visibility::parse(&self.visibility)
            .map_or_else(|| err("visibility", "Choose who may see this goal."), Ok)?;
        Ok(GoalSpec {
            title,
            why,
            category,
            due_on,
            measure,
            visibility,
        })
    }
}

/// The check-in form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInInput {
    /// The measured value, for a metric goal.
    #[serde(default)]
    pub value: String,
    /// Ids of the ticked milestones, for a milestone goal (`input[done][]`).
    #[serde(default)]
    pub done: Vec<String>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub confidence: String,
    /// Empty: today.
    #[serde(default)]
    pub checked_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInSpec {
    /// `None` for a milestone goal.
    pub value: Option<Amount>,
    pub done: Vec<i64>,
    pub note: String,
    pub confidence: i64,
    pub checked_on: Date,
}

impl CheckInInput {
    /// Checks the form for a metric goal (`metric`) or a milestone goal. A check-in records
    /// what happened, so it may not be dated after `today`.
    pub fn parse(&self, metric: bool, today: Date) -> Result<CheckInSpec, FieldError> {
        let value = if metric {
            Some(amount("value", &self.value)?)
        } else {
            None
        };
        let mut done = Vec::new();
        for raw in self.done.iter().map(|d| d.trim()).filter(|d| !d.is_empty()) {
            match raw.parse::<i64>() {
                Ok(id) if id > 0 && !done.contains(&id) => done.push(id),
                Ok(id) if id > 0 => {}
                _ => return err("done", format!("{raw:?} is not a milestone.")),
            }
        }
        let note = text("note", &self.note, 2_000, false)?;
        let confidence = number("confidence", &self.confidence, 1..=5, None)?.map_or_else(
            || err("confidence", "Choose how confident you are, from 1 to 5."),
            Ok,
        )?;
        let checked_on = if self.checked_on.trim().is_empty() {
            today
        } else {
            let d = date("checked_on", &self.checked_on)?;
            if d > today {
                return err(
                    "checked_on",
                    "A check-in records what happened: choose today or earlier.",
                );
            }
            d
        };
        Ok(CheckInSpec {
            value,
            done,
            note,
            confidence,
            checked_on,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 25);

    fn metric() -> GoalInput {
        GoalInput {
            title: "Run the weekly demo".into(),
            category: "skill".into(),
            due_on: "2027-01-31".into(),
            measure: "metric".into(),
            unit: "demos".into(),
            baseline: "0".into(),
            target: "8".into(),
            direction: "up".into(),
            visibility: "match".into(),
            ..Default::default()
        }
    }

    fn field_of(input: GoalInput) -> &'static str {
        input.parse(TODAY, None).unwrap_err().field
    }

    #[test]
    fn a_metric_goal_parses() {
        let spec = metric().parse(TODAY, None).unwrap();
        assert_eq!(spec.category, GoalCategory::Skill);
        assert_eq!(spec.due_on, Some(date!(2027 - 01 - 31)));
        assert_eq!(
            spec.measure,
            Measure::Metric {
                unit: "demos".into(),
                baseline: Amount(0),
                target: Amount(8_000),
                direction: Direction::Up
            }
        );
    }

    #[test]
    fn targets_must_point_the_way_the_metric_improves() {
        let below = GoalInput {
            target: "0".into(),
            ..metric()
        };
        let e = below.parse(TODAY, None).unwrap_err();
        assert_eq!(e.field, "target");
        assert!(e.message.contains("above the baseline"), "{}", e.message);
        let down = GoalInput {
            direction: "down".into(),
            ..metric()
        };
        assert_eq!(field_of(down), "target");
        let down = GoalInput {
            direction: "down".into(),
            baseline: "10".into(),
            target: "2".into(),
            ..metric()
        };
        assert!(down.parse(TODAY, None).is_ok());
    }

    #[test]
    fn each_mistake_is_named_by_its_field() {
        assert_eq!(
            field_of(GoalInput {
                title: " ".into(),
                ..metric()
            }),
            "title"
        );
        assert_eq!(
            field_of(GoalInput {
                title: "x".repeat(121),
                ..metric()
            }),
            "title"
        );
        assert_eq!(
            field_of(GoalInput {
                why: "x".repeat(2_001),
                ..metric()
            }),
            "why"
        );
        assert_eq!(
            field_of(GoalInput {
                category: "fun".into(),
                ..metric()
            }),
            "category"
        );
        assert_eq!(
            field_of(GoalInput {
                due_on: "2026-11-24".into(),
                ..metric()
            }),
            "due_on"
        );
        assert_eq!(
            field_of(GoalInput {
                due_on: "soon".into(),
                ..metric()
            }),
            "due_on"
        );
        assert_eq!(
            field_of(GoalInput {
                baseline: "lots".into(),
                ..metric()
            }),
            "baseline"
        );
        assert_eq!(
            field_of(GoalInput {
                unit: "".into(),
                ..metric()
            }),
            "unit"
        );
        assert_eq!(
            field_of(GoalInput {
                direction: "".into(),
                ..metric()
            }),
            "direction"
        );
        assert_eq!(
            field_of(GoalInput {
                measure: "".into(),
                ..metric()
            }),
            "measure"
        );
        assert_eq!(
            field_of(GoalInput {
                visibility: "everyone".into(),
                ..metric()
            }),
            "visibility"
        );
        let checklist = GoalInput {
            measure: "milestones".into(),
            milestones: "\n  \n".into(),
            ..metric()
        };
        assert_eq!(field_of(checklist), "milestones");
        let many = GoalInput {
            measure: "milestones".into(),
            milestones: "step\n".repeat(21),
            ..metric()
        };
        assert_eq!(field_of(many), "milestones");
    }

    #[test]
    fn a_saved_goal_keeps_its_passed_due_date() {
        let old = GoalInput {
            due_on: "2026-11-01".into(),
            ..metric()
        };
        assert!(old.parse(TODAY, Some(date!(2026 - 11 - 01))).is_ok());
        assert_eq!(
            old.parse(TODAY, Some(date!(2026 - 10 - 01)))
                .unwrap_err()
                .field,
            "due_on"
        );
    }

    #[test]
    fn milestones_are_one_per_line() {
        let spec = GoalInput {
            measure: "milestones".into(),
            milestones: "Draft\r\n\r\n  Review \nShip".into(),
            ..metric()
        }
        .parse(TODAY, None)
        .unwrap();
        assert_eq!(
            spec.measure,
            Measure::Milestones(vec!["Draft".into(), "Review".into(), "Ship".into()])
        );
    }

    #[test]
    fn check_ins_need_a_value_a_confidence_and_no_future_date() {
        let ok = CheckInInput {
            value: "3.5".into(),
            confidence: "4".into(),
            ..Default::default()
        };
        let spec = ok.parse(true, TODAY).unwrap();
        assert_eq!(
            (spec.value, spec.confidence, spec.checked_on),
            (Some(Amount(3_500)), 4, TODAY)
        );
        let field = |i: CheckInInput, metric: bool| i.parse(metric, TODAY).unwrap_err().field;
        assert_eq!(
            field(
                CheckInInput {
                    value: "".into(),
                    ..ok.clone()
                },
                true
            ),
            "value"
        );
        assert_eq!(
            field(
                CheckInInput {
                    confidence: "6".into(),
                    ..ok.clone()
                },
                true
            ),
            "confidence"
        );
        assert_eq!(
            field(
                CheckInInput {
                    confidence: "".into(),
                    ..ok.clone()
                },
                true
            ),
            "confidence"
        );
        assert_eq!(
            field(
                CheckInInput {
                    checked_on: "2026-11-26".into(),
                    ..ok.clone()
                },
                true
            ),
            "checked_on"
        );
        assert_eq!(
            field(
                CheckInInput {
                    note: "x".repeat(2_001),
                    ..ok.clone()
                },
                true
            ),
            "note"
        );
        assert_eq!(
            field(
                CheckInInput {
                    done: vec!["x".into()],
                    ..ok.clone()
                },
                false
            ),
            "done"
        );
        let ticks = CheckInInput {
            value: "".into(),
            done: vec!["3".into(), "3".into(), "5".into()],
            ..ok
        };
        assert_eq!(ticks.parse(false, TODAY).unwrap().done, vec![3, 5]);
    }
}
