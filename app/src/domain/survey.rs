//! Enrollment surveys: the questions a program asks, how matching uses each one, and the checks
//! on the answers people give. Pure data and rules; storage keeps questions and answers as they
//! are defined here.

use super::choice::text_column;
use super::ProgramFormat;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

pub const PROMPT_MAX: usize = 200;
pub const HELP_MAX: usize = 500;
pub const OPTION_MAX: usize = 80;
pub const OPTIONS_MAX: usize = 40;
pub const TEXT_ANSWER_MAX: usize = 500;
pub const WEIGHT_MAX: i64 = 10;
pub const QUESTIONS_MAX: usize = 30;

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One option.
    Single,
    /// Any number of options (tags).
    Multi,
    /// 1 to 5.
    Scale,
    /// A short free text, for the partner to read; matching does not use it.
    Text,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 4] = [Self::Single, Self::Multi, Self::Scale, Self::Text];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Single => "single",
            Self::Multi => "multi",
            Self::Scale => "scale",
            Self::Text => "text",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Single => "Single choice",
            Self::Multi => "Multiple choice (tags)",
            Self::Scale => "Scale 1 to 5",
            Self::Text => "Short text",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    pub fn has_options(self) -> bool {
        matches!(self, Self::Single | Self::Multi)
    }
}

impl TryFrom<String> for QuestionKind {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or_else(|| format!("unknown question kind {value:?}"))
    }
}

text_column!(QuestionKind);

/// How matching uses a question's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchRule {
    /// Shared answers (or close scale values) score.
    Similar,
    /// One person's answer to this question meets the other's answer to the question it
    /// complements: my "want to grow" meets your "can offer".
    Complementary,
    /// Different answers score: mixing across offices, functions or backgrounds.
    Different,
    /// Asked for the partner's information only.
    NotUsed,
}

impl MatchRule {
    pub const ALL: [MatchRule; 4] = [
        Self::Similar,
        Self::Complementary,
        Self::Different,
        Self::NotUsed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Similar => "similar",
            Self::Complementary => "complementary",
            Self::Different => "different",
            Self::NotUsed => "not_used",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Similar => "Similar: shared answers score",
            Self::Complementary => "Complementary: one's need meets the other's offer",
            Self::Different => "Different: mixing different answers scores",
            Self::NotUsed => "Not used for matching",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Self::Similar => "Similar",
            Self::Complementary => "Complementary",
            Self::Different => "Different",
            Self::NotUsed => "Not used",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }
}

impl TryFrom<String> for MatchRule {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or_else(|| format!("unknown match rule {value:?}"))
    }
}

text_column!(MatchRule);

/// One choice of a single- or multiple-choice question. The id is stable across edits of
/// other options, so answers keep pointing at the right choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyOption {
    pub id: String,
    pub label: String,
}

/// A survey question as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    pub position: i64,
    pub prompt: String,
    pub help: String,
    pub kind: QuestionKind,
    pub options: Vec<SurveyOption>,
    pub rule: MatchRule,
    pub weight: i64,
    pub required: bool,
    /// For a complementary question, the id of the question its answers meet.
    pub complements: Option<i64>,
}

impl Question {
    pub fn option_label(&self, id: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.label.as_str())
    }
}

/// The question form as typed. Options come one per line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionInput {
    pub prompt: String,
    #[serde(default)]
    pub help: String,
    pub kind: String,
    #[serde(default)]
    pub options: String,
    pub rule: String,
    #[serde(default)]
    pub weight: String,
    /// A checkbox: present ("on") when ticked.
    #[serde(default)]
    pub required: Option<String>,
    /// The id of the question a complementary one meets; empty for none.
    #[serde(default)]
    pub complements: String,
}

/// A checked question, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionSpec {
    pub prompt: String,
    pub help: String,
    pub kind: QuestionKind,
    pub options: Vec<SurveyOption>,
    pub rule: MatchRule,
    pub weight: i64,
    pub required: bool,
    pub complements: Option<i64>,
}

/// A survey problem and the form field (or question) it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SurveyError {
    pub field: String,
    pub message: String,
}

fn fail<T>(field: impl Into<String>, message: impl Into<String>) -> Result<T, SurveyError> {
    Err(SurveyError {
        field: field.into(),
        message: message.into(),
    })
}

