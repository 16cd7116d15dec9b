use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// A person in the organisation with their profile. Never carries the password hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub pronouns: String,
    pub job_title: String,
    pub department: String,
    pub team: String,
    pub level: Option<i64>,
    pub manager_id: Option<i64>,
    pub manager_name: Option<String>,
    pub manager_email: Option<String>,
    pub location: String,
    pub time_zone: String,
    pub bio: String,
    pub skills_offer: String,
    pub skills_grow: String,
    pub interests: String,
    pub aspirations: String,
    /// Unix seconds.
    pub created_at: i64,
    /// When an org admin deactivated them (they left the organisation); `None` while active.
    pub deactivated_at: Option<i64>,
}

impl User {
    /// Whether they are still with the organisation.
    pub fn active(&self) -> bool {
        self.deactivated_at.is_none()
    }

    /// The first word of their name, for greetings and short mentions.
    pub fn first_name(&self) -> &str {
        self.name.split_whitespace().next().unwrap_or_default()
    }

    /// Up to two initials, for avatars.
    pub fn initials(&self) -> String {
        initials(&self.name)
    }

    /// The profile parts matching relies on that are still empty, in words.
    pub fn profile_gaps(&self) -> Vec<String> {
        let mut gaps = Vec::new();
        if self.job_title.trim().is_empty() {
            gaps.push("job title".to_owned());
        }
        if self.department.trim().is_empty() {
            gaps.push("department".to_owned());
        }
        if self.level.is_none() {
            gaps.push("level".to_owned());
        }
        if self.time_zone.trim().is_empty() {
            gaps.push("time zone".to_owned());
        }
        if self.skills_offer.trim().is_empty() && self.skills_grow.trim().is_empty() {
            gaps.push("skills to offer or grow".to_owned());
        }
        gaps
    }
}

/// The signed-in person as the app shell needs them: enough to draw the navigation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
}

impl Me {
    pub fn initials(&self) -> String {
        initials(&self.name)
    }
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn initials_take_the_first_two_words() {
        assert_eq!(super::initials("ana maría lopez"), "AM");
        assert_eq!(super::initials("Bo"), "B");
        assert_eq!(super::initials(""), "");
    }
}

/// The profile page: the person and the time zones the form suggests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileView {
    pub user: User,
    /// IANA time-zone names offered as suggestions in the form.
    pub time_zones: Vec<String>,
}
