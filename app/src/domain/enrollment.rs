//! Joining a program: the role someone takes, how many mentees a mentor takes on, and the
//! people they would like to meet or never be matched with.

use super::choice::text_column;
use super::{Email, ProgramFormat};
use serde::{Deserialize, Serialize};

pub const CAPACITY_MAX: i64 = 5;
pub const PREFERRED_MAX: usize = 5;
pub const AVOID_MAX: usize = 20;

/// The part someone plays in a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentRole {
    /// Peer pairs and circles have one pool: everyone is a peer.
    Peer,
    Mentor,
    Mentee,
    /// Either mentor or mentee, whichever matches best.
    Either,
}

impl EnrollmentRole {
    pub const ALL: [EnrollmentRole; 4] = [Self::Peer, Self::Mentor, Self::Mentee, Self::Either];
    /// The roles offered in mentor–mentee and reverse programs.
    pub const CHOICES: [EnrollmentRole; 3] = [Self::Mentor, Self::Mentee, Self::Either];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Peer => "peer",
            Self::Mentor => "mentor",
            Self::Mentee => "mentee",
            Self::Either => "either",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Peer => "Peer",
            Self::Mentor => "Mentor",
            Self::Mentee => "Mentee",
            Self::Either => "Mentor or mentee",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// Whether this role may take on mentees (and so has a capacity).
    pub fn mentors(self) -> bool {
        matches!(self, Self::Mentor | Self::Either)
    }

    /// Whether this role may be mentored.
    pub fn is_mentee(self) -> bool {
        matches!(self, Self::Mentee | Self::Either)
    }
}

impl TryFrom<String> for EnrollmentRole {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or_else(|| format!("unknown enrollment role {value:?}"))
    }
}

text_column!(EnrollmentRole);

/// Whether someone takes part in the next round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentStatus {
    Active,
    /// Skips the next round, stays enrolled.
    Paused,
    Left,
}

impl EnrollmentStatus {
    pub const ALL: [EnrollmentStatus; 3] = [Self::Active, Self::Paused, Self::Left];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Paused => "paused",
            Self::Left => "left",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Taking part",
            Self::Paused => "Skipping the next round",
            Self::Left => "Left the program",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s.trim())
    }
}

impl TryFrom<String> for EnrollmentStatus {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or_else(|| format!("unknown enrollment status {value:?}"))
    }
}

text_column!(EnrollmentStatus);

/// The enrollment form as typed (the survey answers travel beside it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentInput {
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub capacity: String,
    /// Email addresses, separated by commas, spaces or new lines.
    #[serde(default)]
    pub preferred: String,
    /// Email addresses; confidential.
    #[serde(default)]
    pub avoid: String,
}

/// A checked enrollment; partners are still email addresses for the server to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrollmentSpec {
    pub role: EnrollmentRole,
    pub capacity: i64,
    pub preferred: Vec<Email>,
    pub avoid: Vec<Email>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EnrollmentError {
    pub field: &'static str,
    pub message: String,
}

fn fail<T>(field: &'static str, message: impl Into<String>) -> Result<T, EnrollmentError> {
    Err(EnrollmentError {
        field,
        message: message.into(),
    })
}

/// Reads a list of addresses for `field`.
fn parse_people(field: &'static str, raw: &str, max: usize) -> Result<Vec<Email>, EnrollmentError> {
    Email::parse_list(raw, max).map_err(|message| EnrollmentError { field, message })
}