/// A lowercase, dash-separated id made of a label's letters and digits ("Public speaking" →
/// "public-speaking").
pub fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "option".to_owned()
    } else {
        out
    }
}

/// Turns typed option lines into options, keeping the id of every label that already existed
/// so that answers given earlier still count.
pub fn parse_options(
    raw: &str,
    existing: &[SurveyOption],
) -> Result<Vec<SurveyOption>, SurveyError> {
    let mut out: Vec<SurveyOption> = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.chars().count() > OPTION_MAX {
            return fail(
                "options",
                format!("\"{line}\" is longer than {OPTION_MAX} characters."),
            );
        }
        if out.iter().any(|o| o.label.eq_ignore_ascii_case(line)) {
            return fail("options", format!("\"{line}\" is listed twice."));
        }
        let id = match existing.iter().find(|o| o.label == line) {
            Some(o) => o.id.clone(),
            None => {
                let base = slug(line);
                let taken = |id: &str| {
                    out.iter().any(|o| o.id == id) || existing.iter().any(|o| o.id == id)
                };
                let mut id = base.clone();
                let mut n = 2;
                while taken(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                id
            }
        };
        out.push(SurveyOption {
            id,
            label: line.to_owned(),
        });
    }
    if out.len() > OPTIONS_MAX {
        return fail(
            "options",
            format!("Use at most {OPTIONS_MAX} options, one per line."),
        );
    }
    Ok(out)
}

impl QuestionInput {
    /// Checks the question. `others` are the survey's other questions (for a complementary
    /// question's partner), `existing` the options the question had before this edit.
    pub fn parse(
        &self,
        others: &[Question],
        existing: &[SurveyOption],
    ) -> Result<QuestionSpec, SurveyError> {
        let prompt = self.prompt.trim();
        if prompt.is_empty() {
            return fail("prompt", "Write the question.");
        }
        if prompt.chars().count() > PROMPT_MAX {
            return fail("prompt", format!("Use at most {PROMPT_MAX} characters."));
        }
        let help = self.help.trim();
        if help.chars().count() > HELP_MAX {
            return fail("help", format!("Use at most {HELP_MAX} characters."));
        }
        let kind = QuestionKind::parse(&self.kind).ok_or_else(|| SurveyError {
            field: "kind".into(),
            message: "Choose what kind of answer the question takes.".into(),
        })?;
        let rule = MatchRule::parse(&self.rule).ok_or_else(|| SurveyError {
            field: "rule".into(),
            message: "Choose how matching uses the answers.".into(),
        })?;
        let options = if kind.has_options() {
            let options = parse_options(&self.options, existing)?;
            if options.len() < 2 {
                return fail("options", "Give at least two options, one per line.");
            }
            options
        } else {
            Vec::new()
        };
        match (kind, rule) {
            (QuestionKind::Text, r) if r != MatchRule::NotUsed => {
                return fail(
                    "rule",
                    "Short-text answers cannot be compared; choose \"Not used for matching\".",
                )
            }
            (QuestionKind::Scale, MatchRule::Complementary) => {
                return fail(
                    "rule",
                    "A scale cannot be complementary; choose similar or different.",
                )
            }
            _ => {}
        }
        let weight = if rule == MatchRule::NotUsed {
            0
        } else {
            match self.weight.trim() {
                "" => 1,
                w => match w.parse::<i64>() {
                    Ok(w) if (1..=WEIGHT_MAX).contains(&w) => w,
                    _ => {
                        return fail(
                            "weight",
                            format!("Enter a whole number from 1 to {WEIGHT_MAX}."),
                        )
                    }
                },
            }
        };
        let complements = if rule == MatchRule::Complementary {
            let Ok(id) = self.complements.trim().parse::<i64>() else {
                return fail(
                    "complements",
                    "Choose the question whose answers this one meets.",
                );
            };
            let Some(other) = others.iter().find(|q| q.id == id) else {
                return fail("complements", "That question is not in this survey.");
            };
            if !other.kind.has_options() {
                return fail(
                    "complements",
                    "A complementary question meets a choice question.",
                );
            }
            Some(id)
        } else {
            None
        };
        Ok(QuestionSpec {
            prompt: prompt.to_owned(),
            help: help.to_owned(),
            kind,
            options,
            rule,
            weight,
            required: self.required.is_some(),
            complements,
        })
    }
}

/// One answer. Choices are option ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Choice(String),
    Choices(Vec<String>),
    Scale(u8),
    Text(String),
}

