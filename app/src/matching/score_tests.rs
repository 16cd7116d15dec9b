//! Every scoring rule on numbers worked out by hand, and every quality figure of a draft on a
//! program small enough to check with pencil and paper.

use super::input::{MatchInput, Participant, Rules};
use super::score::Scorer;
use super::{run, Quality};
use crate::domain::{
    Answer, Answers, EnrollmentRole, EnrollmentStatus, MatchRule, ProgramFormat, Question,
    QuestionKind, SurveyOption,
};

fn question(id: i64, kind: QuestionKind, rule: MatchRule, weight: i64) -> Question {
    Question {
        id,
        position: id,
        prompt: format!("Q{id}"),
        help: String::new(),
        kind,
        options: ["sql", "design", "rust"]
            .iter()
            .map(|o| SurveyOption {
                id: (*o).into(),
                label: o.to_uppercase(),
            })
            .collect(),
        rule,
        weight,
        required: false,
        complements: None,
    }
}

fn person(id: i64, answers: &[(i64, Answer)]) -> Participant {
    Participant {
        id,
        name: format!("P{id}"),
        role: EnrollmentRole::Peer,
        capacity: 1,
        status: EnrollmentStatus::Active,
        department: String::new(),
        team: String::new(),
        level: None,
        utc_offset_minutes: None,
        answers: answers.iter().cloned().collect::<Answers>(),
        preferred: vec![],
        avoid: vec![],
    }
}

fn input(format: ProgramFormat, questions: Vec<Question>, people: Vec<Participant>) -> MatchInput {
    MatchInput {
        format,
        rules: Rules::default(),
        seed: 1,
        questions,
        participants: people,
        managers: vec![],
        history: vec![],
        locked: vec![],
        forbidden: vec![],
    }
}

/// The points of the part labelled `label` in the explanation of people 0 and 1.
fn part(input: &MatchInput, label: &str, mentor: Option<usize>) -> i64 {
    let scorer = Scorer::new(input, &input.participants);
    let e = scorer.explain(0, 1, mentor);
    assert_eq!(e.score, e.parts.iter().map(|p| p.points).sum::<i64>());
    e.parts
        .iter()
        .find(|p| p.label == label)
        .unwrap_or_else(|| panic!("no part {label}: {:?}", e.parts))
        .points
}

fn choice(id: &str) -> Answer {
    Answer::Choice(id.into())
}

fn choices(ids: &[&str]) -> Answer {
    Answer::Choices(ids.iter().map(|s| (*s).to_string()).collect())
}

#[test]
fn similar_answers_score_the_share_they_have_in_common() {
    // Single choice, weight 2: the same answer is worth 20, another answer 0.
    let q = || vec![question(1, QuestionKind::Single, MatchRule::Similar, 2)];
    let same = input(
        ProgramFormat::Peer,
        q(),
        vec![
            person(1, &[(1, choice("sql"))]),
            person(2, &[(1, choice("sql"))]),
        ],
    );
    assert_eq!(part(&same, "Q1", None), 20);
    let apart = input(
        ProgramFormat::Peer,
        q(),
        vec![
            person(1, &[(1, choice("sql"))]),
            person(2, &[(1, choice("rust"))]),
        ],
    );
    assert_eq!(part(&apart, "Q1", None), 0);
    // Multiple choice, weight 3: one shared of at most two each is half of 30.
    let multi = input(
        ProgramFormat::Peer,
        vec![question(1, QuestionKind::Multi, MatchRule::Similar, 3)],
        vec![
            person(1, &[(1, choices(&["sql", "design"]))]),
            person(2, &[(1, choices(&["design", "rust"]))]),
        ],
    );
    assert_eq!(part(&multi, "Q1", None), 15);
    // Scale, weight 2: 2 and 4 are two steps of four apart, half of 20.
    let scale = input(
        ProgramFormat::Peer,
        vec![question(1, QuestionKind::Scale, MatchRule::Similar, 2)],
        vec![
            person(1, &[(1, Answer::Scale(2))]),
            person(2, &[(1, Answer::Scale(4))]),
        ],
    );
    assert_eq!(part(&scale, "Q1", None), 10);
}

