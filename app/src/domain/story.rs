//! Success stories: what a participant writes as a round ends, and who they let read it. The
//! author's choice is the only way a story reaches admins or the report; admins choose which
//! of the stories allowed in the report appear there, never more.

use super::choice::choice_enum;
use super::field::{text, FieldError};
use serde::{Deserialize, Serialize};

/// The longest story.
pub const STORY_MAX: usize = 2_000;
/// Days before a round ends from which its participants may write their story.
pub const STORY_OPENS_DAYS: i64 = 14;

choice_enum!(
    /// Who may read a story, as its author chose.
    StoryReaders {
        Nobody => ("nobody", "Only me"),
        Admins => ("admins", "The program's admins"),
        Report => ("report", "The company report, without my name"),
        ReportNamed => ("report_named", "The company report, with my name"),
    }
);

impl StoryReaders {
    /// Whether admins may read it (and so curate it).
    pub fn admins_read(self) -> bool {
        self != StoryReaders::Nobody
    }

    /// Whether admins may put it in the report.
    pub fn in_report(self) -> bool {
        matches!(self, StoryReaders::Report | StoryReaders::ReportNamed)
    }

    /// Whether the author's name goes with it beyond the author.
    pub fn named(self) -> bool {
        matches!(self, StoryReaders::Admins | StoryReaders::ReportNamed)
    }
}

/// When a round's participants may start writing its story: two weeks before it ends.
pub fn story_opens_at(round_ends_at: i64) -> i64 {
    round_ends_at - STORY_OPENS_DAYS * 86_400
}

/// The story form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryInput {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub readers: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorySpec {
    pub body: String,
    pub readers: StoryReaders,
}

impl StoryInput {
    pub fn parse(&self) -> Result<StorySpec, FieldError> {
        let Some(readers) = StoryReaders::parse(&self.readers) else {
            return Err(FieldError {
                field: "readers",
                message: "Choose who may read your story.".into(),
            });
        };
        let body = text("body", &self.body, STORY_MAX, true).map_err(|e| {
            if self.body.trim().is_empty() {
                FieldError {
                    message: "Write a few sentences: what changed for you this round?".into(),
                    ..e
                }
            } else {
                e
            }
        })?;
        Ok(StorySpec { body, readers })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_authors_choice_opens_a_story_to_admins_and_the_report() {
        use StoryReaders::*;
        assert_eq!(
            StoryReaders::ALL
                .iter()
                .map(|r| (r.admins_read(), r.in_report(), r.named()))
                .collect::<Vec<_>>(),
            [
                (false, false, false),
                (true, false, true),
                (true, true, false),
                (true, true, true)
            ]
        );
        assert_eq!(StoryReaders::parse("report_named"), Some(ReportNamed));
        assert_eq!(StoryReaders::parse("everyone"), None);
    }

    #[test]
    fn a_story_needs_words_and_a_choice_of_readers() {
        let input = |body: &str, readers: &str| StoryInput {
            body: body.into(),
            readers: readers.into(),
        };
        assert_eq!(
            input(" We shipped the rota tool together. ", "admins").parse(),
            Ok(StorySpec {
                body: "We shipped the rota tool together.".into(),
                readers: StoryReaders::Admins
            })
        );
        let e = input("Fine", "").parse().unwrap_err();
        assert_eq!(e.field, "readers");
        let e = input("  ", "admins").parse().unwrap_err();
        assert_eq!(
            (e.field, e.message.as_str()),
            (
                "body",
                "Write a few sentences: what changed for you this round?"
            )
        );
        let e = input(&"a".repeat(2_001), "admins").parse().unwrap_err();
        assert_eq!(e.message, "Use at most 2000 characters.");
    }

    #[test]
    fn a_story_opens_two_weeks_before_its_round_ends() {
        assert_eq!(story_opens_at(100 * 86_400), 86 * 86_400);
    }
}