/// Answers by question id.
pub type Answers = BTreeMap<i64, Answer>;

/// The form key of a question's answer (`q12`), or of one option of a multiple-choice
/// question (`q12.public-speaking`), under `answers[...]`.
pub fn answer_key(question_id: i64, option: Option<&str>) -> String {
    match option {
        None => format!("q{question_id}"),
        Some(o) => format!("q{question_id}.{o}"),
    }
}

/// Reads a submitted survey. Every required question must be answered, scale values lie in
/// 1..=5, and choices must be options of their question; keys that name no question are
/// refused rather than silently dropped.
pub fn parse_answers(
    questions: &[Question],
    raw: &HashMap<String, String>,
) -> Result<Answers, SurveyError> {
    for key in raw.keys() {
        let qid = key
            .strip_prefix('q')
            .and_then(|rest| rest.split('.').next())
            .and_then(|id| id.parse::<i64>().ok());
        if !qid.is_some_and(|id| questions.iter().any(|q| q.id == id)) {
            return fail("", format!("The answer {key:?} is for no question of this survey. Reload the page and try again."));
        }
    }
    let mut answers = Answers::new();
    for q in questions {
        let field = answer_key(q.id, None);
        let value = raw.get(&field).map(|v| v.trim()).filter(|v| !v.is_empty());
        let answer = match q.kind {
            QuestionKind::Single => match value {
                None => None,
                Some(v) if q.option_label(v).is_some() => Some(Answer::Choice(v.to_owned())),
                Some(v) => return fail(field, format!("\"{v}\" is not one of the options.")),
            },
            QuestionKind::Multi => {
                let prefix = format!("{field}.");
                let mut chosen: Vec<String> = Vec::new();
                for key in raw.keys().filter_map(|k| k.strip_prefix(&prefix)) {
                    if q.option_label(key).is_none() {
                        return fail(field, format!("\"{key}\" is not one of the options."));
                    }
                    chosen.push(key.to_owned());
                }
                if let Some(v) = value {
                    // A client may also send the choices as one comma-separated value.
                    for id in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        if q.option_label(id).is_none() {
                            return fail(field, format!("\"{id}\" is not one of the options."));
                        }
                        chosen.push(id.to_owned());
                    }
                }
                // Keep the question's order, whatever order the form sent.
                let ordered: Vec<String> = q
                    .options
                    .iter()
                    .filter(|o| chosen.contains(&o.id))
                    .map(|o| o.id.clone())
                    .collect();
                (!ordered.is_empty()).then_some(Answer::Choices(ordered))
            }
            QuestionKind::Scale => match value {
                None => None,
                Some(v) => match v.parse::<u8>() {
                    Ok(n) if (1..=5).contains(&n) => Some(Answer::Scale(n)),
                    _ => return fail(field, "Choose a value from 1 to 5."),
                },
            },
            QuestionKind::Text => match value {
                None => None,
                Some(v) if v.chars().count() > TEXT_ANSWER_MAX => {
                    return fail(field, format!("Use at most {TEXT_ANSWER_MAX} characters."))
                }
                Some(v) => Some(Answer::Text(v.to_owned())),
            },
        };
        match answer {
            Some(a) => {
                answers.insert(q.id, a);
            }
            None if q.required => return fail(field, "Please answer this question."),
            None => {}
        }
    }
    Ok(answers)
}

/// True when every required question has an answer that is still valid (an admin may have
/// added a question or removed an option since).
pub fn is_complete(questions: &[Question], answers: &Answers) -> bool {
    questions
        .iter()
        .filter(|q| q.required)
        .all(|q| match (q.kind, answers.get(&q.id)) {
            (QuestionKind::Single, Some(Answer::Choice(c))) => q.option_label(c).is_some(),
            (QuestionKind::Multi, Some(Answer::Choices(cs))) => {
                cs.iter().any(|c| q.option_label(c).is_some())
            }
            (QuestionKind::Scale, Some(Answer::Scale(n))) => (1..=5).contains(n),
            (QuestionKind::Text, Some(Answer::Text(t))) => !t.is_empty(),
            _ => false,
        })
}

/// An answer in words, for admins and for the person who gave it.
pub fn describe_answer(question: &Question, answer: &Answer) -> String {
    match answer {
        Answer::Choice(c) => question.option_label(c).unwrap_or(c).to_owned(),
        Answer::Choices(cs) => cs
            .iter()
            .filter_map(|c| question.option_label(c))
            .collect::<Vec<_>>()
            .join(", "),
        Answer::Scale(n) => format!("{n} of 5"),
        Answer::Text(t) => t.clone(),
    }
}

