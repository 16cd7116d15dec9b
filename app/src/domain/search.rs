//! What someone typed into the resource search, made safe for either database's full-text
//! syntax, and the highlighted snippets that come back.
//!
//! Words are reduced to letters and digits before they reach SQL, so no quote, operator or
//! parenthesis a person types can change the query's meaning on SQLite (FTS5 `MATCH`) or
//! PostgreSQL (`to_tsquery`). Every word is a prefix, so search-as-you-type finds
//! "mentoring" from "ment".

use super::field::{err, FieldError};

/// The longest search accepted, in characters.
pub const QUERY_MAX: usize = 200;
/// Words beyond this many are ignored: they would only narrow a search that is already
/// specific.
pub const QUERY_WORDS_MAX: usize = 8;

/// Words too common to narrow a search.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "i", "in", "is", "it",
    "me", "my", "of", "on", "or", "our", "that", "the", "their", "to", "was", "we", "what", "when",
    "where", "who", "why", "with", "you", "your",
];

/// Marks around a highlighted word in a snippet as the databases return it. Control
/// characters cannot occur in stored text (the search index reads plain text), so the page
/// splits on them and never renders the snippet as HTML.
pub const MARK_START: char = '\u{2}';
pub const MARK_END: char = '\u{3}';

/// The words of a search, lower-cased letters and digits only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchTerms(Vec<String>);

impl SearchTerms {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let length = raw.chars().count();
        if length > QUERY_MAX {
            return err(
                "q",
                format!("Search for at most {QUERY_MAX} characters; this search has {length}."),
            );
        }
        let all: Vec<String> = raw
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.chars().flat_map(char::to_lowercase).collect())
            .collect();
        let mut words: Vec<String> = Vec::new();
        for (i, word) in all.iter().enumerate() {
            // Single letters match too much to mean anything; common words too, unless they
            // are the word still being typed ("the" may become "theme").
            let last = i + 1 == all.len();
            let short = word.chars().count() < 2 && !word.chars().all(|c| c.is_ascii_digit());
            if short || (!last && STOP_WORDS.contains(&word.as_str())) {
                continue;
            }
            if !words.contains(word) && words.len() < QUERY_WORDS_MAX {
                words.push(word.clone());
            }
        }
        Ok(Self(words))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn words(&self) -> &[String] {
        &self.0
    }

    /// An FTS5 query: every word, each as a quoted prefix (`"ment"* "guide"*`).
    pub fn fts5(&self) -> String {
        self.0
            .iter()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A `to_tsquery` query: every word, each as a prefix (`ment:* & guide:*`).
    pub fn tsquery(&self) -> String {
        self.0
            .iter()
            .map(|w| format!("{w}:*"))
            .collect::<Vec<_>>()
            .join(" & ")
    }
}

/// A snippet split into plain and highlighted parts, in order.
pub fn snippet_parts(snippet: &str) -> Vec<(String, bool)> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut marked = false;
    for c in snippet.chars() {
        match c {
            MARK_START | MARK_END => {
                if !current.is_empty() {
                    parts.push((std::mem::take(&mut current), marked));
                }
                marked = c == MARK_START;
            }
            c if c.is_control() && c != '\n' => {}
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        parts.push((current, marked));
    }
    parts
}

/// `text` split so that words starting with one of the search's words are marked: how a
/// title shows what matched.
pub fn highlight(text: &str, terms: &SearchTerms) -> Vec<(String, bool)> {
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut push = |piece: &str, marked: bool| match parts.last_mut() {
        Some((last, m)) if *m == marked => last.push_str(piece),
        _ => parts.push((piece.to_owned(), marked)),
    };
    let mut rest = text;
    while !rest.is_empty() {
        let word_len = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(rest.len(), |(i, _)| i);
        if word_len == 0 {
            let gap = rest
                .char_indices()
                .find(|(_, c)| c.is_alphanumeric())
                .map_or(rest.len(), |(i, _)| i);
            push(&rest[..gap], false);
            rest = &rest[gap..];
            continue;
        }
        let word = &rest[..word_len];
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        push(word, terms.0.iter().any(|t| lower.starts_with(t.as_str())));
        rest = &rest[word_len..];
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_and_quotes_never_reach_the_database() {
        let terms = SearchTerms::parse(r#"  "Mentor" OR title:x* (NEAR) & !ab | cd's "#).unwrap();
        assert_eq!(terms.words(), ["mentor", "title", "near", "ab", "cd"]);
        assert_eq!(terms.fts5(), r#""mentor"* "title"* "near"* "ab"* "cd"*"#);
        assert!(terms
            .tsquery()
            .chars()
            .all(|c| c.is_alphanumeric() || " :*&".contains(c)));
    }

    #[test]
    fn long_searches_are_refused_and_many_words_trimmed() {
        let e = SearchTerms::parse(&"a".repeat(10_000)).unwrap_err();
        assert_eq!(e.field, "q");
        assert!(e.message.contains("10000"), "{}", e.message);
        let many = SearchTerms::parse("one two three four five six seven eight nine ten").unwrap();
        assert_eq!(many.words().len(), QUERY_WORDS_MAX);
        assert!(SearchTerms::parse(" -- ").unwrap().is_empty());
    }

    #[test]
    fn single_letters_and_common_words_are_dropped_but_not_the_word_being_typed() {
        let words = |q: &str| SearchTerms::parse(q).unwrap().words().to_vec();
        assert_eq!(
            words("how to give feedback to a peer"),
            ["give", "feedback", "peer"]
        );
        assert_eq!(words("f"), Vec::<String>::new());
        assert_eq!(words("fe"), ["fe"]);
        assert_eq!(words("feedback the"), ["feedback", "the"]);
        assert_eq!(words("top 5 habits"), ["top", "5", "habits"]);
    }

    #[test]
    fn titles_mark_the_words_that_start_with_a_search_word() {
        let terms = SearchTerms::parse("feedb ment").unwrap();
        assert_eq!(
            highlight("Giving feedback: a Mentor's view", &terms),
            vec![
                ("Giving ".to_owned(), false),
                ("feedback".to_owned(), true),
                (": a ".to_owned(), false),
                ("Mentor".to_owned(), true),
                ("'s view".to_owned(), false),
            ]
        );
        assert_eq!(
            highlight("Nothing here", &SearchTerms::default()),
            vec![("Nothing here".to_owned(), false)]
        );
    }

    #[test]
    fn snippets_split_on_their_marks() {
        assert_eq!(
            snippet_parts("Ask for \u{2}feedback\u{3} often…"),
            vec![
                ("Ask for ".to_owned(), false),
                ("feedback".to_owned(), true),
                (" often…".to_owned(), false)
            ]
        );
        assert_eq!(
            snippet_parts("<b>\u{2}x\u{3}"),
            vec![("<b>".to_owned(), false), ("x".to_owned(), true)]
        );
    }
}
