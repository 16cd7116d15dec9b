//! What an insights view looks at: a period of whole months and filters on people (department,
//! location, level, role) and on programs. Parsed once from the query string; the figures are
//! then picked from facts by [`InsightFilters::keeps`], and each filter dropped in turn gives
//! the wider views that disclosure control compares against.

use super::disclosure::Fact;
use super::enrollment::EnrollmentRole;
use super::field::FieldError;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// A calendar month, the unit periods are chosen in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
}

impl Month {
    /// Reads `YYYY-MM`, as a month input sends it.
    pub fn parse(raw: &str) -> Option<Month> {
        let (y, m) = raw.trim().split_once('-')?;
        let (year, month) = (y.parse::<i32>().ok()?, m.parse::<u8>().ok()?);
        ((2000..=2100).contains(&year) && (1..=12).contains(&month) && m.len() == 2)
            .then_some(Month { year, month })
    }

    /// The month `day` (days since 1970-01-01) falls in.
    pub fn of_day(day: i64) -> Month {
        let date = time::Date::from_julian_day(2_440_588 + day as i32).unwrap_or(time::Date::MIN);
        Month {
            year: date.year(),
            month: date.month() as u8,
        }
    }

    /// `n` months later (earlier when negative).
    pub fn plus(self, n: i32) -> Month {
        let index = self.year * 12 + i32::from(self.month) - 1 + n;
        Month {
            year: index.div_euclid(12),
            month: (index.rem_euclid(12) + 1) as u8,
        }
    }

    /// Unix seconds at the month's first midnight, UTC.
    pub fn start(self) -> i64 {
        let month = time::Month::try_from(self.month).unwrap_or(time::Month::January);
        time::Date::from_calendar_date(self.year, month, 1)
            .map(|d| d.midnight().assume_utc().unix_timestamp())
            .unwrap_or(0)
    }

    pub fn label(self) -> String {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!("{} {}", NAMES[usize::from(self.month - 1)], self.year)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The months a view covers, first and last included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: Month,
    pub to: Month,
}

/// The longest period one view covers.
pub const PERIOD_MONTHS_MAX: i32 = 60;

impl Period {
    /// The twelve months up to and including the one `today` is in.
    pub fn year_to(today: i64) -> Period {
        let to = Month::of_day(today);
        Period {
            from: to.plus(-11),
            to,
        }
    }

    /// Unix seconds: the first moment in the period and the first after it.
    pub fn bounds(self) -> (i64, i64) {
        (self.from.start(), self.to.plus(1).start())
    }

    pub fn label(self) -> String {
        if self.from == self.to {
            self.from.label()
        } else {
            format!("{} to {}", self.from.label(), self.to.label())
        }
    }
}

/// The filters of one view. `None` is "everyone"/"every program".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsightFilters {
    pub program: Option<i64>,
    pub department: Option<String>,
    pub location: Option<String>,
    pub level: Option<i64>,
    pub role: Option<EnrollmentRole>,
}

/// The people a view's filters read, by id. Every fact of a view looks its people up here,
/// so it hashes with FxHash, a few instructions per id against SipHash's dozens; the ids are
/// Tandem's own, not chosen by someone who could aim for collisions.
pub type People = FxHashMap<i64, Person>;

/// What the filters read of a person: their place in the directory and their enrollments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    pub department: String,
    pub location: String,
    pub level: Option<i64>,
    /// (program, role) for each enrollment.
    pub roles: Vec<(i64, EnrollmentRole)>,
}

/// The query string of an insights view, as typed; every field may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsightQuery {
    #[serde(default)]
    pub program: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

fn err(field: &'static str, message: &str) -> FieldError {
    FieldError {
        field,
        message: message.to_owned(),
    }
}