/// A question of a default survey; `complements` names another default by its index.
#[derive(Debug, Clone)]
pub struct DefaultQuestion {
    pub spec: QuestionSpec,
    pub complements_index: Option<usize>,
}

const SKILLS: &[&str] = &[
    "Public speaking",
    "Writing",
    "Leading a team",
    "Giving feedback",
    "Negotiation",
    "Project management",
    "Product thinking",
    "Data analysis",
    "SQL",
    "Software design",
    "Design and UX",
    "Customer conversations",
    "Hiring and interviewing",
    "Career planning",
    "Working across teams",
    "Time management",
];

const INTERESTS: &[&str] = &[
    "Books",
    "Running",
    "Cooking",
    "Music",
    "Travel",
    "Gaming",
    "Photography",
    "Parenting",
    "Volunteering",
    "Languages",
    "Hiking",
    "Film",
];

fn options(labels: &[&str]) -> Vec<SurveyOption> {
    labels
        .iter()
        .map(|l| SurveyOption {
            id: slug(l),
            label: (*l).to_owned(),
        })
        .collect()
}

fn question(
    prompt: &str,
    help: &str,
    kind: QuestionKind,
    opts: &[&str],
    rule: MatchRule,
    weight: i64,
    required: bool,
) -> QuestionSpec {
    QuestionSpec {
        prompt: prompt.to_owned(),
        help: help.to_owned(),
        kind,
        options: options(opts),
        rule,
        weight,
        required,
        complements: None,
    }
}

/// The survey a new program starts with: skills to offer and to grow, interests, goals,
/// meeting format and availability, tuned to how the format matches people.
pub fn default_questions(format: ProgramFormat) -> Vec<DefaultQuestion> {
    use MatchRule::*;
    use QuestionKind::*;
    let offer_help = match format {
        ProgramFormat::Reverse => "What could you teach a more senior colleague?",
        _ => "What could you help a colleague with?",
    };
    let goals_rule = match format {
        ProgramFormat::Peer | ProgramFormat::Circles => Similar,
        _ => NotUsed,
    };
    let plain = |spec| DefaultQuestion {
        spec,
        complements_index: None,
    };
    vec![
        plain(question(
            "Skills you can offer",
            offer_help,
            Multi,
            SKILLS,
            NotUsed,
            0,
            true,
        )),
        DefaultQuestion {
            spec: question(
                "Skills you want to grow",
                "Matching looks for someone who offers what you want to grow.",
                Multi,
                SKILLS,
                Complementary,
                5,
                true,
            ),
            complements_index: Some(0),
        },
        plain(question(
            "Interests outside work",
            "Shared interests make the first conversation easier.",
            Multi,
            INTERESTS,
            Similar,
            1,
            false,
        )),
        plain(question(
            "What do you want from this program?",
            "",
            Single,
            &[
                "Grow a specific skill",
                "Plan my next career step",
                "Build my network",
                "Settle into a new role",
                "Share what I know",
            ],
            goals_rule,
            2,
            true,
        )),
        plain(question(
            "How do you prefer to meet?",
            "",
            Single,
            &["In person", "Video call", "Either"],
            Similar,
            2,
            true,
        )),
        plain(question(
            "When are you usually available?",
            "",
            Multi,
            &[
                "Early mornings",
                "Late mornings",
                "Lunchtime",
                "Afternoons",
                "After work",
            ],
            Similar,
            3,
            true,
        )),
        plain(question(
            "Anything your partner should know?",
            "Shown to your match once you are matched.",
            Text,
            &[],
            NotUsed,
            0,
            false,
        )),
    ]
}

