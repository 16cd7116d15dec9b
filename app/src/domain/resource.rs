//! Resources in the hub: what kinds there are, who they are for, where they stand, and the
//! form an admin fills in to write one.

use super::choice::choice_enum;
use super::field::{err, lines, text, FieldError};
use super::goal::GoalCategory;
use super::goal_input::{GoalInput, GoalSpec};
use serde::{Deserialize, Serialize};
use time::Date;

choice_enum!(
    ResourceKind {
        Guide => ("guide", "Guide"),
        GoalTemplate => ("goal_template", "Goal template"),
        PromptSet => ("prompt_set", "Discussion prompts"),
        Checklist => ("checklist", "Checklist"),
        Link => ("link", "Link"),
        File => ("file", "File"),
    }
);

choice_enum!(
    /// Who a resource is written for. Everyone else does not see it at all.
    Audience {
        Everyone => ("everyone", "Everyone"),
        Mentors => ("mentors", "Mentors"),
        Mentees => ("mentees", "Mentees"),
        Admins => ("admins", "Admins"),
        Program => ("program", "One program"),
    }
);

choice_enum!(
    /// Drafts are seen only by those who can edit them; archived resources leave search and
    /// lists but keep their bookmarks and address.
    Publication {
        Draft => ("draft", "Draft"),
        Published => ("published", "Published"),
        Archived => ("archived", "Archived"),
    }
);

impl ResourceKind {
    /// Kinds whose content is a list of lines (prompts or checklist items).
    pub fn has_items(self) -> bool {
        matches!(self, Self::PromptSet | Self::Checklist)
    }
}

pub const RESOURCE_TITLE_MAX: usize = 120;
pub const RESOURCE_SUMMARY_MAX: usize = 300;
pub const RESOURCE_BODY_MAX: usize = 50_000;
pub const RESOURCE_ITEMS_MAX: usize = 30;
pub const RESOURCE_TAGS_MAX: usize = 10;
pub const TAG_MAX: usize = 30;

/// A tag as stored and filtered on: lower case, words joined by hyphens (`giving-feedback`).
pub fn tag_slug(raw: &str) -> String {
    let mut out = String::new();
    for word in raw
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Minutes a reader needs at about 200 words a minute, at least one.
pub fn reading_minutes(text: &str) -> i64 {
    let words = text.split_whitespace().count() as i64;
    ((words + 199) / 200).max(1)
}

/// The resource form as typed. A goal template's goal fields are flat (`goal_title`, …) so
/// the form stays one level deep.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    /// Prompts or checklist items, one per line.
    #[serde(default)]
    pub items: String,
    #[serde(default)]
    pub url: String,
    /// Comma-separated.
    #[serde(default)]
    pub tags: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub program_id: String,
    #[serde(default)]
    pub goal_title: String,
    #[serde(default)]
    pub goal_measure: String,
    #[serde(default)]
    pub goal_unit: String,
    #[serde(default)]
    pub goal_baseline: String,
    #[serde(default)]
    pub goal_target: String,
    #[serde(default)]
    pub goal_direction: String,
    #[serde(default)]
    pub goal_milestones: String,
}

/// A checked resource, ready to store. Its body is still Markdown: it is rendered and
/// sanitised when shown, so a later, stricter sanitiser applies to everything stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceSpec {
    pub kind: ResourceKind,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub items: Vec<String>,
    pub url: String,
    pub tags: Vec<String>,
    pub category: Option<GoalCategory>,
    pub audience: Audience,
    pub program_id: Option<i64>,
    /// For goal templates: the goal the template creates, as its form would be filled in.
    pub goal: Option<GoalInput>,
}

