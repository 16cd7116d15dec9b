//! What admins may see of what people say about their sessions: figures only once enough
//! different people stand behind them that nobody can be singled out. Thresholds count people,
//! never rows, so one person rating twenty sessions is still one person.

/// Different people who must have rated before an average rating is shown.
pub const RATERS_MIN: i64 = 3;
/// Different people who must have written a comment before any comment is shown.
pub const COMMENT_AUTHORS_MIN: i64 = 5;

/// The average of `sum` over `ratings`, when at least [`RATERS_MIN`] people gave them.
pub fn average_rating(raters: i64, ratings: i64, sum: i64) -> Option<f64> {
    (raters >= RATERS_MIN && ratings > 0).then(|| sum as f64 / ratings as f64)
}

/// Comments as admins may read them: none below [`COMMENT_AUTHORS_MIN`] authors, and never
/// in an order that follows when they were written (which could tell who wrote which).
pub fn readable_comments(authors: i64, mut comments: Vec<String>) -> Vec<String> {
    if authors < COMMENT_AUTHORS_MIN {
        return Vec::new();
    }
    comments.sort_by_key(|c| c.to_lowercase());
    comments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_need_enough_different_people() {
        // One person rating twenty times is one rater.
        assert_eq!(average_rating(1, 20, 100), None);
        assert_eq!(average_rating(2, 2, 9), None);
        assert_eq!(average_rating(3, 4, 14), Some(3.5));
        let said = |n: usize| (0..n).map(|i| format!("comment {i}")).collect::<Vec<_>>();
        assert!(readable_comments(4, said(12)).is_empty());
        assert_eq!(readable_comments(5, said(5)).len(), 5);
        let shown = readable_comments(5, vec!["b late".into(), "A early".into(), "c".into()]);
        assert_eq!(
            shown,
            vec!["A early", "b late", "c"],
            "by text, not by time"
        );
    }
}
