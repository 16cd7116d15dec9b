//! Disclosure control for insights: which counts an admin may see so that no small group of
//! people can be singled out, neither from one table nor by comparing two views.
//!
//! Every figure is built from *facts*: a value (one session, one goal, one person) with the
//! people it is about. A cell counts the **different people** behind it, never rows, so one
//! person with twenty goals is still one person. Three rules hide cells:
//!
//! 1. **Small cells.** A cell (or total) behind which 1 to k−1 people stand is hidden.
//! 2. **Differences between views.** Each filter the admin set is dropped in turn to make a
//!    wider view; a cell is hidden when the wider view's cell has 1 to k−1 people more than
//!    this one, as subtracting the two would show them. Since every view is checked against
//!    its one-step-wider views, a difference to any wider view is a sum of such steps, each 0 or
//!    at least k.
//! 3. **Totals.** Where a table shows totals, a line (row or column with its total) never
//!    hides exactly one cell, and the values hidden in it add up to at least k: otherwise the
//!    next smallest cell of that line is hidden too, until no line gives one away.
//!
//! All of it is plain Rust over ids, so it is tested here with adversarial views.

use serde::{Deserialize, Serialize};

/// The smallest group an admin sees when the organisation has not chosen.
pub const GROUP_MIN_DEFAULT: i64 = 5;
/// The smallest groups an organisation may choose between.
pub const GROUP_MIN_RANGE: std::ops::RangeInclusive<i64> = 3..=10;

/// How many different people must stand behind any figure shown: 3 to 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMin(i64);

impl GroupMin {
    pub fn new(k: i64) -> Result<GroupMin, String> {
        if GROUP_MIN_RANGE.contains(&k) {
            Ok(GroupMin(k))
        } else {
            Err(format!(
                "Enter a whole number from {} to {}.",
                GROUP_MIN_RANGE.start(),
                GROUP_MIN_RANGE.end()
            ))
        }
    }

    /// Reads the number as typed into the settings form.
    pub fn parse(raw: &str) -> Result<GroupMin, String> {
        raw.trim()
            .parse::<i64>()
            .map_err(|_| {
                format!(
                    "Enter a whole number from {} to {}.",
                    GROUP_MIN_RANGE.start(),
                    GROUP_MIN_RANGE.end()
                )
            })
            .and_then(GroupMin::new)
    }

    pub fn get(self) -> i64 {
        self.0
    }

    /// Whether `people` different people are too few to be shown (none at all is no group).
    fn too_few(self, people: usize) -> bool {
        people > 0 && (people as i64) < self.0
    }
}

impl Default for GroupMin {
    fn default() -> Self {
        GroupMin(GROUP_MIN_DEFAULT)
    }
}

/// One fact placed in a table: `value` (a count, or an amount to average) about `people`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The program it belongs to, when it belongs to one (a program filter picks by it).
    pub program: Option<i64>,
    pub row: usize,
    pub column: usize,
    pub value: i64,
    /// How many facts this one stands for, when rows come summed: an average divides the
    /// values by the weights.
    pub weight: i64,
    pub people: Vec<i64>,
}

impl Fact {
    /// A fact about one person counting 1: the usual case, "this person is in this cell".
    pub fn person(program: Option<i64>, row: usize, column: usize, person: i64) -> Fact {
        Fact {
            program,
            row,
            column,
            value: 1,
            weight: 1,
            people: vec![person],
        }
    }
}

/// The sums behind one cell of one view.
#[derive(Debug, Clone, Default, PartialEq)]
struct Tally {
    value: i64,
    facts: i64,
    /// Sorted and without repeats once the tally is complete (see [`tally`]).
    people: Vec<i64>,
}

impl Tally {
    fn add(&mut self, f: &Fact) {
        self.value += f.value;
        self.facts += f.weight;
        self.people.extend_from_slice(&f.people);
    }
}

/// A view's tallies: `rows × columns` cells, then one total per row, one per column and the
/// grand total (all kept; the shape says which are shown).
#[derive(Debug, Clone)]
struct Tallies {
    cells: Vec<Vec<Tally>>,
    row_totals: Vec<Tally>,
    column_totals: Vec<Tally>,
    total: Tally,
}

impl Tallies {
    /// Position (r, c): a cell; a row's total at c = columns; a column's total at r = rows;
    /// the grand total at both.
    fn at(&self, r: usize, c: usize) -> &Tally {
        let (rows, columns) = (self.row_totals.len(), self.column_totals.len());
        match (r == rows, c == columns) {
            (false, false) => &self.cells[r][c],
            (false, true) => &self.row_totals[r],
            (true, false) => &self.column_totals[c],
            (true, true) => &self.total,
        }
    }
}