impl EnrollmentInput {
    pub fn parse(
        &self,
        format: ProgramFormat,
        own_email: &str,
    ) -> Result<EnrollmentSpec, EnrollmentError> {
        let role = match format {
            ProgramFormat::Peer | ProgramFormat::Circles => EnrollmentRole::Peer,
            ProgramFormat::MentorMentee | ProgramFormat::Reverse => {
                match EnrollmentRole::parse(&self.role) {
                    Some(r) if r != EnrollmentRole::Peer => r,
                    _ => return fail("role", "Choose whether you join as a mentor or a mentee."),
                }
            }
        };
        let capacity = if role.mentors() {
            match self.capacity.trim() {
                "" => 1,
                c => match c.parse::<i64>() {
                    Ok(n) if (1..=CAPACITY_MAX).contains(&n) => n,
                    _ => {
                        return fail(
                            "capacity",
                            format!("Choose from 1 to {CAPACITY_MAX} mentees."),
                        )
                    }
                },
            }
        } else {
            1
        };
        let preferred = parse_people("preferred", &self.preferred, PREFERRED_MAX)?;
        let avoid = parse_people("avoid", &self.avoid, AVOID_MAX)?;
        let own = own_email.to_lowercase();
        if preferred.iter().any(|e| e.as_str() == own) {
            return fail("preferred", "You cannot be your own partner.");
        }
        if avoid.iter().any(|e| e.as_str() == own) {
            return fail("avoid", "You cannot avoid yourself.");
        }
        if let Some(both) = preferred.iter().find(|e| avoid.contains(e)) {
            return fail(
                "avoid",
                format!("{both} is on both lists; keep them on one."),
            );
        }
        Ok(EnrollmentSpec {
            role,
            capacity,
            preferred,
            avoid,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(role: &str, capacity: &str) -> EnrollmentInput {
        EnrollmentInput {
            role: role.into(),
            capacity: capacity.into(),
            ..Default::default()
        }
    }

    #[test]
    fn peer_programs_have_one_role_whatever_is_sent() {
        let spec = input("mentor", "4")
            .parse(ProgramFormat::Peer, "me@x.example")
            .unwrap();
        assert_eq!(spec.role, EnrollmentRole::Peer);
        assert_eq!(spec.capacity, 1);
        let spec = input("", "")
            .parse(ProgramFormat::Circles, "me@x.example")
            .unwrap();
        assert_eq!(spec.role, EnrollmentRole::Peer);
    }

    #[test]
    fn mentors_choose_a_capacity_from_one_to_five() {
        let f = ProgramFormat::MentorMentee;
        assert_eq!(
            input("mentor", "")
                .parse(f, "a@x.example")
                .unwrap()
                .capacity,
            1
        );
        assert_eq!(
            input("either", "5")
                .parse(f, "a@x.example")
                .unwrap()
                .capacity,
            5
        );
        assert_eq!(
            input("mentee", "9")
                .parse(f, "a@x.example")
                .unwrap()
                .capacity,
            1
        );
        for bad in ["0", "6", "two"] {
            let e = input("mentor", bad).parse(f, "a@x.example").unwrap_err();
            assert_eq!(e.field, "capacity");
        }
        for bad in ["", "peer", "boss"] {
            let e = input(bad, "1")
                .parse(ProgramFormat::Reverse, "a@x.example")
                .unwrap_err();
            assert_eq!(e.field, "role");
        }
    }

    #[test]
    fn partner_lists_are_addresses_without_oneself_or_overlap() {
        let mut i = input("", "");
        i.preferred = "Bo@X.example, cy@x.example\nbo@x.example".into();
        i.avoid = "dee@x.example; eve@x.example".into();
        let spec = i.parse(ProgramFormat::Peer, "me@x.example").unwrap();
        assert_eq!(spec.preferred.len(), 2, "duplicates collapse");
        assert_eq!(spec.avoid[1].as_str(), "eve@x.example");

        i.avoid = "cy@x.example".into();
        assert_eq!(
            i.parse(ProgramFormat::Peer, "me@x.example")
                .unwrap_err()
                .field,
            "avoid"
        );
        i.avoid = "ME@x.example".into();
        assert_eq!(
            i.parse(ProgramFormat::Peer, "me@x.example")
                .unwrap_err()
                .field,
            "avoid"
        );
        i.avoid = String::new();
        i.preferred = "not-an-address".into();
        let e = i.parse(ProgramFormat::Peer, "me@x.example").unwrap_err();
        assert_eq!(e.field, "preferred");
        assert!(e.message.contains("not-an-address"));
        i.preferred = (0..6).map(|n| format!("p{n}@x.example ")).collect();
        assert_eq!(
            i.parse(ProgramFormat::Peer, "me@x.example")
                .unwrap_err()
                .field,
            "preferred"
        );
    }
}
