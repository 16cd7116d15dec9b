//! `tandem bench-match`: times the matching engine on generated programs of 200, 2,000 and
//! 20,000 people in each format, with answers to the default survey, and reports each run's
//! peak memory. Every case runs in a child process of its own, so its peak is its own.
//!
//! `tandem match`: runs the engine on a JSON file (see docs/matching.md).

use app::domain::{
    numbered_default_survey, Answer, Answers, EnrollmentRole, EnrollmentStatus, ProgramFormat,
    QuestionKind,
};
use app::matching::{self, MatchInput, Participant, Rules};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// A small deterministic generator (xorshift), so every run benches the same programs.
struct Gen(u64);

impl Gen {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// A program of `n` people (in mentor formats: `n` mentees and `n / 4` mentors taking four
/// each), in eight departments of teams of eight under a manager chain, four time zones, with
/// one earlier round and answers that lean towards a few popular choices, as real ones do.
pub fn generate(format: ProgramFormat, n: usize, seed: u64) -> MatchInput {
    let mut g = Gen(seed.max(1));
    let questions = numbered_default_survey(format);
    let mentor_format = matches!(format, ProgramFormat::MentorMentee | ProgramFormat::Reverse);
    let mentors = if mentor_format { n / 4 } else { 0 };
    let total = n + mentors;
    let departments = app::ssr::storage::BENCH_DEPARTMENTS;
    let mut participants = Vec::with_capacity(total);
    let mut managers = Vec::new();
    for i in 0..total {
        let id = i as i64 + 1;
        let mut answers = Answers::new();
        for q in &questions {
            let options = q.options.len().max(1);
            // Popular choices first: the square of a uniform pick leans to low indices.
            let pick = |g: &mut Gen| {
                let r = g.below(options * options);
                q.options[((r as f64).sqrt() as usize).min(options - 1)]
                    .id
                    .clone()
            };
            let answer = match q.kind {
                QuestionKind::Single => Answer::Choice(pick(&mut g)),
                QuestionKind::Multi => {
                    Answer::Choices((0..1 + g.below(3)).map(|_| pick(&mut g)).collect())
                }
                QuestionKind::Scale => Answer::Scale(1 + g.below(5) as u8),
                QuestionKind::Text => continue,
            };
            answers.insert(q.id, answer);
        }
        if i >= 8 {
            managers.push((id, (i / 8) as i64));
        }
        let role = match (mentor_format, i < mentors) {
            (false, _) => EnrollmentRole::Peer,
            (true, true) => EnrollmentRole::Mentor,
            (true, false) => EnrollmentRole::Mentee,
        };
        let level = if mentor_format && (i < mentors) != (format == ProgramFormat::Reverse) {
            6 + g.below(6) as i64
        } else {
            1 + g.below(6) as i64
        };
        participants.push(Participant {
            id,
            name: format!("Person {id}"),
            role,
            capacity: 4,
            status: EnrollmentStatus::Active,
            department: departments[(i / 64) % departments.len()].into(),
            team: format!("Team {}", i / 8),
            level: Some(level),
            utc_offset_minutes: Some([0, 60, -300, 480][g.below(4)]),
            answers,
            preferred: if g.below(10) == 0 {
                vec![1 + g.below(total) as i64]
            } else {
                vec![]
            },
            avoid: if g.below(20) == 0 {
                vec![1 + g.below(total) as i64]
            } else {
                vec![]
            },
        });
    }
    let history = vec![(1..total as i64)
        .step_by(2)
        .map(|a| vec![a, a + 1])
        .collect()];
    MatchInput {
        format,
        rules: Rules {
            not_same_team: true,
            no_repeat_rounds: 3,
            group_size: 4,
            mentor_levels_below: None,
        },
        seed,
        questions,
        participants,
        managers,
        history,
        locked: vec![],
        forbidden: vec![],
    }
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn format_named(name: &str) -> Result<ProgramFormat, String> {
    ProgramFormat::parse(name).ok_or_else(|| {
        format!("unknown format {name:?}: use peer, mentor_mentee, reverse or circles")
    })
}

/// Runs one case in this process and prints one line of figures.
pub fn bench_case(case: &str) -> Result<(), String> {
    let (format, n) = case
        .split_once(':')
        .ok_or_else(|| format!("a case is FORMAT:SIZE, got {case:?}"))?;
    let format = format_named(format)?;
    let n: usize = n.parse().map_err(|_| format!("{n:?} is not a size"))?;
    let input = generate(format, n, 7);
    let start = Instant::now();
    let result = matching::run(&input);
    let elapsed = start.elapsed();
    let q = &result.quality;
    println!(
        "{:<14} {:>6} people {:>9.3} s {:>8.1} MiB peak   matched {:>5.1}%   score {} of bound {} ({:.2}%){}",
        format.as_str(),
        input.participants.len(),
        elapsed.as_secs_f64(),
        peak_rss_mib(),
        100.0 * q.matched_share,
        result.total_score,
        result.upper_bound,
        100.0 * result.total_score as f64 / result.upper_bound.max(1) as f64,
        if result.exact { "   exact" } else { "" }
    );
    Ok(())
}

/// Runs every case, each in a child process.
pub fn bench_match(sizes: &[usize]) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    println!(
        "bench-match: {} cores; mentor formats have SIZE mentees and SIZE/4 mentors taking 4",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for format in ProgramFormat::ALL {
        for &n in sizes {
            let status = Command::new(&exe)
                .args(["bench-match", "--case", &format!("{}:{n}", format.as_str())])
                .status()
                .map_err(|e| e.to_string())?;
            if !status.success() {
                return Err(format!("the {} case of {n} failed", format.as_str()));
            }
        }
    }
    Ok(())
}

/// `tandem match`: reads a program, matches it, writes the result as JSON.
pub fn match_file(input: &Path, output: Option<&Path>) -> Result<(), String> {
    let text = std::fs::read_to_string(input)
        .map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let program: MatchInput = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a valid program: {e}", input.display()))?;
    let start = Instant::now();
    let result = matching::run(&program);
    let elapsed = start.elapsed();
    let json = serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?;
    match output {
        Some(path) => std::fs::write(path, json + "\n")
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => println!("{json}"),
    }
    eprintln!(
        "matched {} of {} in {} groups, score {} (bound {}{}) in {:.3} s",
        result.quality.matched,
        result.quality.participants,
        result.groups.len(),
        result.total_score,
        result.upper_bound,
        if result.exact { ", exact" } else { "" },
        elapsed.as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_programs_are_well_formed() {
        let input = generate(ProgramFormat::MentorMentee, 40, 3);
        assert_eq!(input.participants.len(), 50);
        let mentors = input
            .participants
            .iter()
            .filter(|p| p.role == EnrollmentRole::Mentor)
            .count();
        assert_eq!(mentors, 10);
        let result = matching::run(&input);
        assert_eq!(result.quality.participants, 50);
        assert!(result.quality.matched >= 40, "{:?}", result.quality);
    }
}