impl InsightQuery {
    /// The period and filters, or the first field that is wrong and why. `today` (days since
    /// 1970-01-01) gives the period when none is chosen.
    pub fn parse(&self, today: i64) -> Result<(Period, InsightFilters), FieldError> {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let program = match text(&self.program) {
            None => None,
            Some(p) => Some(
                p.parse::<i64>()
                    .map_err(|_| err("program", "Program: choose one from the list."))?,
            ),
        };
        let level = match text(&self.level) {
            None => None,
            Some(l) => Some(
                l.parse::<i64>()
                    .map_err(|_| err("level", "Level: choose one from the list."))?,
            ),
        };
        let role = match text(&self.role) {
            None => None,
            Some(r) => Some(
                EnrollmentRole::parse(&r)
                    .ok_or_else(|| err("role", "Role: choose peer, mentor, mentee or either."))?,
            ),
        };
        let default = Period::year_to(today);
        let month = |field: &'static str, label: &str, raw: &str, or: Month| match text(raw) {
            None => Ok(or),
            Some(m) => Month::parse(&m).ok_or_else(|| {
                err(
                    field,
                    &format!("{label}: enter a month as YYYY-MM, for instance 2026-01."),
                )
            }),
        };
        let from = month("from", "First month", &self.from, default.from)?;
        let to = month("to", "Last month", &self.to, default.to)?;
        if to < from {
            return Err(err(
                "to",
                "Last month: the period must end in or after its first month.",
            ));
        }
        if from.plus(PERIOD_MONTHS_MAX) <= to {
            return Err(err(
                "to",
                "Last month: choose a period of at most five years.",
            ));
        }
        Ok((
            Period { from, to },
            InsightFilters {
                program,
                department: text(&self.department),
                location: text(&self.location),
                level,
                role,
            },
        ))
    }
}

impl InsightFilters {
    fn person_matches(&self, p: &Person, program: Option<i64>) -> bool {
        self.department
            .as_ref()
            .is_none_or(|d| p.department.eq_ignore_ascii_case(d))
            && self
                .location
                .as_ref()
                .is_none_or(|l| p.location.eq_ignore_ascii_case(l))
            && self.level.is_none_or(|l| p.level == Some(l))
            && self.role.is_none_or(|role| {
                p.roles
                    .iter()
                    .any(|(prog, r)| *r == role && program.is_none_or(|f| f == *prog))
            })
    }

    /// Whether a fact belongs in this view: its program passes the program filter, and at
    /// least one of its people passes the filters on people.
    pub fn keeps(&self, fact: &Fact, people: &People) -> bool {
        if let Some(p) = self.program {
            if fact.program != Some(p) {
                return false;
            }
        }
        // Without a filter on people everyone passes, and the ids of facts name people of the
        // directory (rounds, enrollments and goals refer to its rows), so a view of the whole
        // organisation or of one program looks nobody up: those look-ups were an eighth of
        // the time such a view took.
        if self.department.is_none()
            && self.location.is_none()
            && self.level.is_none()
            && self.role.is_none()
        {
            return !fact.people.is_empty();
        }
        let program = fact.program.or(self.program);
        fact.people.iter().any(|id| {
            people
                .get(id)
                .is_some_and(|p| self.person_matches(p, program))
        })
    }