/// Sums `facts` into cells, and into the totals too when `totals` (a table without totals
/// never reads them, and summing them would copy every fact's people three more times).
fn tally<'a>(
    rows: usize,
    columns: usize,
    totals: bool,
    facts: impl Iterator<Item = &'a Fact>,
) -> Tallies {
    let mut t = Tallies {
        cells: vec![vec![Tally::default(); columns]; rows],
        row_totals: vec![Tally::default(); rows],
        column_totals: vec![Tally::default(); columns],
        total: Tally::default(),
    };
    for f in facts.filter(|f| f.row < rows && f.column < columns) {
        t.cells[f.row][f.column].add(f);
        if totals {
            t.row_totals[f.row].add(f);
            t.column_totals[f.column].add(f);
            t.total.add(f);
        }
    }
    // Sorting once beats keeping a set per cell: a million facts tally in milliseconds.
    for tally in t
        .cells
        .iter_mut()
        .flatten()
        .chain(&mut t.row_totals)
        .chain(&mut t.column_totals)
        .chain(std::iter::once(&mut t.total))
    {
        tally.people.sort_unstable();
        tally.people.dedup();
    }
    t
}

/// How many of `there` (sorted, no repeats) are not in `here` (likewise).
fn missing_from(there: &[i64], here: &[i64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < there.len() {
        if j < here.len() && here[j] < there[i] {
            j += 1;
        } else if j < here.len() && here[j] == there[i] {
            i += 1;
            j += 1;
        } else {
            n += 1;
            i += 1;
        }
    }
    n
}

/// What a cell shows: its figure, or why not.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Shown {
    /// The figure: a count, or an average of `value`s over facts.
    Figure(f64),
    /// Hidden, as it would single out a small group.
    Hidden,
}

impl Shown {
    pub fn figure(self) -> Option<f64> {
        match self {
            Shown::Figure(v) => Some(v),
            Shown::Hidden => None,
        }
    }
}

/// What a table adds up: counts (with totals that may be shown) or averages (never totalled).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tabulation {
    /// The sum of the facts' values, with row and column totals.
    CountWithTotals,
    /// The sum of the facts' values, cells only (rows that overlap, such as a funnel).
    Count,
    /// The average value per fact, cells only.
    Average,
    /// The number of different people, cells only (a person in several facts counts once).
    People,
}

/// A table as an admin may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disclosed {
    pub cells: Vec<Vec<Shown>>,
    /// One per row, when the table has totals.
    pub row_totals: Option<Vec<Shown>>,
    pub column_totals: Option<Vec<Shown>>,
    pub total: Option<Shown>,
}

/// Lays out `facts` as `rows × columns` for the view that keeps the facts `in_view` picks, and
/// hides what would single out fewer than `k` people. `wider` holds one picker per wider view
/// (the same view with one filter dropped), so differences to those views stay safe too.
pub fn disclose(
    rows: usize,
    columns: usize,
    tabulation: Tabulation,
    facts: &[Fact],
    in_view: &dyn Fn(&Fact) -> bool,
    wider: &[&dyn Fn(&Fact) -> bool],
    k: GroupMin,
) -> Disclosed {
    let totals = tabulation == Tabulation::CountWithTotals;
    let view = tally(rows, columns, totals, facts.iter().filter(|f| in_view(f)));
    let wider: Vec<Tallies> = wider
        .iter()
        .map(|keep| tally(rows, columns, totals, facts.iter().filter(|f| keep(f))))
        .collect();
    let mut hidden = vec![vec![false; columns + 1]; rows + 1];
    for (r, line) in hidden.iter_mut().enumerate() {
        for (c, hide) in line.iter_mut().enumerate() {
            if !totals && (r == rows || c == columns) {
                continue;
            }
            let here = view.at(r, c);
            let small = k.too_few(here.people.len());
            let differs = wider.iter().any(|w| {
                let there = w.at(r, c);
                k.too_few(missing_from(&there.people, &here.people))
            });
            *hide = small || differs;
        }
    }
    if totals {
        protect_lines(&view, rows, columns, k, &mut hidden);
    }
    let show = |t: &Tally, hide: bool| -> Shown {
        if hide {
            Shown::Hidden
        } else if tabulation == Tabulation::Average {
            if t.facts == 0 {
                Shown::Hidden
            } else {
                Shown::Figure(t.value as f64 / t.facts as f64)
            }
        } else if tabulation == Tabulation::People {
            Shown::Figure(t.people.len() as f64)
        } else {
            Shown::Figure(t.value as f64)
        }
    };
    Disclosed {
        cells: (0..rows)
            .map(|r| {
                (0..columns)
                    .map(|c| show(&view.cells[r][c], hidden[r][c]))
                    .collect()
            })
            .collect(),
        row_totals: totals.then(|| {
            (0..rows)
                .map(|r| show(&view.row_totals[r], hidden[r][columns]))
                .collect()
        }),
        column_totals: totals.then(|| {
            (0..columns)
                .map(|c| show(&view.column_totals[c], hidden[rows][c]))
                .collect()
        }),
        total: totals.then(|| show(&view.total, hidden[rows][columns])),
    }
}

