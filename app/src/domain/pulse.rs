//! Pulse surveys: short questionnaires a program sends its matched people some days after a
//! round is published (a first-meeting fit check, a mid-round pulse, a closing survey), and
//! the figures admins see of the answers, never fewer than five people behind any figure and
//! never free text from fewer than ten.

use super::choice::choice_enum;
use super::field::{err, FieldError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Fewest people behind any figure an admin sees.
pub const PULSE_PEOPLE_MIN: usize = 5;
/// Fewest authors before any free-text answer is shown.
pub const PULSE_TEXT_AUTHORS_MIN: usize = 10;
/// Days after a round is published that a survey can be scheduled at.
pub const PULSE_DAYS: std::ops::RangeInclusive<i64> = 1..=365;
/// Days a survey stays open once due: late answers still count, a late scan sends nothing.
pub const PULSE_OPEN_DAYS: i64 = 14;

choice_enum!(
    /// Which survey, each from its own template.
    PulseKind {
        Fit => ("fit", "First-meeting fit check"),
        Pulse => ("pulse", "Mid-round pulse"),
        Closing => ("closing", "Closing survey"),
    }
);

/// What a question takes for an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PulseQuestionKind {
    /// One of these options.
    Choice(&'static [&'static str]),
    /// 1 to 5.
    Scale,
    /// 0 to 10: "how likely are you to recommend…".
    Nps,
    /// A few sentences.
    Text,
}

/// One question of a template; `key` names it in the form and in stored answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PulseQuestion {
    pub key: &'static str,
    pub prompt: &'static str,
    pub kind: PulseQuestionKind,
    pub required: bool,
}

/// The fit check's answer that offers a new match.
pub const NOT_WORKING: &str = "This is not working";

const FIT: &[PulseQuestion] = &[
    PulseQuestion {
        key: "fit",
        prompt: "How is your match working so far?",
        kind: PulseQuestionKind::Choice(&["Going well", "Too early to say", NOT_WORKING]),
        required: true,
    },
    PulseQuestion {
        key: "met",
        prompt: "How useful was your first meeting?",
        kind: PulseQuestionKind::Scale,
        required: false,
    },
    PulseQuestion {
        key: "note",
        prompt: "Anything the program's admins should know?",
        kind: PulseQuestionKind::Text,
        required: false,
    },
];

const PULSE: &[PulseQuestion] = &[
    PulseQuestion {
        key: "useful",
        prompt: "How useful are your sessions?",
        kind: PulseQuestionKind::Scale,
        required: true,
    },
    PulseQuestion {
        key: "recommend",
        prompt: "How likely are you to recommend this program to a colleague?",
        kind: PulseQuestionKind::Nps,
        required: true,
    },
    PulseQuestion {
        key: "better",
        prompt: "What would make it better?",
        kind: PulseQuestionKind::Text,
        required: false,
    },
];

const CLOSING: &[PulseQuestion] = &[
    PulseQuestion {
        key: "reached",
        prompt: "Did you get what you wanted from this program?",
        kind: PulseQuestionKind::Choice(&["Fully", "Partly", "Not really"]),
        required: true,
    },
    PulseQuestion {
        key: "fit",
        prompt: "How well did your match suit you?",
        kind: PulseQuestionKind::Scale,
        required: true,
    },
    PulseQuestion {
        key: "recommend",
        prompt: "How likely are you to recommend this program to a colleague?",
        kind: PulseQuestionKind::Nps,
        required: true,
    },
    PulseQuestion {
        key: "advice",
        prompt: "What would you tell the next participants?",
        kind: PulseQuestionKind::Text,
        required: false,
    },
];

impl PulseKind {
    /// The questions of its template.
    pub fn questions(self) -> &'static [PulseQuestion] {
        match self {
            PulseKind::Fit => FIT,
            PulseKind::Pulse => PULSE,
            PulseKind::Closing => CLOSING,
        }
    }

    /// Days after publication it is usually sent.
    pub fn default_days(self) -> i64 {
        match self {
            PulseKind::Fit => 14,
            PulseKind::Pulse => 42,
            PulseKind::Closing => 84,
        }
    }
}

/// One answer, checked against its question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PulseAnswer {
    Choice(String),
    Number(u8),
    Text(String),
}

/// A person's answers by question key.
pub type PulseAnswers = BTreeMap<String, PulseAnswer>;

