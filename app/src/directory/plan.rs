use super::{DirectoryRow, Problem, MAX_PROBLEMS};
use std::collections::{BTreeSet, HashMap};

/// What the import needs to know of someone already in Tandem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingPerson {
    pub name: String,
    pub department: String,
    pub team: String,
    pub job_title: String,
    pub level: Option<i64>,
    pub manager_email: Option<String>,
    pub location: String,
    pub time_zone: String,
}

/// Who an import creates and updates; shown as a preview before the admin confirms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportPlan {
    pub create: Vec<DirectoryRow>,
    pub update: Vec<DirectoryRow>,
    pub unchanged: usize,
}

/// Checks the rows against each other and the people already in Tandem (keyed by email):
/// every manager must exist in one or the other, and the resulting reporting lines must not
/// loop. A re-import updates people by email.
pub fn plan(
    rows: Vec<DirectoryRow>,
    existing: &HashMap<String, ExistingPerson>,
) -> Result<ImportPlan, Vec<Problem>> {
    let mut problems = Vec::new();
    let in_file: HashMap<&str, &DirectoryRow> =
        rows.iter().map(|r| (r.email.as_str(), r)).collect();
    for r in &rows {
        if let Some(m) = &r.manager_email {
            if !in_file.contains_key(m.as_str()) && !existing.contains_key(m.as_str()) {
                problems.push(Problem::new(
                    r.line,
                    Some("manager_email"),
                    format!("No one with the email {m} is in the file or in Tandem."),
                ));
            }
        }
    }
    // The manager of each person after the import: the file's word for people in it, the
    // current one for everyone else.
    let manager_of = |email: &str| -> Option<String> {
        match in_file.get(email) {
            Some(r) => r.manager_email.as_ref().map(|m| m.as_str().to_owned()),
            None => existing.get(email).and_then(|p| p.manager_email.clone()),
        }
    };
    let mut reported: BTreeSet<Vec<String>> = BTreeSet::new();
    for r in &rows {
        let mut chain = vec![r.email.as_str().to_owned()];
        let mut cursor = manager_of(r.email.as_str());
        while let Some(m) = cursor {
            if let Some(pos) = chain.iter().position(|e| *e == m) {
                let mut cycle: Vec<String> = chain[pos..].to_vec();
                let mut key = cycle.clone();
                key.sort();
                if pos == 0 && reported.insert(key) {
                    cycle.push(m);
                    problems.push(Problem::new(
                        r.line,
                        Some("manager_email"),
                        format!(
                            "These people would manage each other in a loop: {}.",
                            cycle.join(" → ")
                        ),
                    ));
                }
                break;
            }
            if chain.len() > rows.len() + existing.len() {
                break;
            }
            chain.push(m.clone());
            cursor = manager_of(&m);
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.row);
        problems.truncate(MAX_PROBLEMS);
        return Err(problems);
    }
    let mut out = ImportPlan::default();
    for r in rows {
        match existing.get(r.email.as_str()) {
            None => out.create.push(r),
            Some(p) if same(p, &r) => out.unchanged += 1,
            Some(_) => out.update.push(r),
        }
    }
    Ok(out)
}

fn same(p: &ExistingPerson, r: &DirectoryRow) -> bool {
    p.name == r.name
        && p.department == r.department
        && p.team == r.team
        && p.job_title == r.job_title
        && p.level == r.level
        && p.manager_email.as_deref() == r.manager_email.as_ref().map(|m| m.as_str())
        && p.location == r.location
        && p.time_zone == r.time_zone
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::parse;

    fn rows(body: &str) -> Vec<DirectoryRow> {
        parse(format!("email,name,manager_email,level\n{body}").as_bytes()).unwrap()
    }

    fn existing(list: &[(&str, Option<&str>)]) -> HashMap<String, ExistingPerson> {
        list.iter()
            .map(|(e, m)| {
                let p = ExistingPerson {
                    name: "Someone".into(),
                    department: String::new(),
                    team: String::new(),
                    job_title: String::new(),
                    level: None,
                    manager_email: m.map(str::to_owned),
                    location: String::new(),
                    time_zone: String::new(),
                };
                (e.to_string(), p)
            })
            .collect()
    }

    #[test]
    fn new_people_are_created_and_known_people_updated_by_email() {
        let have = existing(&[("bo@example.com", None), ("cy@example.com", None)]);
        let p = plan(rows("ana@example.com,Ana,bo@example.com,4\nbo@example.com,Bo Berg,,\ncy@example.com,Someone,,\n"), &have).unwrap();
        assert_eq!(
            p.create
                .iter()
                .map(|r| r.email.as_str())
                .collect::<Vec<_>>(),
            ["ana@example.com"]
        );
        assert_eq!(
            p.update
                .iter()
                .map(|r| r.email.as_str())
                .collect::<Vec<_>>(),
            ["bo@example.com"]
        );
        assert_eq!(
            p.unchanged, 1,
            "a row that changes nothing is counted, not rewritten"
        );
    }

    #[test]
    fn an_unknown_manager_is_named() {
        let e = plan(
            rows("ana@example.com,Ana,ghost@example.com,\n"),
            &HashMap::new(),
        )
        .unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(
            (e[0].row, e[0].column.as_deref()),
            (2, Some("manager_email"))
        );
        assert!(e[0].message.contains("ghost@example.com"));
    }

    #[test]
    fn a_manager_already_in_tandem_is_fine() {
        let have = existing(&[("boss@example.com", None)]);
        assert!(plan(rows("ana@example.com,Ana,boss@example.com,\n"), &have).is_ok());
    }

    #[test]
    fn a_loop_inside_the_file_is_reported_once() {
        let e = plan(rows("a@example.com,A,b@example.com,\nb@example.com,B,c@example.com,\nc@example.com,C,a@example.com,\n"), &HashMap::new()).unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].row, 2);
        assert_eq!(e[0].message, "These people would manage each other in a loop: a@example.com → b@example.com → c@example.com → a@example.com.");
    }

    #[test]
    fn a_loop_through_people_already_in_tandem_is_caught() {
        // boss already reports to ana; the file makes ana report to boss.
        let have = existing(&[
            ("boss@example.com", Some("ana@example.com")),
            ("ana@example.com", None),
        ]);
        let e = plan(rows("ana@example.com,Ana,boss@example.com,\n"), &have).unwrap_err();
        assert!(e[0].message.contains("loop"), "{e:?}");
        // Moving boss in the same file breaks the loop.
        assert!(plan(
            rows("ana@example.com,Ana,boss@example.com,\nboss@example.com,Boss,,\n"),
            &have
        )
        .is_ok());
    }
}