#[test]
fn different_answers_score_the_share_they_do_not_share() {
    // Scale, weight 2: three steps of four apart is 15 of 20.
    let scale = input(
        ProgramFormat::Peer,
        vec![question(1, QuestionKind::Scale, MatchRule::Different, 2)],
        vec![
            person(1, &[(1, Answer::Scale(1))]),
            person(2, &[(1, Answer::Scale(4))]),
        ],
    );
    assert_eq!(part(&scale, "Q1", None), 15);
    // Multiple choice, weight 2: of two each, one differs: 10 of 20.
    let multi = input(
        ProgramFormat::Peer,
        vec![question(1, QuestionKind::Multi, MatchRule::Different, 2)],
        vec![
            person(1, &[(1, choices(&["sql", "design"]))]),
            person(2, &[(1, choices(&["sql", "rust"]))]),
        ],
    );
    assert_eq!(part(&multi, "Q1", None), 10);
    // Single choice: another answer scores it all.
    let single = input(
        ProgramFormat::Peer,
        vec![question(1, QuestionKind::Single, MatchRule::Different, 1)],
        vec![
            person(1, &[(1, choice("sql"))]),
            person(2, &[(1, choice("rust"))]),
        ],
    );
    assert_eq!(part(&single, "Q1", None), 10);
}

#[test]
fn complementary_answers_score_needs_met_and_say_who_offers_what() {
    let questions = || {
        let offer = question(1, QuestionKind::Multi, MatchRule::NotUsed, 1);
        let mut grow = question(2, QuestionKind::Multi, MatchRule::Complementary, 4);
        grow.complements = Some(1);
        vec![offer, grow]
    };
    // Peers: 0 wants SQL, which 1 offers; 1 wants design, which 0 does not offer. One need of
    // two met: 20 of 40.
    let peers = input(
        ProgramFormat::Peer,
        questions(),
        vec![
            person(1, &[(1, choices(&["rust"])), (2, choices(&["sql"]))]),
            person(2, &[(1, choices(&["sql"])), (2, choices(&["design"]))]),
        ],
    );
    assert_eq!(part(&peers, "Q2", None), 20);
    let scorer = Scorer::new(&peers, &peers.participants);
    assert!(scorer
        .explain(0, 1, None)
        .highlights
        .contains(&"P2 can offer SQL, which P1 wants to grow".to_string()));
    // With 1 as mentor only the mentee's (0's) need counts: met, 40 of 40.
    assert_eq!(part(&peers, "Q2", Some(1)), 40);
    // With 0 as mentor, 1's need for design is not met: 0.
    assert_eq!(part(&peers, "Q2", Some(0)), 0);
}

