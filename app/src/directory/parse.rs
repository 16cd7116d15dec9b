use super::{Columns, Problem, MAX_PROBLEMS};
use crate::domain::{Email, LEVEL_MAX};

/// Files above 10 MB are refused before they are read.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// A row that passed its own checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryRow {
    /// Line in the file, for messages.
    pub line: usize,
    pub email: Email,
    pub name: String,
    pub department: String,
    pub team: String,
    pub job_title: String,
    pub level: Option<i64>,
    pub manager_email: Option<Email>,
    pub location: String,
    pub time_zone: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Column {
    Email,
    Name,
    Department,
    Team,
    JobTitle,
    Level,
    ManagerEmail,
    Location,
    TimeZone,
}

impl Column {
    const ALL: [Column; 9] = [
        Column::Email,
        Column::Name,
        Column::Department,
        Column::Team,
        Column::JobTitle,
        Column::Level,
        Column::ManagerEmail,
        Column::Location,
        Column::TimeZone,
    ];

    fn name(self) -> &'static str {
        match self {
            Column::Email => "email",
            Column::Name => "name",
            Column::Department => "department",
            Column::Team => "team",
            Column::JobTitle => "job title",
            Column::Level => "level",
            Column::ManagerEmail => "manager_email",
            Column::Location => "location",
            Column::TimeZone => "time zone",
        }
    }

    /// Matches a header cell: case, spaces, dashes and underscores do not matter.
    fn from_header(cell: &str) -> Option<Column> {
        let key: String = cell
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Column::ALL.into_iter().find(|c| {
            let own: String = c.name().chars().filter(|ch| ch.is_alphanumeric()).collect();
            key == own
                || (*c == Column::ManagerEmail && key == "manager")
                || (*c == Column::JobTitle && key == "title")
        })
    }

    fn max_len(self) -> usize {
        match self {
            Column::Email | Column::ManagerEmail => 254,
            Column::Level => 3,
            Column::TimeZone => 64,
            _ => 100,
        }
    }
}

/// A file as read: the rows that passed their own checks, the columns it has, every email it
/// names (good rows or not, so a manager on a bad row is not also reported unknown), and every
/// problem found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub rows: Vec<DirectoryRow>,
    pub columns: Columns,
    pub emails: std::collections::HashSet<String>,
    pub problems: Vec<Problem>,
}

/// Reads a directory CSV. Either every row is good, or the answer lists every problem found
/// (up to [`MAX_PROBLEMS`]) with its line and column.
pub fn parse(bytes: &[u8]) -> Result<Vec<DirectoryRow>, Vec<Problem>> {
    let parsed = read(bytes);
    if parsed.problems.is_empty() {
        Ok(parsed.rows)
    } else {
        Err(parsed.problems)
    }
}

/// Reads a directory CSV in one pass, keeping the good rows beside every problem, so a
/// preview can list all that is wrong at once.
pub fn read(bytes: &[u8]) -> Parsed {
    match read_rows(bytes) {
        Ok(parsed) => parsed,
        Err(problems) => Parsed {
            problems,
            ..Default::default()
        },
    }
}

