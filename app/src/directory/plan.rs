use super::{Columns, DirectoryRow, Parsed, Problem, MAX_PROBLEMS};
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
    /// Still with the organisation (not deactivated).
    pub active: bool,
    /// An org admin: an import never marks one as gone.
    pub org_admin: bool,
}

/// A known person the import changes, and how, in words ("manager removed").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub row: DirectoryRow,
    pub changes: Vec<String>,
}

/// Who an import creates and updates, and who is in Tandem but not in the file; shown as a
/// preview before the admin confirms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportPlan {
    pub columns: Columns,
    pub create: Vec<DirectoryRow>,
    pub update: Vec<Update>,
    pub unchanged: usize,
    /// Active people missing from the file, by email (org admins never): a full import may
    /// mark them as having left.
    pub missing: Vec<String>,
}

/// A file planned: what it would do, and every problem that stops it (row problems and
/// manager problems together, by line).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Planned {
    pub plan: ImportPlan,
    pub problems: Vec<Problem>,
}

/// Plans rows that all passed their own checks, with every column present; either the plan
/// or every problem.
pub fn plan(
    rows: Vec<DirectoryRow>,
    existing: &HashMap<String, ExistingPerson>,
) -> Result<ImportPlan, Vec<Problem>> {
    let emails = rows.iter().map(|r| r.email.as_str().to_owned()).collect();
    let planned = plan_file(
        Parsed {
            rows,
            columns: Columns::default(),
            emails,
            problems: Vec::new(),
        },
        existing,
    );
    if planned.problems.is_empty() {
        Ok(planned.plan)
    } else {
        Err(planned.problems)
    }
}