#[test]
fn program_terms_score_level_time_zones_departments_and_wishes() {
    let pair = |format, la, lb, tz: (Option<i32>, Option<i32>), da: &str, db: &str| {
        let mut a = person(1, &[]);
        let mut b = person(2, &[]);
        (a.level, b.level) = (la, lb);
        (a.utc_offset_minutes, b.utc_offset_minutes) = tz;
        (a.department, b.department) = (da.into(), db.into());
        input(format, vec![], vec![a, b])
    };
    let none = (None, None);
    use ProgramFormat::*;
    // Level, worth 30: peers close in level.
    assert_eq!(
        part(&pair(Peer, Some(4), Some(5), none, "", ""), "Level", None),
        30
    );
    assert_eq!(
        part(&pair(Peer, Some(3), Some(5), none, "", ""), "Level", None),
        15
    );
    assert_eq!(
        part(&pair(Peer, Some(2), Some(5), none, "", ""), "Level", None),
        0
    );
    assert_eq!(
        part(&pair(Peer, None, Some(5), none, "", ""), "Level", None),
        15,
        "unknown: half"
    );
    // Mentors a little senior; the same level is a quarter.
    assert_eq!(
        part(
            &pair(MentorMentee, Some(7), Some(4), none, "", ""),
            "Level",
            Some(0)
        ),
        30
    );
    assert_eq!(
        part(
            &pair(MentorMentee, Some(9), Some(3), none, "", ""),
            "Level",
            Some(0)
        ),
        15
    );
    assert_eq!(
        part(
            &pair(MentorMentee, Some(4), Some(4), none, "", ""),
            "Level",
            Some(0)
        ),
        8
    );
    assert_eq!(
        part(
            &pair(MentorMentee, Some(3), Some(4), none, "", ""),
            "Level",
            Some(0)
        ),
        0
    );
    // Reverse: the mentor junior.
    assert_eq!(
        part(
            &pair(Reverse, Some(2), Some(6), none, "", ""),
            "Level",
            Some(0)
        ),
        30
    );
    assert_eq!(
        part(
            &pair(Reverse, Some(5), Some(6), none, "", ""),
            "Level",
            Some(0)
        ),
        15
    );
    assert_eq!(
        part(
            &pair(Reverse, Some(6), Some(6), none, "", ""),
            "Level",
            Some(0)
        ),
        0
    );
    // Working hours, worth 20: three hours apart keep five of eight hours.
    let hours = |a, b| pair(Peer, None, None, (Some(a), Some(b)), "", "");
    assert_eq!(part(&hours(60, 60), "Working hours overlap", None), 20);
    assert_eq!(part(&hours(0, 180), "Working hours overlap", None), 13);
    assert_eq!(part(&hours(-300, 480), "Working hours overlap", None), 0);
    assert_eq!(
        part(
            &pair(Peer, None, None, none, "", ""),
            "Working hours overlap",
            None
        ),
        10
    );
    // Departments, worth 10, only when both are known and differ.
    assert_eq!(
        part(
            &pair(Peer, None, None, none, "Sales", "Design"),
            "Different departments",
            None
        ),
        10
    );
    assert_eq!(
        part(
            &pair(Peer, None, None, none, "Sales", "sales"),
            "Different departments",
            None
        ),
        0
    );
    assert_eq!(
        part(
            &pair(Peer, None, None, none, "Sales", ""),
            "Different departments",
            None
        ),
        0
    );
    // A wish to meet: 20 from either side, 40 when both asked.
    let mut wish = pair(Peer, None, None, none, "", "");
    assert_eq!(part(&wish, "Asked to meet", None), 0);
    wish.participants[1].preferred = vec![1];
    assert_eq!(part(&wish, "Asked to meet", None), 20);
    wish.participants[0].preferred = vec![2];
    assert_eq!(part(&wish, "Asked to meet", None), 40);
}

#[test]
fn a_drafts_quality_figures_are_those_worked_out_by_hand() {
    // No survey: only levels, departments and a wish count. AB scores 30 + 10 + 10 + 40 = 90
    // (level, unknown hours, departments, a wish both made), CD 30 + 10 = 40; every other
    // pairing scores less in total, so the draft is AB and CD.
    let mut people: Vec<Participant> = (1..=4).map(|i| person(i, &[])).collect();
    for (p, (level, dept)) in
        people
            .iter_mut()
            .zip([(3, "Eng"), (3, "Sales"), (5, "Eng"), (5, "Eng")])
    {
        p.level = Some(level);
        p.department = dept.into();
    }
    people[0].preferred = vec![2];
    people[1].preferred = vec![1];
    let result = run(&input(ProgramFormat::Peer, vec![], people));
    let mut groups: Vec<Vec<i64>> = result.groups.iter().map(|g| g.members.clone()).collect();
    groups.sort();
    assert_eq!(groups, vec![vec![1, 2], vec![3, 4]]);
    let q: &Quality = &result.quality;
    assert_eq!((q.participants, q.matched), (4, 4));
    assert_eq!(q.matched_share, 1.0);
    assert_eq!(q.mean_score, 65.0, "(90 + 40) / 2");
    assert_eq!(q.min_score, 40);
    assert_eq!(
        q.cross_department_share, 0.5,
        "AB mixes departments, CD does not"
    );
    assert_eq!(
        q.preferred_honoured_share, 1.0,
        "those who asked got their wish"
    );
    assert_eq!(q.repeats, 0);
    assert_eq!(q.mentor_load, None);
    assert_eq!(result.total_score, 130);

    // Mentor load: two mentors of two places each, three mentees: one mentor takes two.
    let mut people: Vec<Participant> = (1..=5).map(|i| person(i, &[])).collect();
    for p in &mut people[..2] {
        p.role = EnrollmentRole::Mentor;
        p.capacity = 2;
    }
    for p in &mut people[2..] {
        p.role = EnrollmentRole::Mentee;
    }
    let result = run(&input(ProgramFormat::MentorMentee, vec![], people));
    assert_eq!(result.quality.matched, 5);
    assert_eq!(result.quality.mentor_load, Some((1, 2)));
}