/// Rule 3: every line (each row with its total, each column with its total, and the totals
/// themselves with the grand total) reads "total = sum of parts". A line must hide no
/// position, or at least two; and when its total is shown, the parts it hides must add up to
/// at least k. Otherwise its smallest shown non-zero part is hidden too. Repeats until no line
/// changes, which it must: each change hides one more position.
fn protect_lines(
    view: &Tallies,
    rows: usize,
    columns: usize,
    k: GroupMin,
    hidden: &mut [Vec<bool>],
) {
    let value = |(r, c): (usize, usize)| -> i64 { view.at(r, c).value };
    // Each line lists its parts, then its total last.
    let mut lines: Vec<Vec<(usize, usize)>> = Vec::new();
    for r in 0..=rows {
        lines.push((0..=columns).map(|c| (r, c)).collect());
    }
    for c in 0..=columns {
        lines.push((0..=rows).map(|r| (r, c)).collect());
    }
    loop {
        let mut changed = false;
        for line in &lines {
            let (parts, total) = line.split_at(line.len() - 1);
            let is_hidden = |p: &(usize, usize)| hidden[p.0][p.1];
            let hidden_parts: Vec<&(usize, usize)> =
                parts.iter().filter(|p| is_hidden(p)).collect();
            let unknowns = hidden_parts.len() + usize::from(is_hidden(&total[0]));
            let hidden_sum: i64 = hidden_parts.iter().map(|p| value(**p)).sum();
            let safe =
                unknowns == 0 || (unknowns >= 2 && (is_hidden(&total[0]) || hidden_sum >= k.get()));
            if safe {
                continue;
            }
            let next = parts
                .iter()
                .filter(|p| !is_hidden(p) && value(**p) > 0)
                .min_by_key(|p| (value(**p), p.0, p.1))
                .or_else(|| (!is_hidden(&total[0])).then_some(&total[0]));
            if let Some(&(r, c)) = next {
                hidden[r][c] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn k5() -> GroupMin {
        GroupMin::new(5).unwrap()
    }

    fn all(_: &Fact) -> bool {
        true
    }

    fn people(row: usize, column: usize, ids: std::ops::Range<i64>) -> Vec<Fact> {
        ids.map(|id| Fact::person(None, row, column, id)).collect()
    }

    fn figures(d: &Disclosed) -> Vec<Vec<Option<f64>>> {
        d.cells
            .iter()
            .map(|r| r.iter().map(|s| s.figure()).collect())
            .collect()
    }

    #[test]
    fn people_missing_from_a_view_are_counted_by_merging() {
        assert_eq!(missing_from(&[1, 2, 3, 7], &[2, 7]), 2);
        assert_eq!(missing_from(&[1, 2], &[0, 1, 2, 9]), 0);
        assert_eq!(missing_from(&[4, 5], &[]), 2);
        assert_eq!(missing_from(&[], &[1]), 0);
    }

    #[test]
    fn the_smallest_group_is_3_to_10_and_5_unless_chosen() {
        assert_eq!(GroupMin::default().get(), 5);
        assert_eq!(GroupMin::parse(" 7 ").unwrap().get(), 7);
        for bad in ["2", "11", "five", "", "5.5"] {
            assert_eq!(
                GroupMin::parse(bad).unwrap_err(),
                "Enter a whole number from 3 to 10.",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn small_cells_count_people_not_rows() {
        // One person with twenty goals is one person; five people with one each are five.
        let mut facts: Vec<Fact> = (0..20).map(|_| Fact::person(None, 0, 0, 1)).collect();
        facts.extend(people(1, 0, 10..15));
        let d = disclose(2, 1, Tabulation::Count, &facts, &all, &[], k5());
        assert_eq!(figures(&d), vec![vec![None], vec![Some(5.0)]]);
        assert_eq!(d.total, None, "a count without totals shows none");
        // An empty cell is no group: it shows 0.
        let d = disclose(
            2,
            1,
            Tabulation::Count,
            &people(1, 0, 0..5),
            &all,
            &[],
            k5(),
        );
        assert_eq!(figures(&d), vec![vec![Some(0.0)], vec![Some(5.0)]]);
    }

    #[test]
    fn a_total_never_gives_a_hidden_cell_away() {
        // Row 0: 9, 2, 6 people. The 2 is hidden; the total 17 would give it away, so the
        // smallest other cell goes too, and with both hidden they add up to 8 (at least k).
        let mut facts = people(0, 0, 0..9);
        facts.extend(people(0, 1, 100..102));
        facts.extend(people(0, 2, 200..206));
        facts.extend(people(1, 0, 300..310));
        facts.extend(people(1, 1, 400..410));
        facts.extend(people(1, 2, 500..510));
        let d = disclose(2, 3, Tabulation::CountWithTotals, &facts, &all, &[], k5());
        assert_eq!(d.cells[0][1], Shown::Hidden);
        assert_eq!(d.cells[0][2], Shown::Hidden);
        assert_eq!(d.cells[0][0], Shown::Figure(9.0));
        assert_eq!(d.row_totals.as_ref().unwrap()[0], Shown::Figure(17.0));
        // Columns 1 and 2 now each hide one cell under a shown total: row 1 loses its
        // smallest there too, and the columns' hidden parts add up to at least k.
        assert_eq!(d.cells[1][1], Shown::Hidden);
        assert_eq!(d.cells[1][2], Shown::Hidden);
        assert_eq!(d.total, Some(Shown::Figure(47.0)));
        assert_lines_safe(&d, &facts, k5());
    }

    #[test]
    fn averages_need_k_people_too() {
        let mut facts: Vec<Fact> = (0..4)
            .map(|id| Fact {
                program: None,
                row: 0,
                column: 0,
                value: 4,
                weight: 1,
                people: vec![id],
            })
            .collect();
        let d = disclose(1, 1, Tabulation::Average, &facts, &all, &[], k5());
        assert_eq!(d.cells[0][0], Shown::Hidden);
        facts.push(Fact {
            program: None,
            row: 0,
            column: 0,
            value: 2,
            weight: 1,
            people: vec![9],
        });
        let d = disclose(1, 1, Tabulation::Average, &facts, &all, &[], k5());
        assert_eq!(d.cells[0][0], Shown::Figure(3.6));
    }

    #[test]
    fn two_views_never_differ_by_a_small_group() {
        // Engineering has 7 achieved goals' owners; the whole company 9. Engineering's cell
        // must hide, or "company minus engineering" names the 2 elsewhere.
        let mut facts = people(0, 0, 0..7);
        facts.extend(people(0, 0, 100..102));
        facts.extend(people(1, 0, 0..7));
        facts.extend(people(1, 0, 200..210));
        let eng = |f: &Fact| f.people.iter().all(|p| *p < 100);
        let d = disclose(2, 1, Tabulation::Count, &facts, &eng, &[&all], k5());
        assert_eq!(figures(&d), vec![vec![None], vec![Some(7.0)]]);
        // The company-wide view itself shows both: it has no wider view.
        let d = disclose(2, 1, Tabulation::Count, &facts, &all, &[], k5());
        assert_eq!(figures(&d), vec![vec![Some(9.0)], vec![Some(17.0)]]);
    }

    /// Checks what an adversary could do with one table: no line has exactly one unknown,
    /// and no shown total less its shown parts leaves fewer than k.
    fn assert_lines_safe(d: &Disclosed, facts: &[Fact], k: GroupMin) {
        let rows = d.cells.len();
        let columns = d.cells[0].len();
        let rt = d.row_totals.as_ref().unwrap();
        let ct = d.column_totals.as_ref().unwrap();
        let mut lines: Vec<(Vec<Shown>, Shown)> =
            (0..rows).map(|r| (d.cells[r].clone(), rt[r])).collect();
        lines.extend((0..columns).map(|c| ((0..rows).map(|r| d.cells[r][c]).collect(), ct[c])));
        lines.push((rt.clone(), d.total.unwrap()));
        lines.push((ct.clone(), d.total.unwrap()));
        for (parts, total) in lines {
            let unknown = parts.iter().filter(|s| **s == Shown::Hidden).count()
                + usize::from(total == Shown::Hidden);
            assert_ne!(
                unknown, 1,
                "one unknown in a line is worked out from the rest"
            );
            if let Shown::Figure(t) = total {
                let rest = t - parts.iter().filter_map(|s| s.figure()).sum::<f64>();
                assert!(
                    rest == 0.0 && unknown == 0 || rest >= k.get() as f64,
                    "{rest}"
                );
            }
        }
        let _ = facts;
    }

    /// A small generator, so the adversarial cases are many and repeatable.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    #[test]
    fn adversarial_filter_pairs_and_totals_give_nobody_away() {
        // People with a department (0..3) and a location (0..3); goals as status × category.
        // For every filter combination, every one-step-wider view, and every cell shown in
        // both, the difference is 0 or at least k; and each table's lines are safe.
        for seed in 0..40 {
            let mut rng = Lcg(seed);
            let n = 20 + rng.next(60) as i64;
            let dept: Vec<u64> = (0..n).map(|_| rng.next(3)).collect();
            let loc: Vec<u64> = (0..n).map(|_| rng.next(3)).collect();
            let mut facts = Vec::new();
            for id in 0..n {
                for _ in 0..rng.next(4) {
                    facts.push(Fact::person(
                        None,
                        rng.next(3) as usize,
                        rng.next(3) as usize,
                        id,
                    ));
                }
            }
            let k = GroupMin::new(3 + (seed % 8) as i64).unwrap();
            type Pick = Box<dyn Fn(&Fact) -> bool>;
            let view = |d: Option<u64>, l: Option<u64>| -> Pick {
                let (dept, loc) = (dept.clone(), loc.clone());
                Box::new(move |f: &Fact| {
                    f.people.iter().any(|p| {
                        d.is_none_or(|d| dept[*p as usize] == d)
                            && l.is_none_or(|l| loc[*p as usize] == l)
                    })
                })
            };
            let choices = [None, Some(0), Some(1), Some(2)];
            for d in choices {
                for l in choices {
                    let mut wider: Vec<(Option<u64>, Option<u64>)> = Vec::new();
                    if d.is_some() {
                        wider.push((None, l));
                    }
                    if l.is_some() {
                        wider.push((d, None));
                    }
                    let pickers: Vec<Pick> = wider.iter().map(|(d, l)| view(*d, *l)).collect();
                    let refs: Vec<&dyn Fn(&Fact) -> bool> =
                        pickers.iter().map(|p| p.as_ref()).collect();
                    let this = view(d, l);
                    let shown =
                        disclose(3, 3, Tabulation::CountWithTotals, &facts, &*this, &refs, k);
                    assert_lines_safe(&shown, &facts, k);
                    for (wd, wl) in &wider {
                        let wider_of_wider: Vec<Pick> = [(None, *wl), (*wd, None)]
                            .into_iter()
                            .filter(|(x, y)| (x, y) != (wd, wl) && (wd.is_some() || wl.is_some()))
                            .map(|(x, y)| view(x, y))
                            .collect();
                        let wrefs: Vec<&dyn Fn(&Fact) -> bool> =
                            wider_of_wider.iter().map(|p| p.as_ref()).collect();
                        let w = view(*wd, *wl);
                        let there =
                            disclose(3, 3, Tabulation::CountWithTotals, &facts, &*w, &wrefs, k);
                        for r in 0..3 {
                            for c in 0..3 {
                                let here_people: BTreeSet<i64> = facts
                                    .iter()
                                    .filter(|f| f.row == r && f.column == c && this(f))
                                    .flat_map(|f| f.people.clone())
                                    .collect();
                                let there_people: BTreeSet<i64> = facts
                                    .iter()
                                    .filter(|f| f.row == r && f.column == c && w(f))
                                    .flat_map(|f| f.people.clone())
                                    .collect();
                                if let (Shown::Figure(_), Shown::Figure(_)) =
                                    (shown.cells[r][c], there.cells[r][c])
                                {
                                    let gap = there_people.difference(&here_people).count();
                                    assert!(
                                        gap == 0 || gap as i64 >= k.get(),
                                        "seed {seed}: {gap} people told apart"
                                    );
                                }
                                if shown.cells[r][c] != Shown::Hidden {
                                    let n = here_people.len() as i64;
                                    assert!(n == 0 || n >= k.get(), "seed {seed}: {n} shown");
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
