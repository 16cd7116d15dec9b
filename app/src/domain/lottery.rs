//! Exec Encounter lotteries: people sign up during a window, then seats are drawn.
//!
//! The draw is fair and can be audited: everyone who entered is shuffled by a stored seed, so
//! anyone can repeat it; people who entered an earlier Exec Encounter draw and were not drawn
//! come first, so the same people do not lose twice. Seats go down the drawn order; everyone
//! after the last seat waits in that order.

use super::Rng;

/// Someone who entered a draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entrant {
    pub user_id: i64,
    /// Entered an earlier draw and was not drawn.
    pub priority: bool,
}

/// The drawn order of `entrants` for `seed`: priority entrants first, each group shuffled.
/// The input order does not matter.
pub fn draw_order(entrants: &[Entrant], seed: u64) -> Vec<i64> {
    let mut rng = Rng::new(seed);
    let mut groups = [Vec::new(), Vec::new()];
    for e in entrants {
        groups[usize::from(!e.priority)].push(e.user_id);
    }
    let mut order = Vec::with_capacity(entrants.len());
    for mut group in groups {
        group.sort_unstable();
        group.dedup();
        rng.shuffle(&mut group);
        order.extend(group);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entrants(n: i64, priority: &[i64]) -> Vec<Entrant> {
        (1..=n)
            .map(|user_id| Entrant {
                user_id,
                priority: priority.contains(&user_id),
            })
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_draw_whatever_the_input_order() {
        let mut people = entrants(30, &[4, 9]);
        let first = draw_order(&people, 42);
        people.reverse();
        assert_eq!(draw_order(&people, 42), first);
        assert_ne!(
            draw_order(&people, 43),
            first,
            "another seed, another order"
        );
        let mut sorted = first.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (1..=30).collect::<Vec<_>>(), "everyone once");
    }

    #[test]
    fn people_passed_over_last_time_come_first() {
        for seed in 0..50 {
            let order = draw_order(&entrants(20, &[3, 17, 11]), seed);
            let mut head = order[..3].to_vec();
            head.sort_unstable();
            assert_eq!(head, [3, 11, 17], "seed {seed}");
        }
    }

    #[test]
    fn every_entrant_is_equally_likely_to_get_a_seat() {
        // 10 entrants, 3 seats, 20,000 draws: each should win about 6,000 times.
        let people = entrants(10, &[]);
        let mut wins = [0u32; 10];
        for seed in 0..20_000 {
            for &winner in &draw_order(&people, seed)[..3] {
                wins[(winner - 1) as usize] += 1;
            }
        }
        for (k, w) in wins.iter().enumerate() {
            assert!(
                (5_600..=6_400).contains(w),
                "entrant {} won {w} times",
                k + 1
            );
        }
    }
}
