//! Exec Encounter lotteries: people sign up during a window, then seats are drawn.
//!
//! The draw is fair and can be checked by every entrant. The seed is chosen when the event is
//! created and kept secret with a nonce; their commitment (a hash) is shown from the start, so
//! nobody can pick a seed that favours someone once the entrants are known. After the draw the
//! seed and nonce are shown, and anyone can repeat the draw from the entrants (as positions,
//! so no names are needed) with `tandem draw --verify`. People passed over in the series'
//! previous draw come first, for one draw only. Seats go down the drawn order; everyone after
//! the last seat waits in that order.

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

/// A held draw as entrants check it: entrants are numbered 1..=n in the order of their
/// account ids, so the record names nobody.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DrawRecord {
    pub event: String,
    /// SHA-256 of `"{seed}:{nonce}"`, in hex, published before the draw.
    pub commitment: Option<String>,
    pub seed: u64,
    pub nonce: String,
    pub entrants: usize,
    /// Entrants who came first (passed over last time), by number.
    pub priority: Vec<usize>,
    /// The drawn order, by entrant number, winners first.
    pub order: Vec<usize>,
}

impl DrawRecord {
    /// The record of a draw of `drawn` (user ids in drawn order) with `priority` user ids.
    pub fn of(
        event: &str,
        commitment: Option<String>,
        seed: u64,
        nonce: &str,
        drawn: &[i64],
        priority: &[i64],
    ) -> Self {
        let mut ids = drawn.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let number = |id: &i64| ids.binary_search(id).map(|k| k + 1).unwrap_or(0);
        DrawRecord {
            event: event.to_owned(),
            commitment,
            seed,
            nonce: nonce.to_owned(),
            entrants: ids.len(),
            priority: {
                let mut p: Vec<usize> = priority.iter().map(number).filter(|&n| n > 0).collect();
                p.sort_unstable();
                p
            },
            order: drawn.iter().map(number).collect(),
        }
    }

    /// The order the draw gives for these entrants and this seed, repeated here.
    pub fn replay(&self) -> Vec<usize> {
        let entrants: Vec<Entrant> = (1..=self.entrants)
            .map(|n| Entrant {
                user_id: n as i64,
                priority: self.priority.contains(&n),
            })
            .collect();
        draw_order(&entrants, self.seed)
            .into_iter()
            .map(|n| n as usize)
            .collect()
    }
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

    #[test]
    fn a_record_by_entrant_numbers_replays_the_draw_of_ids() {
        let people: Vec<Entrant> = [12, 40, 7, 93, 55, 18]
            .iter()
            .map(|&user_id| Entrant {
                user_id,
                priority: user_id == 93 || user_id == 7,
            })
            .collect();
        let drawn = draw_order(&people, 9_001);
        let record = DrawRecord::of("Exec coffee", None, 9_001, "n", &drawn, &[93, 7]);
        assert_eq!(record.entrants, 6);
        assert_eq!(record.priority, vec![1, 6], "7 is first by id, 93 last");
        assert_eq!(record.replay(), record.order);
        assert_eq!(
            &record.order[..2]
                .iter()
                .copied()
                .collect::<std::collections::BTreeSet<_>>(),
            &[1, 6].into()
        );
        let mut tampered = record.clone();
        tampered.order.swap(2, 3);
        assert_ne!(tampered.replay(), tampered.order);
    }
}