/// Checks a filled-in form (`answers[key]`) against `kind`'s template.
pub fn parse_pulse(
    kind: PulseKind,
    raw: &BTreeMap<String, String>,
) -> Result<PulseAnswers, FieldError> {
    let mut out = PulseAnswers::new();
    for q in kind.questions() {
        let value = raw.get(q.key).map(|v| v.trim()).unwrap_or_default();
        if value.is_empty() {
            if q.required {
                return err(q.key, "Please answer this question.");
            }
            continue;
        }
        let answer = match q.kind {
            PulseQuestionKind::Choice(options) => match options.iter().find(|o| **o == value) {
                Some(o) => PulseAnswer::Choice((*o).to_owned()),
                None => return err(q.key, format!("{value:?} is not one of the options.")),
            },
            PulseQuestionKind::Scale | PulseQuestionKind::Nps => {
                let max = if q.kind == PulseQuestionKind::Scale {
                    5
                } else {
                    10
                };
                let min = if q.kind == PulseQuestionKind::Scale {
                    1
                } else {
                    0
                };
                match value.parse::<u8>() {
                    Ok(n) if (min..=max).contains(&n) => PulseAnswer::Number(n),
                    _ => return err(q.key, format!("Choose a number from {min} to {max}.")),
                }
            }
            PulseQuestionKind::Text => {
                if value.chars().count() > 1_000 {
                    return err(q.key, "Use at most 1000 characters.");
                }
                PulseAnswer::Text(value.to_owned())
            }
        };
        out.insert(q.key.to_owned(), answer);
    }
    Ok(out)
}

/// Whether a fit check's answers say the match is not working.
pub fn wants_new_match(answers: &PulseAnswers) -> bool {
    answers.get("fit") == Some(&PulseAnswer::Choice(NOT_WORKING.to_owned()))
}

/// What admins see of one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "shows")]
pub enum PulseFigure {
    /// Fewer than [`PULSE_PEOPLE_MIN`] answered it (or, for text, [`PULSE_TEXT_AUTHORS_MIN`]).
    TooFew { answered: Option<usize> },
    /// How many chose each option; `None` where too few did to show.
    Choices {
        answered: usize,
        counts: Vec<(String, Option<usize>)>,
    },
    /// The average on a 1–5 scale.
    Average { answered: usize, mean: f64 },
    /// Net promoter score: promoters (9–10) less detractors (0–6), in percent.
    Nps {
        answered: usize,
        score: i64,
        promoters: usize,
        passives: usize,
        detractors: usize,
    },
    /// Free text, in alphabetical order (never the order it was written in).
    Texts { answered: usize, texts: Vec<String> },
}

/// A question and what admins see of its answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PulseResult {
    pub prompt: String,
    pub figure: PulseFigure,
}

/// Counts by cell as admins may see them: a cell of 1 to 4 people is hidden, and when only
/// one cell is hidden the smallest shown non-empty cell is hidden too, so that the total
/// less the shown cells cannot give it away.
pub fn suppress(counts: &[usize]) -> Vec<Option<usize>> {
    let small = |n: usize| n > 0 && n < PULSE_PEOPLE_MIN;
    let mut out: Vec<Option<usize>> = counts.iter().map(|n| (!small(*n)).then_some(*n)).collect();
    if out.iter().filter(|c| c.is_none()).count() == 1 {
        if let Some(i) = (0..counts.len())
            .filter(|i| out[*i].is_some_and(|n| n > 0))
            .min_by_key(|i| counts[*i])
        {
            out[i] = None;
        }
    }
    out
}