impl ResourceInput {
    /// Checks the form. `today` lets a goal template's goal be checked as if it were created
    /// now (twelve weeks from today is its due date then).
    pub fn parse(&self, today: Date) -> Result<ResourceSpec, FieldError> {
        let kind = ResourceKind::parse(&self.kind)
            .map_or_else(|| err("kind", "Choose what kind of resource this is."), Ok)?;
        let title = text("title", &self.title, RESOURCE_TITLE_MAX, true)?;
        let summary = text("summary", &self.summary, RESOURCE_SUMMARY_MAX, false)?;
        if self.body.chars().count() > RESOURCE_BODY_MAX {
            return err(
                "body",
                format!(
                    "Keep the text to {RESOURCE_BODY_MAX} characters; this has {}.",
                    self.body.chars().count()
                ),
            );
        }
        let body = self.body.trim().replace("\r\n", "\n");
        if kind == ResourceKind::Guide && body.is_empty() {
            return err("body", "Write the guide's text.");
        }
        let items = if kind.has_items() {
            let items = lines(&self.items);
            if items.is_empty() {
                return err("items", "Add at least one line.");
            }
            if items.len() > RESOURCE_ITEMS_MAX {
                return err(
                    "items",
                    format!(
                        "Use at most {RESOURCE_ITEMS_MAX} lines; this has {}.",
                        items.len()
                    ),
                );
            }
            if items.iter().any(|i| i.chars().count() > 300) {
                return err("items", "Keep each line to 300 characters.");
            }
            items
        } else {
            Vec::new()
        };
        let url = if kind == ResourceKind::Link {
            web_link("url", &self.url)?
        } else {
            String::new()
        };
        let mut tags: Vec<String> = Vec::new();
        for raw in self.tags.split(',').filter(|t| !t.trim().is_empty()) {
            let tag = tag_slug(raw);
            if tag.is_empty() {
                return err(
                    "tags",
                    format!("{:?} has no letters or digits.", raw.trim()),
                );
            }
            if tag.chars().count() > TAG_MAX {
                return err(
                    "tags",
                    format!(
                        "Keep each tag to {TAG_MAX} characters: {:?} is longer.",
                        raw.trim()
                    ),
                );
            }
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if tags.len() > RESOURCE_TAGS_MAX {
            return err("tags", format!("Use at most {RESOURCE_TAGS_MAX} tags."));
        }
        let category = match self.category.trim() {
            "" => None,
            c => Some(
                GoalCategory::parse(c).map_or_else(|| err("category", "Choose a category."), Ok)?,
            ),
        };
        let audience = Audience::parse(&self.audience)
            .map_or_else(|| err("audience", "Choose who this is for."), Ok)?;
        let program_id = if audience == Audience::Program {
            match self.program_id.trim().parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => return err("program_id", "Choose the program this is for."),
            }
        } else {
            None
        };
        let goal = if kind == ResourceKind::GoalTemplate {
            let Some(category) = category else {
                return err(
                    "category",
                    "Choose the category of the goals this template creates.",
                );
            };
            let input = GoalInput {
                title: self.goal_title.clone(),
                why: summary.clone(),
                category: category.as_str().into(),
                due_on: String::new(),
                measure: self.goal_measure.clone(),
                unit: self.goal_unit.clone(),
                baseline: self.goal_baseline.clone(),
                target: self.goal_target.clone(),
                direction: self.goal_direction.clone(),
                milestones: self.goal_milestones.clone(),
                visibility: "match".into(),
            };
            template_goal(&input, today).map_err(|e| FieldError {
                field: goal_field(e.field),
                message: e.message,
            })?;
            Some(input)
        } else {
            None
        };
        Ok(ResourceSpec {
            kind,
            title,
            summary,
            body,
            items,
            url,
            tags,
            category,
            audience,
            program_id,
            goal,
        })
    }
}

/// Weeks from the day a template is used to its goal's due date.
pub const TEMPLATE_DUE_WEEKS: i64 = 12;

/// The goal a template creates when used on `today`: due twelve weeks later, shared with the
/// match, to be edited into the person's own words.
pub fn template_goal(input: &GoalInput, today: Date) -> Result<GoalSpec, FieldError> {
    let due = today + time::Duration::weeks(TEMPLATE_DUE_WEEKS);
    GoalInput {
        due_on: due.to_string(),
        ..input.clone()
    }
    .parse(today, None)
}

