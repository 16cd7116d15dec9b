//! The linear sum assignment problem: give each row a distinct column at least total cost.
//!
//! Shortest augmenting paths with dual potentials (Jonker–Volgenant's approach in the form
//! Crouse describes, "On implementing 2D rectangular assignment algorithms", 2016): one
//! Dijkstra-like search per row over reduced costs. Among columns at equal distance it
//! prefers a free one, which ends the search early; that is what keeps it fast on the
//! tie-heavy integer scores of surveys, where textbook Hungarian implementations crawl.

/// Assigns every row of a `rows × cols` cost matrix (row-major, `rows <= cols`) a distinct
/// column, minimising the total; returns each row's column.
pub fn solve(costs: &[i64], rows: usize, cols: usize) -> Vec<usize> {
    assert!(rows <= cols, "more rows than columns");
    assert_eq!(costs.len(), rows * cols);
    const INF: i64 = i64::MAX / 4;
    let mut u = vec![0i64; rows];
    let mut v = vec![0i64; cols];
    let mut col_of_row = vec![usize::MAX; rows];
    let mut row_of_col = vec![usize::MAX; cols];
    let mut path = vec![usize::MAX; cols];
    let mut dist = vec![INF; cols];
    let mut seen_row = vec![false; rows];
    let mut seen_col = vec![false; cols];
    let mut remaining: Vec<usize> = Vec::with_capacity(cols);

    for start in 0..rows {
        dist.fill(INF);
        seen_row.fill(false);
        seen_col.fill(false);
        remaining.clear();
        remaining.extend((0..cols).rev());
        let mut row = start;
        let mut min = 0i64;
        let sink = loop {
            seen_row[row] = true;
            let mut best = INF;
            let mut best_at = usize::MAX;
            let base = row * cols;
            for (k, &col) in remaining.iter().enumerate() {
                let reduced = min + costs[base + col] - u[row] - v[col];
                if reduced < dist[col] {
                    path[col] = row;
                    dist[col] = reduced;
                }
                if dist[col] < best || (dist[col] == best && row_of_col[col] == usize::MAX) {
                    best = dist[col];
                    best_at = k;
                }
            }
            min = best;
            let col = remaining.swap_remove(best_at);
            seen_col[col] = true;
            if row_of_col[col] == usize::MAX {
                break col;
            }
            row = row_of_col[col];
        };
        // Update the potentials along the searched tree.
        u[start] += min;
        for r in 0..rows {
            if seen_row[r] && r != start {
                u[r] += min - dist[col_of_row[r]];
            }
        }
        for c in 0..cols {
            if seen_col[c] {
                v[c] -= min - dist[c];
            }
        }
        // Augment along the path back to the starting row.
        let mut col = sink;
        loop {
            let r = path[col];
            row_of_col[col] = r;
            let previous = std::mem::replace(&mut col_of_row[r], col);
            if r == start {
                break;
            }
            col = previous;
        }
    }
    col_of_row
}

#[cfg(test)]
mod tests {
    use super::solve;

    fn total(costs: &[i64], cols: usize, assignment: &[usize]) -> i64 {
        assignment
            .iter()
            .enumerate()
            .map(|(r, &c)| costs[r * cols + c])
            .sum()
    }

    /// Every injective assignment, for small matrices.
    fn brute(costs: &[i64], rows: usize, cols: usize) -> i64 {
        fn go(costs: &[i64], rows: usize, cols: usize, r: usize, used: &mut Vec<bool>) -> i64 {
            if r == rows {
                return 0;
            }
            let mut best = i64::MAX;
            for c in 0..cols {
                if !used[c] {
                    used[c] = true;
                    let rest = go(costs, rows, cols, r + 1, used);
                    best = best.min(costs[r * cols + c] + rest);
                    used[c] = false;
                }
            }
            best
        }
        go(costs, rows, cols, 0, &mut vec![false; cols])
    }

    #[test]
    fn small_matrices_match_brute_force() {
        let mut seed = 7u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300 {
            let rows = 1 + (next() % 6) as usize;
            let cols = rows + (next() % 3) as usize;
            // Few distinct values: ties everywhere, as with survey scores.
            let costs: Vec<i64> = (0..rows * cols).map(|_| -((next() % 4) as i64)).collect();
            let got = solve(&costs, rows, cols);
            let mut sorted = got.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), rows, "columns are distinct");
            assert_eq!(total(&costs, cols, &got), brute(&costs, rows, cols));
        }
    }

    #[test]
    fn a_known_matrix() {
        let costs = [4, 1, 3, 2, 0, 5, 3, 2, 2];
        let got = solve(&costs, 3, 3);
        assert_eq!(total(&costs, 3, &got), 5);
    }
}