    /// The views with one filter fewer each: what this view must not differ from by a small
    /// group. `program_fixed` keeps the program, for a program admin who sees only theirs.
    pub fn wider(&self, program_fixed: bool) -> Vec<InsightFilters> {
        let mut out = Vec::new();
        if self.program.is_some() && !program_fixed {
            out.push(InsightFilters {
                program: None,
                ..self.clone()
            });
        }
        if self.department.is_some() {
            out.push(InsightFilters {
                department: None,
                ..self.clone()
            });
        }
        if self.location.is_some() {
            out.push(InsightFilters {
                location: None,
                ..self.clone()
            });
        }
        if self.level.is_some() {
            out.push(InsightFilters {
                level: None,
                ..self.clone()
            });
        }
        if self.role.is_some() {
            out.push(InsightFilters {
                role: None,
                ..self.clone()
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(from: &str, to: &str) -> InsightQuery {
        InsightQuery {
            from: from.into(),
            to: to.into(),
            ..Default::default()
        }
    }

    #[test]
    fn periods_are_whole_months_and_default_to_the_last_twelve() {
        // 2026-12-06 is day 20_793.
        let today = 20_793;
        let (p, f) = InsightQuery::default().parse(today).unwrap();
        assert_eq!(p.from.to_string(), "2026-01");
        assert_eq!(p.to.to_string(), "2026-12");
        assert_eq!(f, InsightFilters::default());
        assert_eq!(p.label(), "Jan 2026 to Dec 2026");
        let (p, _) = query("2025-11", "2026-02").parse(today).unwrap();
        assert_eq!(
            p.bounds(),
            (1_761_955_200, 1_772_323_200),
            "1 Nov 2025 to 1 Mar 2026"
        );
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("2026-1"), None);
        assert_eq!(Month::parse("26-01"), None);
    }

    #[test]
    fn a_wrong_field_is_named() {
        let today = 20_793;
        let e = query("2026-05", "2026-04").parse(today).unwrap_err();
        assert_eq!(e.field, "to");
        let e = query("May 2026", "").parse(today).unwrap_err();
        assert_eq!(e.field, "from");
        assert!(e.message.contains("YYYY-MM"));
        let e = query("2020-01", "2025-01").parse(today).unwrap_err();
        assert_eq!(e.field, "to");
        let bad_role = InsightQuery {
            role: "boss".into(),
            ..Default::default()
        };
        assert_eq!(bad_role.parse(today).unwrap_err().field, "role");
        let bad_level = InsightQuery {
            level: "senior".into(),
            ..Default::default()
        };
        assert_eq!(bad_level.parse(today).unwrap_err().field, "level");
    }

    #[test]
    fn facts_are_kept_when_one_of_their_people_matches() {
        let people: People = [
            (
                1,
                Person {
                    department: "Engineering".into(),
                    location: "Oslo".into(),
                    level: Some(3),
                    roles: vec![(7, EnrollmentRole::Mentor)],
                },
            ),
            (
                2,
                Person {
                    department: "Sales".into(),
                    location: "Lima".into(),
                    level: Some(2),
                    roles: vec![(7, EnrollmentRole::Mentee), (8, EnrollmentRole::Mentor)],
                },
            ),
        ]
        .into_iter()
        .collect();
        let pair = Fact {
            program: Some(7),
            row: 0,
            column: 0,
            value: 1,
            weight: 1,
            people: vec![1, 2],
        };
        let eng = InsightFilters {
            department: Some("engineering".into()),
            ..Default::default()
        };
        assert!(eng.keeps(&pair, &people));
        let lima_l3 = InsightFilters {
            location: Some("Lima".into()),
            level: Some(3),
            ..Default::default()
        };
        assert!(!lima_l3.keeps(&pair, &people), "both filters on one person");
        // Person 2 mentors in program 8, not in 7: the pair in 7 has no mentor from Sales.
        let sales_mentors = InsightFilters {
            department: Some("Sales".into()),
            role: Some(EnrollmentRole::Mentor),
            ..Default::default()
        };
        assert!(!sales_mentors.keeps(&pair, &people));
        let other_program = InsightFilters {
            program: Some(8),
            ..Default::default()
        };
        assert!(!other_program.keeps(&pair, &people));
        let everyone = InsightFilters::default();
        assert!(everyone.keeps(&pair, &people));
        let nobody = Fact {
            people: vec![],
            ..pair.clone()
        };
        assert!(!everyone.keeps(&nobody, &people), "a fact about no one");
        // Wider views drop one filter each; a program admin's program stays.
        let f = InsightFilters {
            program: Some(7),
            department: Some("Sales".into()),
            role: Some(EnrollmentRole::Mentor),
            ..Default::default()
        };
        assert_eq!(f.wider(false).len(), 3);
        let fixed = f.wider(true);
        assert_eq!(fixed.len(), 2);
        assert!(fixed.iter().all(|w| w.program == Some(7)));
    }
}
