use std::fmt;

pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;

/// A password that meets Tandem's policy: 12 to 128 characters (counted as characters, not
/// bytes, so a passphrase in any script counts fairly). Length is the policy, following
/// NIST SP 800-63B: no composition rules, which push people to predictable patterns.
/// `Debug` never prints the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Use at least {PASSWORD_MIN} characters.")]
    TooShort,
    #[error("Use at most {PASSWORD_MAX} characters.")]
    TooLong,
}

impl Password {
    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let n = raw.chars().count();
        if n < PASSWORD_MIN {
            Err(PasswordError::TooShort)
        } else if n > PASSWORD_MAX {
            Err(PasswordError::TooLong)
        } else {
            Ok(Self(raw.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_bounds_are_inclusive() {
        assert_eq!(
            Password::parse(&"a".repeat(11)),
            Err(PasswordError::TooShort)
        );
        assert!(Password::parse(&"a".repeat(12)).is_ok());
        assert!(Password::parse(&"a".repeat(128)).is_ok());
        assert_eq!(
            Password::parse(&"a".repeat(129)),
            Err(PasswordError::TooLong)
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        // 12 characters, 36 bytes.
        assert!(Password::parse(&"密".repeat(12)).is_ok());
        assert_eq!(
            Password::parse(&"密".repeat(11)),
            Err(PasswordError::TooShort)
        );
    }

    #[test]
    fn debug_hides_the_secret() {
        let p = Password::parse("correct horse battery").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }
}