/// The default survey of `format` as stored questions numbered from 1, the complementary
/// question pointing at the one it meets: for the engine's tools, demos and tests.
pub fn numbered_default_survey(format: ProgramFormat) -> Vec<Question> {
    default_questions(format)
        .into_iter()
        .enumerate()
        .map(|(n, d)| Question {
            id: n as i64 + 1,
            position: n as i64 + 1,
            prompt: d.spec.prompt,
            help: d.spec.help,
            kind: d.spec.kind,
            options: d.spec.options,
            rule: d.spec.rule,
            weight: d.spec.weight,
            required: d.spec.required,
            complements: d.complements_index.map(|i| i as i64 + 1),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: i64, kind: QuestionKind, opts: &[&str], required: bool) -> Question {
        Question {
            id,
            position: id,
            prompt: format!("Question {id}"),
            help: String::new(),
            kind,
            options: options(opts),
            rule: MatchRule::Similar,
            weight: 1,
            required,
            complements: None,
        }
    }

    fn survey() -> Vec<Question> {
        vec![
            q(1, QuestionKind::Single, &["In person", "Video call"], true),
            q(
                2,
                QuestionKind::Multi,
                &["SQL", "Writing", "Public speaking"],
                true,
            ),
            q(3, QuestionKind::Scale, &[], false),
            q(4, QuestionKind::Text, &[], false),
        ]
    }

    fn raw(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_complete_survey_is_read_in_option_order() {
        let answers = parse_answers(
            &survey(),
            &raw(&[
                ("q1", "video-call"),
                ("q2.public-speaking", "on"),
                ("q2.sql", "on"),
                ("q3", "4"),
                ("q4", "  Hi there "),
            ]),
        )
        .unwrap();
        assert_eq!(answers[&1], Answer::Choice("video-call".into()));
        assert_eq!(
            answers[&2],
            Answer::Choices(vec!["sql".into(), "public-speaking".into()])
        );
        assert_eq!(answers[&3], Answer::Scale(4));
        assert_eq!(answers[&4], Answer::Text("Hi there".into()));
        assert!(is_complete(&survey(), &answers));
    }

    #[test]
    fn a_required_question_left_unanswered_is_named() {
        let e = parse_answers(&survey(), &raw(&[("q1", "in-person")])).unwrap_err();
        assert_eq!(e.field, "q2");
        assert_eq!(e.message, "Please answer this question.");
    }

    #[test]
    fn optional_questions_may_stay_empty() {
        let answers = parse_answers(
            &survey(),
            &raw(&[("q1", "in-person"), ("q2", "sql"), ("q3", "")]),
        )
        .unwrap();
        assert!(!answers.contains_key(&3));
        assert_eq!(answers[&2], Answer::Choices(vec!["sql".into()]));
    }

    #[test]
    fn a_scale_out_of_range_is_refused() {
        for bad in ["0", "6", "-1", "3.5", "five"] {
            let e = parse_answers(
                &survey(),
                &raw(&[("q1", "in-person"), ("q2.sql", "on"), ("q3", bad)]),
            )
            .unwrap_err();
            assert_eq!(e.field, "q3", "{bad}");
            assert_eq!(e.message, "Choose a value from 1 to 5.");
        }
    }

    #[test]
    fn unknown_option_ids_are_refused() {
        let e = parse_answers(
            &survey(),
            &raw(&[("q1", "carrier-pigeon"), ("q2.sql", "on")]),
        )
        .unwrap_err();
        assert_eq!(e.field, "q1");
        assert!(e.message.contains("carrier-pigeon"), "{}", e.message);
        let e =
            parse_answers(&survey(), &raw(&[("q1", "in-person"), ("q2.cobol", "on")])).unwrap_err();
        assert_eq!(e.field, "q2");
        let e = parse_answers(&survey(), &raw(&[("q1", "in-person"), ("q2", "sql,cobol")]))
            .unwrap_err();
        assert_eq!(e.field, "q2");
    }

    #[test]
    fn answers_to_questions_of_another_survey_are_refused() {
        for key in ["q99", "x1", "q", "q2x.sql"] {
            let e = parse_answers(
                &survey(),
                &raw(&[("q1", "in-person"), ("q2.sql", "on"), (key, "1")]),
            )
            .unwrap_err();
            assert_eq!(e.field, "", "{key}");
        }
    }

    #[test]
    fn long_text_answers_are_refused() {
        let long = "a".repeat(TEXT_ANSWER_MAX + 1);
        let e = parse_answers(
            &survey(),
            &raw(&[("q1", "in-person"), ("q2.sql", "on"), ("q4", &long)]),
        )
        .unwrap_err();
        assert_eq!(e.field, "q4");
    }

    #[test]
    fn a_survey_is_incomplete_when_an_answered_option_was_removed() {
        let mut questions = survey();
        let answers =
            parse_answers(&questions, &raw(&[("q1", "video-call"), ("q2.sql", "on")])).unwrap();
        assert!(is_complete(&questions, &answers));
        questions[0].options.retain(|o| o.id != "video-call");
        assert!(!is_complete(&questions, &answers));
    }

    #[test]
    fn option_ids_survive_edits_and_stay_unique() {
        let first = parse_options("SQL\nPublic speaking\n", &[]).unwrap();
        assert_eq!(first[1].id, "public-speaking");
        let second = parse_options("Public speaking\nPublic  speaking!\nSQL", &first).unwrap();
        assert_eq!(second[0].id, "public-speaking");
        assert_eq!(second[1].id, "public-speaking-2");
        assert_eq!(second[2].id, "sql");
        assert!(parse_options("SQL\nsql", &[]).is_err());
        assert_eq!(slug("  ¿Qué?  "), "qué");
        assert_eq!(slug("!!!"), "option");
    }

    fn input(kind: &str, rule: &str) -> QuestionInput {
        QuestionInput {
            prompt: "Which tools?".into(),
            kind: kind.into(),
            options: "One\nTwo".into(),
            rule: rule.into(),
            weight: "3".into(),
            ..Default::default()
        }
    }

    #[test]
    fn question_definitions_are_checked() {
        let spec = input("multi", "similar").parse(&[], &[]).unwrap();
        assert_eq!(spec.options.len(), 2);
        assert_eq!(spec.weight, 3);
        assert!(!spec.required);

        let mut i = input("single", "similar");
        i.options = "Only one".into();
        assert_eq!(i.parse(&[], &[]).unwrap_err().field, "options");
        assert_eq!(
            input("text", "similar").parse(&[], &[]).unwrap_err().field,
            "rule"
        );
        assert_eq!(
            input("scale", "complementary")
                .parse(&[], &[])
                .unwrap_err()
                .field,
            "rule"
        );
        let mut i = input("multi", "similar");
        i.weight = "11".into();
        assert_eq!(i.parse(&[], &[]).unwrap_err().field, "weight");
        let mut i = input("multi", "not_used");
        i.weight = "11".into();
        assert_eq!(i.parse(&[], &[]).unwrap().weight, 0, "weight is moot");
        let mut i = input("multi", "similar");
        i.prompt = " ".into();
        assert_eq!(i.parse(&[], &[]).unwrap_err().field, "prompt");
        assert_eq!(
            input("essay", "similar").parse(&[], &[]).unwrap_err().field,
            "kind"
        );
    }

    #[test]
    fn a_complementary_question_needs_a_choice_question_to_meet() {
        let others = survey();
        let mut i = input("multi", "complementary");
        assert_eq!(i.parse(&others, &[]).unwrap_err().field, "complements");
        i.complements = "3".into();
        assert_eq!(i.parse(&others, &[]).unwrap_err().field, "complements");
        i.complements = "77".into();
        assert_eq!(i.parse(&others, &[]).unwrap_err().field, "complements");
        i.complements = "2".into();
        assert_eq!(i.parse(&others, &[]).unwrap().complements, Some(2));
    }

    #[test]
    fn every_format_has_the_default_questions_the_issue_lists() {
        for format in ProgramFormat::ALL {
            let qs = default_questions(format);
            let prompts: Vec<&str> = qs.iter().map(|q| q.spec.prompt.as_str()).collect();
            for want in [
                "offer",
                "grow",
                "Interests",
                "want from",
                "meet",
                "available",
            ] {
                assert!(
                    prompts.iter().any(|p| p.contains(want)),
                    "{format:?} {want}"
                );
            }
            let grow = &qs[1];
            assert_eq!(grow.spec.rule, MatchRule::Complementary);
            assert_eq!(grow.complements_index, Some(0));
            // Every default passes the same checks as a typed question.
            for d in &qs {
                let s = &d.spec;
                let typed = QuestionInput {
                    prompt: s.prompt.clone(),
                    help: s.help.clone(),
                    kind: s.kind.as_str().into(),
                    options: s
                        .options
                        .iter()
                        .map(|o| o.label.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    rule: s.rule.as_str().into(),
                    weight: s.weight.to_string(),
                    required: s.required.then(|| "on".into()),
                    complements: d.complements_index.map(|_| "2".into()).unwrap_or_default(),
                };
                assert_eq!(typed.parse(&survey(), &[]).unwrap().options, s.options);
            }
        }
    }
}