/// The resource form's name for a goal form field.
fn goal_field(field: &'static str) -> &'static str {
    match field {
        "title" => "goal_title",
        "measure" => "goal_measure",
        "unit" => "goal_unit",
        "baseline" => "goal_baseline",
        "target" => "goal_target",
        "direction" => "goal_direction",
        "milestones" => "goal_milestones",
        "why" => "summary",
        other => other,
    }
}

/// An `http(s)` address for a link resource; any other scheme is refused.
fn web_link(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let url = raw.trim();
    if url.is_empty() {
        return err(field, "Give the address the link points to.");
    }
    if url.chars().count() > 500 {
        return err(field, "Keep the address to 500 characters.");
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host)
            if !host.is_empty() && !host.starts_with('/') && !url.contains(char::is_whitespace) =>
        {
            Ok(url.to_owned())
        }
        _ => err(
            field,
            "Use a web address starting with https:// (or http://).",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn guide() -> ResourceInput {
        ResourceInput {
            kind: "guide".into(),
            title: "Giving feedback".into(),
            body: "# Feedback\n\nBe specific.".into(),
            tags: "Feedback, giving feedback, FEEDBACK".into(),
            audience: "everyone".into(),
            ..Default::default()
        }
    }

    fn field_of(input: &ResourceInput) -> &'static str {
        input.parse(date!(2026 - 11 - 25)).unwrap_err().field
    }

    #[test]
    fn tags_become_unique_slugs() {
        let spec = guide().parse(date!(2026 - 11 - 25)).unwrap();
        assert_eq!(spec.tags, ["feedback", "giving-feedback"]);
        assert_eq!(tag_slug("  Public Speaking! "), "public-speaking");
        assert_eq!(tag_slug("Café crème"), "café-crème");
    }

    #[test]
    fn each_mistake_is_named_by_its_field() {
        let cases: Vec<(ResourceInput, &str)> = vec![
            (
                ResourceInput {
                    kind: "poster".into(),
                    ..guide()
                },
                "kind",
            ),
            (
                ResourceInput {
                    title: " ".into(),
                    ..guide()
                },
                "title",
            ),
            (
                ResourceInput {
                    body: String::new(),
                    ..guide()
                },
                "body",
            ),
            (
                ResourceInput {
                    body: "x".repeat(RESOURCE_BODY_MAX + 1),
                    ..guide()
                },
                "body",
            ),
            (
                ResourceInput {
                    tags: "ok, !!!".into(),
                    ..guide()
                },
                "tags",
            ),
            (
                ResourceInput {
                    tags: "a".repeat(31),
                    ..guide()
                },
                "tags",
            ),
            (
                ResourceInput {
                    audience: "friends".into(),
                    ..guide()
                },
                "audience",
            ),
            (
                ResourceInput {
                    audience: "program".into(),
                    ..guide()
                },
                "program_id",
            ),
            (
                ResourceInput {
                    kind: "link".into(),
                    url: "javascript:alert(1)".into(),
                    ..guide()
                },
                "url",
            ),
            (
                ResourceInput {
                    kind: "link".into(),
                    url: "https://".into(),
                    ..guide()
                },
                "url",
            ),
            (
                ResourceInput {
                    kind: "checklist".into(),
                    items: " \n ".into(),
                    ..guide()
                },
                "items",
            ),
            (
                ResourceInput {
                    kind: "prompt_set".into(),
                    items: "q\n".repeat(31),
                    ..guide()
                },
                "items",
            ),
            (
                ResourceInput {
                    kind: "goal_template".into(),
                    ..guide()
                },
                "category",
            ),
            (
                ResourceInput {
                    kind: "goal_template".into(),
                    category: "skill".into(),
                    goal_title: "Speak up".into(),
                    goal_measure: "metric".into(),
                    goal_unit: "talks".into(),
                    goal_baseline: "3".into(),
                    goal_target: "1".into(),
                    goal_direction: "up".into(),
                    ..guide()
                },
                "goal_target",
            ),
        ];
        for (input, field) in cases {
            assert_eq!(field_of(&input), field, "{input:?}");
        }
    }

    #[test]
    fn a_goal_template_keeps_a_goal_that_can_be_created() {
        let input = ResourceInput {
            kind: "goal_template".into(),
            title: "Present with confidence".into(),
            summary: "Practise in low-stakes rooms first.".into(),
            category: "skill".into(),
            goal_title: "Give [n] talks by [date]".into(),
            goal_measure: "metric".into(),
            goal_unit: "talks".into(),
            goal_baseline: "0".into(),
            goal_target: "3".into(),
            goal_direction: "up".into(),
            audience: "everyone".into(),
            ..Default::default()
        };
        let spec = input.parse(date!(2026 - 11 - 25)).unwrap();
        let goal = spec.goal.expect("a goal");
        let created = template_goal(&goal, date!(2027 - 01 - 10)).unwrap();
        assert_eq!(created.due_on, Some(date!(2027 - 04 - 04)));
        assert_eq!(created.title, "Give [n] talks by [date]");
        assert_eq!(created.category, GoalCategory::Skill);
    }

    #[test]
    fn reading_time_rounds_up() {
        assert_eq!(reading_minutes(""), 1);
        assert_eq!(reading_minutes(&"word ".repeat(200)), 1);
        assert_eq!(reading_minutes(&"word ".repeat(201)), 2);
    }
}