/// Checks a file's rows against each other and the people already in Tandem (keyed by
/// email): every manager must exist in one or the other, and the resulting reporting lines
/// must not loop. A re-import updates people by email, and only the columns the file has.
pub fn plan_file(parsed: Parsed, existing: &HashMap<String, ExistingPerson>) -> Planned {
    let Parsed {
        rows,
        columns,
        emails,
        mut problems,
    } = parsed;
    let in_file: HashMap<&str, &DirectoryRow> =
        rows.iter().map(|r| (r.email.as_str(), r)).collect();
    if columns.manager {
        for r in &rows {
            if let Some(m) = &r.manager_email {
                if !emails.contains(m.as_str()) && !existing.contains_key(m.as_str()) {
                    problems.push(Problem::new(
                        r.line,
                        Some("manager_email"),
                        format!("No one with the email {m} is in the file or in Tandem."),
                    ));
                }
            }
        }
    }
    // The manager of each person after the import: the file's word for people in it (when
    // it has the column), the current one for everyone else.
    let manager_of = |email: &str| -> Option<String> {
        match in_file.get(email) {
            Some(r) if columns.manager => r.manager_email.as_ref().map(|m| m.as_str().to_owned()),
            _ => existing.get(email).and_then(|p| p.manager_email.clone()),
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
    problems.sort_by_key(|p| p.row);
    problems.truncate(MAX_PROBLEMS);
    let mut missing: Vec<String> = existing
        .iter()
        .filter(|(email, p)| p.active && !p.org_admin && !emails.contains(email.as_str()))
        .map(|(email, _)| email.clone())
        .collect();
    missing.sort();
    let mut out = ImportPlan {
        columns,
        missing,
        ..Default::default()
    };
    for r in rows {
        match existing.get(r.email.as_str()) {
            None => out.create.push(r),
            Some(p) => {
                let changes = changes(p, &r, &columns);
                if changes.is_empty() {
                    out.unchanged += 1;
                } else {
                    out.update.push(Update { row: r, changes });
                }
            }
        }
    }
    Planned {
        plan: out,
        problems,
    }
}

/// How the file changes a known person, column by column, in words.
fn changes(p: &ExistingPerson, r: &DirectoryRow, columns: &Columns) -> Vec<String> {
    let mut out = Vec::new();
    let mut text = |present: bool, label: &str, old: &str, new: &str| {
        if present && old != new {
            out.push(match (old.is_empty(), new.is_empty()) {
                (true, _) => format!("{label} set to {new}"),
                (false, true) => format!("{label} removed"),
                (false, false) => format!("{label}: {old} → {new}"),
            });
        }
    };
    text(true, "name", &p.name, &r.name);
    text(
        columns.department,
        "department",
        &p.department,
        &r.department,
    );
    text(columns.team, "team", &p.team, &r.team);
    text(columns.job_title, "job title", &p.job_title, &r.job_title);
    let level = |l: Option<i64>| l.map(|l| l.to_string()).unwrap_or_default();
    text(columns.level, "level", &level(p.level), &level(r.level));
    text(
        columns.manager,
        "manager",
        p.manager_email.as_deref().unwrap_or(""),
        r.manager_email.as_ref().map_or("", |m| m.as_str()),
    );
    text(columns.location, "location", &p.location, &r.location);
    text(columns.time_zone, "time zone", &p.time_zone, &r.time_zone);
    out
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
                    active: true,
                    org_admin: false,
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
                .map(|u| u.row.email.as_str())
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

    fn file(csv: &str) -> Parsed {
        super::super::read(csv.as_bytes())
    }

    fn known(manager: Option<&str>) -> ExistingPerson {
        ExistingPerson {
            name: "Ana Lopez".into(),
            department: "Sales".into(),
            team: "North".into(),
            job_title: "Account lead".into(),
            level: Some(5),
            manager_email: manager.map(str::to_owned),
            location: "Lisbon".into(),
            time_zone: "Europe/Lisbon".into(),
            active: true,
            org_admin: false,
        }
    }

    #[test]
    fn a_column_the_file_lacks_changes_nobody_and_an_empty_cell_clears() {
        let have: HashMap<String, ExistingPerson> = [
            ("ana@example.com".to_string(), known(Some("bo@example.com"))),
            ("bo@example.com".to_string(), known(None)),
        ]
        .into();
        // No manager column and no level column: Ana keeps her manager and level.
        let planned = plan_file(file("email,name,department\nana@example.com,Ana Lopez,Sales\nbo@example.com,Ana Lopez,Sales\n"), &have);
        assert!(planned.problems.is_empty(), "{:?}", planned.problems);
        assert_eq!(planned.plan.unchanged, 2, "{:?}", planned.plan.update);
        assert_eq!(
            planned.plan.columns.absent(),
            [
                "team",
                "job title",
                "level",
                "manager email",
                "location",
                "time zone"
            ]
        );
        // A manager column with an empty cell removes the manager, and says so.
        let planned = plan_file(file("email,name,manager_email,department\nana@example.com,Ana Lopez,,Engineering\nbo@example.com,Ana Lopez,,Sales\n"), &have);
        assert_eq!(planned.plan.update.len(), 1);
        assert_eq!(
            planned.plan.update[0].changes,
            ["department: Sales → Engineering", "manager removed"]
        );
    }

    #[test]
    fn every_problem_of_a_file_is_listed_in_one_pass() {
        let planned = plan_file(
            file("email,name,level,manager_email\nnot-an-email,A,3,\nb@example.com,B,99,\nc@example.com,C,2,ghost@example.com\n"),
            &HashMap::new(),
        );
        let found: Vec<(usize, Option<String>)> = planned
            .problems
            .iter()
            .map(|p| (p.row, p.column.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (2, Some("email".into())),
                (3, Some("level".into())),
                (4, Some("manager_email".into()))
            ],
            "row errors and manager problems together"
        );
    }

    #[test]
    fn people_missing_from_the_file_are_listed_but_never_org_admins() {
        let mut admin = known(None);
        admin.org_admin = true;
        let mut gone = known(None);
        gone.active = false;
        let have: HashMap<String, ExistingPerson> = [
            ("ana@example.com".to_string(), known(None)),
            ("cy@example.com".to_string(), known(None)),
            ("olga@example.com".to_string(), admin),
            ("old@example.com".to_string(), gone),
        ]
        .into();
        let planned = plan_file(file("email,name\nana@example.com,Ana Lopez\n"), &have);
        assert_eq!(planned.plan.missing, ["cy@example.com"]);
    }
}