/// The figures of `kind` over everyone's answers.
pub fn summarise(kind: PulseKind, all: &[PulseAnswers]) -> Vec<PulseResult> {
    kind.questions()
        .iter()
        .map(|q| {
            let given: Vec<&PulseAnswer> = all.iter().filter_map(|a| a.get(q.key)).collect();
            let answered = given.len();
            let numbers = || {
                given.iter().filter_map(|a| match a {
                    PulseAnswer::Number(n) => Some(*n),
                    _ => None,
                })
            };
            let figure = match q.kind {
                PulseQuestionKind::Text if answered < PULSE_TEXT_AUTHORS_MIN => {
                    PulseFigure::TooFew { answered: None }
                }
                _ if answered < PULSE_PEOPLE_MIN => PulseFigure::TooFew {
                    answered: (q.kind != PulseQuestionKind::Text).then_some(answered),
                },
                PulseQuestionKind::Choice(options) => {
                    let counts: Vec<usize> = options
                        .iter()
                        .map(|o| {
                            given
                                .iter()
                                .filter(|a| **a == &PulseAnswer::Choice((*o).to_owned()))
                                .count()
                        })
                        .collect();
                    PulseFigure::Choices {
                        answered,
                        counts: options
                            .iter()
                            .map(|o| (*o).to_owned())
                            .zip(suppress(&counts))
                            .collect(),
                    }
                }
                PulseQuestionKind::Scale => PulseFigure::Average {
                    answered,
                    mean: numbers().map(f64::from).sum::<f64>() / answered as f64,
                },
                PulseQuestionKind::Nps => {
                    let promoters = numbers().filter(|n| *n >= 9).count();
                    let detractors = numbers().filter(|n| *n <= 6).count();
                    PulseFigure::Nps {
                        answered,
                        score: ((promoters as i64 - detractors as i64) * 100) / answered as i64,
                        promoters,
                        passives: answered - promoters - detractors,
                        detractors,
                    }
                }
                PulseQuestionKind::Text => {
                    let mut texts: Vec<String> = given
                        .iter()
                        .filter_map(|a| match a {
                            PulseAnswer::Text(t) => Some(t.clone()),
                            _ => None,
                        })
                        .collect();
                    texts.sort_by_key(|t| t.to_lowercase());
                    PulseFigure::Texts { answered, texts }
                }
            };
            PulseResult {
                prompt: q.prompt.to_owned(),
                figure,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn answers_are_checked_against_the_template() {
        let ok = parse_pulse(
            PulseKind::Pulse,
            &form(&[("useful", "4"), ("recommend", "10")]),
        )
        .unwrap();
        assert_eq!(ok["recommend"], PulseAnswer::Number(10));
        assert!(!ok.contains_key("better"), "optional and empty");
        let field = |pairs: &[(&str, &str)]| {
            parse_pulse(PulseKind::Pulse, &form(pairs))
                .unwrap_err()
                .field
        };
        assert_eq!(field(&[("useful", "4")]), "recommend");
        assert_eq!(field(&[("useful", "6"), ("recommend", "3")]), "useful");
        assert_eq!(field(&[("useful", "2"), ("recommend", "11")]), "recommend");
        let fit = parse_pulse(PulseKind::Fit, &form(&[("fit", NOT_WORKING)])).unwrap();
        assert!(wants_new_match(&fit));
        assert_eq!(
            parse_pulse(PulseKind::Fit, &form(&[("fit", "Meh")]))
                .unwrap_err()
                .field,
            "fit"
        );
    }

    #[test]
    fn a_lone_small_cell_takes_another_with_it() {
        assert_eq!(suppress(&[7, 6, 0]), [Some(7), Some(6), Some(0)]);
        // Three of ten: hidden, and so is the six, or 10 - 1 would give it away.
        assert_eq!(suppress(&[1, 6, 7]), [None, None, Some(7)]);
        assert_eq!(suppress(&[2, 3, 9]), [None, None, Some(9)]);
        assert_eq!(suppress(&[4, 8]), [None, None]);
    }

    fn answers(n: usize, useful: u8, recommend: u8, text: Option<&str>) -> Vec<PulseAnswers> {
        (0..n)
            .map(|i| {
                let mut a = PulseAnswers::new();
                a.insert("useful".into(), PulseAnswer::Number(useful));
                a.insert("recommend".into(), PulseAnswer::Number(recommend));
                if let Some(t) = text {
                    a.insert("better".into(), PulseAnswer::Text(format!("{t} {i}")));
                }
                a
            })
            .collect()
    }

    #[test]
    fn no_figure_from_fewer_than_five_and_no_text_from_fewer_than_ten() {
        let four = summarise(PulseKind::Pulse, &answers(4, 4, 10, Some("more time")));
        assert!(four
            .iter()
            .all(|r| matches!(r.figure, PulseFigure::TooFew { .. })));
        let mut six = answers(3, 5, 10, Some("more time"));
        six.extend(answers(3, 2, 3, Some("less time")));
        let six = summarise(PulseKind::Pulse, &six);
        assert_eq!(
            six[0].figure,
            PulseFigure::Average {
                answered: 6,
                mean: 3.5
            }
        );
        assert_eq!(
            six[1].figure,
            PulseFigure::Nps {
                answered: 6,
                score: 0,
                promoters: 3,
                passives: 0,
                detractors: 3
            }
        );
        assert_eq!(six[2].figure, PulseFigure::TooFew { answered: None });
        let ten = summarise(PulseKind::Pulse, &answers(10, 4, 8, Some("Tea")));
        let PulseFigure::Texts { texts, .. } = &ten[2].figure else {
            panic!("{:?}", ten[2]);
        };
        assert_eq!(texts.len(), 10);
    }
}
