use serde::{Deserialize, Serialize};

/// The profile form as typed. Every field is text because that is what a form sends; `parse`
/// turns it into checked values or names the first field that is wrong.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileInput {
    pub name: String,
    #[serde(default)]
    pub pronouns: String,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub manager_email: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub bio: String,
    #[serde(default)]
    pub skills_offer: String,
    #[serde(default)]
    pub skills_grow: String,
    #[serde(default)]
    pub interests: String,
    #[serde(default)]
    pub aspirations: String,
}

/// A field of the profile form and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ProfileError {
    pub field: &'static str,
    pub message: String,
}

/// Seniority levels run from 1 (first job) to 15 (executive); the bound catches typos such as
/// 110 without imposing one company's ladder.
pub const LEVEL_MAX: i64 = 15;

impl ProfileInput {
    /// Trims every field and checks lengths and the level. The manager and time zone are
    /// checked by the server, which knows the people and the time-zone database.
    pub fn parse(mut self) -> Result<Self, ProfileError> {
        let limits: [(&'static str, usize, bool); 13] = [
            ("name", 100, true),
            ("pronouns", 40, false),
            ("job_title", 100, false),
            ("department", 100, false),
            ("level", 3, false),
            ("manager_email", 254, false),
            ("location", 100, false),
            ("time_zone", 64, false),
            ("bio", 1000, false),
            ("skills_offer", 500, false),
            ("skills_grow", 500, false),
            ("interests", 500, false),
            ("aspirations", 500, false),
        ];
        for (field, max, required) in limits {
            let value = self.field_mut(field);
            *value = value.trim().to_owned();
            if required && value.is_empty() {
                return Err(ProfileError {
                    field,
                    message: "This field is required.".into(),
                });
            }
            if value.chars().count() > max {
                return Err(ProfileError {
                    field,
                    message: format!("Use at most {max} characters."),
                });
            }
        }
        self.level_number()?;
        Ok(self)
    }

    /// The level as a number, if one was given.
    pub fn level_number(&self) -> Result<Option<i64>, ProfileError> {
        if self.level.trim().is_empty() {
            return Ok(None);
        }
        match self.level.trim().parse::<i64>() {
            Ok(n) if (1..=LEVEL_MAX).contains(&n) => Ok(Some(n)),
            _ => Err(ProfileError {
                field: "level",
                message: format!("Enter a whole number from 1 to {LEVEL_MAX}."),
            }),
        }
    }

    fn field_mut(&mut self, field: &str) -> &mut String {
        match field {
            "name" => &mut self.name,
            "pronouns" => &mut self.pronouns,
            "job_title" => &mut self.job_title,
            "department" => &mut self.department,
            "level" => &mut self.level,
            "manager_email" => &mut self.manager_email,
            "location" => &mut self.location,
            "time_zone" => &mut self.time_zone,
            "bio" => &mut self.bio,
            "skills_offer" => &mut self.skills_offer,
            "skills_grow" => &mut self.skills_grow,
            "interests" => &mut self.interests,
            _ => &mut self.aspirations,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProfileInput {
        ProfileInput {
            name: "  Ana Lopez ".into(),
            level: " 4 ".into(),
            ..Default::default()
        }
    }

    #[test]
    fn trims_and_accepts_a_minimal_profile() {
        let p = input().parse().unwrap();
        assert_eq!(p.name, "Ana Lopez");
        assert_eq!(p.level_number().unwrap(), Some(4));
    }

    #[test]
    fn names_the_field_that_is_wrong() {
        let e = ProfileInput {
            name: " ".into(),
            ..input()
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.field, "name");
        let e = ProfileInput {
            level: "16".into(),
            ..input()
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.field, "level");
        let e = ProfileInput {
            level: "three".into(),
            ..input()
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.field, "level");
        let e = ProfileInput {
            bio: "x".repeat(1001),
            ..input()
        }
        .parse()
        .unwrap_err();
        assert_eq!(
            (e.field, e.message.as_str()),
            ("bio", "Use at most 1000 characters.")
        );
    }
}
