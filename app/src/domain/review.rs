//! Mentoring in performance reviews: what a person's record may hold (the scope they choose),
//! how long a manager may read it once they agree, and the forms that say so. A manager never
//! reads more than the scope, nor after the consent ends.

use super::choice::choice_enum;
use super::field::FieldError;
use serde::{Deserialize, Serialize};

choice_enum!(
    /// How long a manager may read the record after the employee agrees.
    ConsentLength {
        Week => ("7", "One week"),
        Month => ("30", "30 days"),
        Quarter => ("90", "90 days"),
    }
);

impl ConsentLength {
    pub fn seconds(self) -> i64 {
        let days = match self {
            Self::Week => 7,
            Self::Month => 30,
            Self::Quarter => 90,
        };
        days * 86_400
    }
}

choice_enum!(
    /// Where a manager's request stands.
    ConsentState {
        Pending => ("pending", "Waiting for an answer"),
        Approved => ("approved", "Agreed"),
        Declined => ("declined", "Declined"),
        Revoked => ("revoked", "Withdrawn"),
    }
);

choice_enum!(
    /// The forms a record is exported in.
    RecordFormat {
        Pdf => ("pdf", "PDF"),
        Csv => ("csv", "CSV"),
        Json => ("json", "JSON"),
    }
);

impl RecordFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Json => "application/json",
        }
    }
}

/// What a record holds: the programs with sessions and hours, badges and certificates as
/// parts, and only the achieved goals and received kudos the employee picked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewScope {
    #[serde(default)]
    pub programs: bool,
    #[serde(default)]
    pub badges: bool,
    #[serde(default)]
    pub certificates: bool,
    #[serde(default)]
    pub goals: Vec<i64>,
    #[serde(default)]
    pub kudos: Vec<i64>,
}

/// The scope as a form sends it: checkboxes (`on` when ticked) and the ids of the goals and
/// kudos ticked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeInput {
    #[serde(default)]
    pub programs: Option<String>,
    #[serde(default)]
    pub badges: Option<String>,
    #[serde(default)]
    pub certificates: Option<String>,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub kudos: Vec<String>,
}

fn ids(field: &'static str, raw: &[String]) -> Result<Vec<i64>, FieldError> {
    let mut out = Vec::with_capacity(raw.len());
    for r in raw {
        let id = r.trim().parse::<i64>().map_err(|_| FieldError {
            field,
            message: format!("{r:?} is not one of the choices offered."),
        })?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out.sort_unstable();
    Ok(out)
}

impl ScopeInput {
    /// The scope, or the field that is wrong. Which goals and kudos are the person's own is
    /// a question for the storage; here only their form is checked. An empty record is
    /// refused: agreeing to share nothing is declining.
    pub fn parse(&self) -> Result<ReviewScope, FieldError> {
        let ticked = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
        let scope = ReviewScope {
            programs: ticked(&self.programs),
            badges: ticked(&self.badges),
            certificates: ticked(&self.certificates),
            goals: ids("goals", &self.goals)?,
            kudos: ids("kudos", &self.kudos)?,
        };
        if scope == ReviewScope::default() {
            return Err(FieldError {
                field: "scope",
                message: "Choose at least one part of your record to share.".into(),
            });
        }
        Ok(scope)
    }
}

/// An answer to a manager's request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentInput {
    /// `approve` or `decline`.
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub length: String,
    #[serde(default)]
    pub scope: ScopeInput,
}

/// A checked answer: agree to `scope` for `length`, or decline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentAnswer {
    Approve {
        scope: ReviewScope,
        length: ConsentLength,
    },
    Decline,
}

impl ConsentInput {
    pub fn parse(&self) -> Result<ConsentAnswer, FieldError> {
        match self.decision.trim() {
            "decline" => Ok(ConsentAnswer::Decline),
            "approve" => {
                let length = ConsentLength::parse(&self.length).ok_or_else(|| FieldError {
                    field: "length",
                    message: "Choose for how long your manager may read the record: one week, 30 days or 90 days.".into(),
                })?;
                Ok(ConsentAnswer::Approve {
                    scope: self.scope.parse()?,
                    length,
                })
            }
            _ => Err(FieldError {
                field: "decision",
                message: "Agree or decline.".into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(goals: &[&str]) -> ScopeInput {
        ScopeInput {
            programs: Some("on".into()),
            goals: goals.iter().map(|g| (*g).to_owned()).collect(),
            ..ScopeInput::default()
        }
    }

    #[test]
    fn an_approval_names_its_scope_and_length() {
        let input = ConsentInput {
            decision: "approve".into(),
            length: "30".into(),
            scope: scope(&["4", "2", "4"]),
        };
        assert_eq!(
            input.parse(),
            Ok(ConsentAnswer::Approve {
                scope: ReviewScope {
                    programs: true,
                    goals: vec![2, 4],
                    ..ReviewScope::default()
                },
                length: ConsentLength::Month,
            })
        );
        assert_eq!(ConsentLength::Month.seconds(), 30 * 86_400);
    }

    #[test]
    fn wrong_answers_are_named() {
        let field = |input: ConsentInput| input.parse().unwrap_err().field;
        let good = ConsentInput {
            decision: "approve".into(),
            length: "7".into(),
            scope: scope(&[]),
        };
        assert_eq!(
            field(ConsentInput {
                decision: "maybe".into(),
                ..good.clone()
            }),
            "decision"
        );
        assert_eq!(
            field(ConsentInput {
                length: "365".into(),
                ..good.clone()
            }),
            "length"
        );
        assert_eq!(
            field(ConsentInput {
                scope: ScopeInput::default(),
                ..good.clone()
            }),
            "scope"
        );
        assert_eq!(
            field(ConsentInput {
                scope: scope(&["seven"]),
                ..good.clone()
            }),
            "goals"
        );
        // Declining needs nothing else.
        assert_eq!(
            ConsentInput {
                decision: "decline".into(),
                ..ConsentInput::default()
            }
            .parse(),
            Ok(ConsentAnswer::Decline)
        );
    }
}