fn read_rows(bytes: &[u8]) -> Result<Parsed, Vec<Problem>> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(vec![Problem::new(
            0,
            None,
            format!(
                "The file is {:.1} MB; the limit is 10 MB. Split it into smaller files.",
                bytes.len() as f64 / 1_048_576.0
            ),
        )]);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let mut problems = Vec::new();

    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(vec![Problem::new(
                1,
                None,
                format!("The header could not be read: {e}"),
            )])
        }
        None => {
            return Err(vec![Problem::new(
            1,
            None,
            "The file is empty. The first line must name the columns, e.g. email,name,department.",
        )])
        }
    };
    let mut columns: Vec<Option<Column>> = Vec::with_capacity(header.len());
    for (i, cell) in header.iter().enumerate() {
        let Ok(text) = std::str::from_utf8(cell) else {
            return Err(vec![Problem::new(
                1,
                None,
                "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and try again.",
            )]);
        };
        let column = Column::from_header(text);
        if let Some(c) = column {
            if columns.contains(&Some(c)) {
                problems.push(Problem::new(
                    1,
                    Some(c.name()),
                    format!(
                        "The column {:?} appears twice (column {}).",
                        c.name(),
                        i + 1
                    ),
                ));
            }
        }
        columns.push(column);
    }
    for required in [Column::Email, Column::Name] {
        if !columns.contains(&Some(required)) {
            problems.push(Problem::new(
                1,
                Some(required.name()),
                format!("The header has no {:?} column.", required.name()),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let has = |c: Column| columns.contains(&Some(c));
    let present = Columns {
        department: has(Column::Department),
        team: has(Column::Team),
        job_title: has(Column::JobTitle),
        level: has(Column::Level),
        manager: has(Column::ManagerEmail),
        location: has(Column::Location),
        time_zone: has(Column::TimeZone),
    };
    let mut emails = std::collections::HashSet::new();
    let mut rows = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (index, record) in records.enumerate() {
        let line = index + 2;
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem::new(
                    line,
                    None,
                    format!("The line could not be read as CSV: {e}"),
                ));
                continue;
            }
        };
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        if record.len() > columns.len() {
            problems.push(Problem::new(
                line,
                None,
                format!(
                    "This line has {} values but the header names {} columns.",
                    record.len(),
                    columns.len()
                ),
            ));
            continue;
        }
        let mut cells: [&str; 9] = [""; 9];
        let mut bad = false;
        for (value, column) in record.iter().zip(&columns) {
            let Some(column) = column else { continue };
            match std::str::from_utf8(value) {
                Ok(v) if v.chars().count() > column.max_len() => {
                    problems.push(Problem::new(
                        line,
                        Some(column.name()),
                        format!("Use at most {} characters.", column.max_len()),
                    ));
                    bad = true;
                }
                Ok(v) => cells[*column as usize] = v,
                Err(_) => {
                    problems.push(Problem::new(line, Some(column.name()), "This value is not UTF-8 text. Save the file as \"CSV UTF-8\" and try again."));
                    bad = true;
                }
            }
        }
        if bad {
            continue;
        }
        let cell = |c: Column| cells[c as usize];
        let mut push = |c: Column, m: String| problems.push(Problem::new(line, Some(c.name()), m));

        let email = match Email::parse(cell(Column::Email)) {
            Ok(e) => Some(e),
            Err(e) => {
                push(Column::Email, e.to_string());
                None
            }
        };
        if let Some(e) = &email {
            emails.insert(e.as_str().to_owned());
            if let Some(first) = seen.insert(e.as_str().to_owned(), line) {
                push(Column::Email, format!("{e} is already on line {first}."));
            }
        }
        let name = cell(Column::Name);
        if name.is_empty() {
            push(Column::Name, "Enter the person's name.".into());
        }
        let level = match cell(Column::Level) {
            "" => Some(None),
            v => match v.parse::<i64>() {
                Ok(n) if (1..=LEVEL_MAX).contains(&n) => Some(Some(n)),
                _ => {
                    push(
                        Column::Level,
                        format!("{v:?} is not a level: use a whole number from 1 to {LEVEL_MAX}."),
                    );
                    None
                }
            },
        };
        let manager_email = match cell(Column::ManagerEmail) {
            "" => Some(None),
            v => match Email::parse(v) {
                Ok(m) if email.as_ref() == Some(&m) => {
                    push(
                        Column::ManagerEmail,
                        "A person cannot be their own manager.".into(),
                    );
                    None
                }
                Ok(m) => Some(Some(m)),
                Err(e) => {
                    push(Column::ManagerEmail, e.to_string());
                    None
                }
            },
        };
        let time_zone = cell(Column::TimeZone);
        let tz_ok = time_zone.is_empty() || time_zone.parse::<chrono_tz::Tz>().is_ok();
        if !tz_ok {
            push(
                Column::TimeZone,
                format!("{time_zone:?} is not a time zone: use a name like Europe/Paris."),
            );
        }
        if let (Some(email), Some(level), Some(manager_email), true, false) =
            (email, level, manager_email, tz_ok, name.is_empty())
        {
            rows.push(DirectoryRow {
                line,
                email,
                name: name.to_owned(),
                department: cell(Column::Department).to_owned(),
                team: cell(Column::Team).to_owned(),
                job_title: cell(Column::JobTitle).to_owned(),
                level,
                manager_email,
                location: cell(Column::Location).to_owned(),
                time_zone: time_zone.to_owned(),
            });
        }
    }
    problems.truncate(MAX_PROBLEMS);
    Ok(Parsed {
        rows,
        columns: present,
        emails,
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(csv: &[u8]) -> Vec<Problem> {
        parse(csv).expect_err("the file should be refused")
    }

    fn one(csv: &str) -> (usize, Option<String>, String) {
        let p = problems(csv.as_bytes());
        assert_eq!(p.len(), 1, "{p:?}");
        (p[0].row, p[0].column.clone(), p[0].message.clone())
    }

    const HEADER: &str =
        "Email,Name,Department,Team,Job Title,Level,Manager_Email,Location,Time Zone\n";

    #[test]
    fn reads_a_good_file_with_any_header_case_and_extra_columns() {
        let csv = "\u{feff}EMAIL , name,Job-Title,level,manager email,TimeZone,Shoe size\n\
                   Ana@Example.com,Ana Lopez,Engineer,4,bo@example.com,Europe/Lisbon,38\n\
                   bo@example.com,\"Berg, Bo\",Lead,9,,America/New_York,44\n\n";
        let rows = parse(csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].email.as_str(), "ana@example.com");
        assert_eq!(rows[0].job_title, "Engineer");
        assert_eq!(rows[0].level, Some(4));
        assert_eq!(
            rows[0].manager_email.as_ref().map(Email::as_str),
            Some("bo@example.com")
        );
        assert_eq!(rows[1].name, "Berg, Bo");
        assert_eq!((rows[1].line, rows[1].manager_email.clone()), (3, None));
    }

    #[test]
    fn a_missing_email_is_named_by_row_and_column() {
        assert_eq!(
            one(&format!("{HEADER},Ana Lopez,,,,,,,\n")),
            (2, Some("email".into()), "Enter an email address.".into())
        );
    }

    #[test]
    fn a_malformed_email() {
        let (row, col, msg) = one(&format!("{HEADER}ana-at-example.com,Ana,,,,,,,\n"));
        assert_eq!((row, col.as_deref()), (2, Some("email")));
        assert!(msg.contains("name@example.com"));
    }

    #[test]
    fn a_duplicate_email_names_the_first_line() {
        let (row, col, msg) = one(&format!(
            "{HEADER}ana@example.com,Ana,,,,,,,\nANA@example.com,Ana again,,,,,,,\n"
        ));
        assert_eq!(
            (row, col.as_deref(), msg.as_str()),
            (3, Some("email"), "ana@example.com is already on line 2.")
        );
    }

    #[test]
    fn a_bad_level() {
        for level in ["0", "16", "senior", "4.5"] {
            let (row, col, _) = one(&format!("{HEADER}ana@example.com,Ana,,,,{level},,,\n"));
            assert_eq!((row, col.as_deref()), (2, Some("level")), "{level}");
        }
    }

    #[test]
    fn an_unknown_time_zone() {
        let (_, col, msg) = one(&format!("{HEADER}ana@example.com,Ana,,,,,,,Mars/Olympus\n"));
        assert_eq!(col.as_deref(), Some("time zone"));
        assert!(msg.contains("Mars/Olympus"));
    }

    #[test]
    fn wrong_encoding() {
        let mut latin1 = format!("{HEADER}ana@example.com,").into_bytes();
        latin1.extend_from_slice(b"Jos\xe9,,,,,,,\n");
        let p = problems(&latin1);
        assert_eq!((p[0].row, p[0].column.as_deref()), (2, Some("name")));
        assert!(p[0].message.contains("UTF-8"));
    }

    #[test]
    fn too_many_columns() {
        let (row, col, msg) = one("email,name\nana@example.com,Ana,extra\n");
        assert_eq!((row, col), (2, None));
        assert!(msg.contains("3 values") && msg.contains("2 columns"));
    }

    #[test]
    fn a_file_over_ten_megabytes() {
        let big = vec![b'a'; MAX_IMPORT_BYTES + 1];
        let p = problems(&big);
        assert!(p[0].message.contains("limit is 10 MB"));
    }

    #[test]
    fn a_header_without_required_columns() {
        let p = problems(b"mail,full name\nana@example.com,Ana\n");
        assert_eq!(p.len(), 2);
        assert!(p.iter().all(|p| p.row == 1));
        assert_eq!(problems(b"")[0].row, 1);
    }

    #[test]
    fn a_self_managed_row_and_every_problem_of_a_file_are_reported() {
        let csv = format!("{HEADER}ana@example.com,Ana,,,,,ana@example.com,,\n,No Email,,,,,,,\nbo@example.com,,,,,99,,,\n");
        let p = problems(csv.as_bytes());
        let where_: Vec<_> = p
            .iter()
            .map(|p| (p.row, p.column.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            where_,
            vec![
                (2, "manager_email".into()),
                (3, "email".into()),
                (4, "name".into()),
                (4, "level".into())
            ]
        );
    }
}
