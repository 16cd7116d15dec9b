//! Maximum-weight matching on a general graph with integer weights: Edmonds' blossom
//! algorithm in its primal-dual form (Galil's O(n³) formulation with best-edge tracking).
//!
//! Tandem needs more than the matching from it: the **dual solution** it ends with. Vertex
//! and blossom duals that cover every edge of a graph prove that no matching of that graph
//! scores more. [`Matching::slack`] prices any edge, including edges the run never saw, so
//! [`super::peer`] can match on a sparse graph of promising pairs and then prove the result
//! optimal for every allowed pair, adding the pairs that break the proof and solving again.
//!
//! Duals are kept doubled (`2·u` for vertices, `z` for blossoms) so that every quantity stays
//! an integer: an edge's slack is `dual[i] + dual[j] - 2·w` plus `2·z` for each blossom that
//! holds both ends.

const NONE: usize = usize::MAX;

/// The result of a run: who is matched with whom, and the duals that prove it optimal.
pub(crate) struct Matching {
    pub mate: Vec<Option<usize>>,
    dual: Vec<i64>,
    /// For each vertex, the blossoms that hold it at the end, outermost first.
    nests: Vec<Vec<usize>>,
}

impl Matching {
    /// Twice the reduced cost of an edge under the final duals. It is never negative for an
    /// edge of the graph that was solved; a negative slack on another edge means that edge
    /// could improve the matching, and a graph whose edges all have slack ≥ 0 has no better
    /// matching than this one.
    pub fn slack(&self, i: usize, j: usize, weight: i64) -> i64 {
        let mut s = self.dual[i] + self.dual[j] - 2 * weight;
        for (a, b) in self.nests[i].iter().zip(&self.nests[j]) {
            if a != b {
                break;
            }
            s += 2 * self.dual[*a];
        }
        s
    }
}

/// A maximum-weight matching of the graph on `n` vertices with `edges` (i, j, weight).
/// Edges of weight ≤ 0 are never worth matching and may be left out by the caller.
pub(crate) fn max_weight_matching(n: usize, edges: &[(usize, usize, i64)]) -> Matching {
    let mut state = State::new(n, edges);
    state.solve();
    state.finish()
}

struct State<'a> {
    n: usize,
    edges: &'a [(usize, usize, i64)],
    /// Endpoint `p` of edge `p / 2`: `2k` is its first vertex, `2k + 1` its second.
    endpoint: Vec<usize>,
    /// The remote endpoints of each vertex's edges, in `neighbours[start[v]..start[v + 1]]`.
    start: Vec<usize>,
    neighbours: Vec<usize>,
    /// The remote endpoint of each vertex's matched edge.
    mate: Vec<usize>,
    /// 0 free, 1 outer (S), 2 inner (T); bit 4 marks blossoms seen by `scan_blossom`.
    label: Vec<u8>,
    label_end: Vec<usize>,
    in_blossom: Vec<usize>,
    parent: Vec<usize>,
    children: Vec<Vec<usize>>,
    base: Vec<usize>,
    ends: Vec<Vec<usize>>,
    best_edge: Vec<usize>,
    blossom_best_edges: Vec<Option<Vec<usize>>>,
    unused: Vec<usize>,
    dual: Vec<i64>,
    allowed: Vec<bool>,
    queue: Vec<usize>,
    /// Scratch for `add_blossom`, all `NONE` between uses.
    best_to: Vec<usize>,
}

impl<'a> State<'a> {
    fn new(n: usize, edges: &'a [(usize, usize, i64)]) -> Self {
        let max_weight = edges.iter().map(|e| e.2).max().unwrap_or(0).max(0);
        let mut degree = vec![0usize; n + 1];
        for &(i, j, _) in edges {
            degree[i] += 1;
            degree[j] += 1;
        }
        let mut start = vec![0usize; n + 1];
        for v in 0..n {
            start[v + 1] = start[v] + degree[v];
        }
        let mut fill = start.clone();
        let mut neighbours = vec![0usize; start[n]];
        let mut endpoint = Vec::with_capacity(2 * edges.len());
        for (k, &(i, j, _)) in edges.iter().enumerate() {
            endpoint.push(i);
            endpoint.push(j);
            neighbours[fill[i]] = 2 * k + 1;
            fill[i] += 1;
            neighbours[fill[j]] = 2 * k;
            fill[j] += 1;
        }
        let mut dual = vec![max_weight; n];
        dual.resize(2 * n, 0);
        State {
            n,
            edges,
            endpoint,
            start,
            neighbours,
            mate: vec![NONE; n],
            label: vec![0; 2 * n],
            label_end: vec![NONE; 2 * n],
            in_blossom: (0..n).collect(),
            parent: vec![NONE; 2 * n],
            children: vec![Vec::new(); 2 * n],
            base: (0..n).chain(std::iter::repeat_n(NONE, n)).collect(),
            ends: vec![Vec::new(); 2 * n],
            best_edge: vec![NONE; 2 * n],
            blossom_best_edges: vec![None; 2 * n],
            unused: (n..2 * n).rev().collect(),
            dual,
            allowed: vec![false; edges.len()],
            queue: Vec::new(),
            best_to: vec![NONE; 2 * n],
        }
    }

    fn slack(&self, k: usize) -> i64 {
        let (i, j, w) = self.edges[k];
        self.dual[i] + self.dual[j] - 2 * w
    }

    fn neighbours_of(&self, v: usize) -> &[usize] {
        &self.neighbours[self.start[v]..self.start[v + 1]]
    }

    /// The vertices inside blossom `b`, appended to `out`.
    fn leaves(&self, b: usize, out: &mut Vec<usize>) {
        if b < self.n {
            out.push(b);
            return;
        }
        for &t in &self.children[b] {
            self.leaves(t, out);
        }
    }

    fn assign_label(&mut self, w: usize, t: u8, p: usize) {
        let b = self.in_blossom[w];
        self.label[w] = t;
        self.label[b] = t;
        self.label_end[w] = p;
        self.label_end[b] = p;
        self.best_edge[w] = NONE;
        self.best_edge[b] = NONE;
        if t == 1 {
            let mut queue = std::mem::take(&mut self.queue);
            self.leaves(b, &mut queue);
            self.queue = queue;
        } else {
            let m = self.mate[self.base[b]];
            self.assign_label(self.endpoint[m], 1, m ^ 1);
        }
    }

    /// Walks up the trees from `v` and `w`: returns the base of a new blossom where the paths
    /// meet, or `NONE` when they reach two different roots (an augmenting path).
    fn scan_blossom(&mut self, mut v: usize, mut w: usize) -> usize {
        let mut path = Vec::new();
        let mut base = NONE;
        while v != NONE {
            let b = self.in_blossom[v];
            if self.label[b] & 4 != 0 {
                base = self.base[b];
                break;
            }
            path.push(b);
            self.label[b] = 5;
            if self.label_end[b] == NONE {
                v = NONE;
            } else {
                let t = self.in_blossom[self.endpoint[self.label_end[b]]];
                v = self.endpoint[self.label_end[t]];
            }
            if w != NONE {
                std::mem::swap(&mut v, &mut w);
            }
        }
        for b in path {
            self.label[b] = 1;
        }
        base
    }

    fn add_blossom(&mut self, base: usize, k: usize) {
        let (v, w, _) = self.edges[k];
        let bb = self.in_blossom[base];
        let mut bv = self.in_blossom[v];
        let mut bw = self.in_blossom[w];
        let b = self
            .unused
            .pop()
            .expect("a vertex graph has n blossom slots");
        self.base[b] = base;
        self.parent[b] = NONE;
        self.parent[bb] = b;
        let mut path = Vec::new();
        let mut ends = Vec::new();
        while bv != bb {
            self.parent[bv] = b;
            path.push(bv);
            ends.push(self.label_end[bv]);
            bv = self.in_blossom[self.endpoint[self.label_end[bv]]];
        }
        path.push(bb);
        path.reverse();
        ends.reverse();
        ends.push(2 * k);
        while bw != bb {
            self.parent[bw] = b;
            path.push(bw);
            ends.push(self.label_end[bw] ^ 1);
            bw = self.in_blossom[self.endpoint[self.label_end[bw]]];
        }
        self.label[b] = 1;
        self.label_end[b] = self.label_end[bb];
        self.dual[b] = 0;
        self.children[b] = path;
        self.ends[b] = ends;
        let mut leaves = Vec::new();
        self.leaves(b, &mut leaves);
        for &leaf in &leaves {
            if self.label[self.in_blossom[leaf]] == 2 {
                self.queue.push(leaf);
            }
            self.in_blossom[leaf] = b;
        }
        // The least-slack edge from the new blossom to each other outer blossom.
        let mut touched = Vec::new();
        for c in 0..self.children[b].len() {
            let child = self.children[b][c];
            let list = match self.blossom_best_edges[child].take() {
                Some(list) => list,
                None => {
                    let mut inside = Vec::new();
                    self.leaves(child, &mut inside);
                    inside
                        .iter()
                        .flat_map(|&x| self.neighbours_of(x).iter().map(|p| p / 2))
                        .collect()
                }
            };
            for k in list {
                // The end outside the new blossom, if either is.
                let (i, j, _) = self.edges[k];
                let outside = if self.in_blossom[j] == b { i } else { j };
                let bj = self.in_blossom[outside];
                if bj != b && self.label[bj] == 1 {
                    let current = self.best_to[bj];
                    if current == NONE {
                        touched.push(bj);
                        self.best_to[bj] = k;
                    } else if self.slack(k) < self.slack(current) {
                        self.best_to[bj] = k;
                    }
                }
            }
            self.best_edge[child] = NONE;
        }
        touched.sort_unstable();
        let mut best = Vec::with_capacity(touched.len());
        let mut best_edge = NONE;
        for bj in touched {
            let k = std::mem::replace(&mut self.best_to[bj], NONE);
            if best_edge == NONE || self.slack(k) < self.slack(best_edge) {
                best_edge = k;
            }
            best.push(k);
        }
        self.blossom_best_edges[b] = Some(best);
        self.best_edge[b] = best_edge;
    }

    fn expand_blossom(&mut self, b: usize, end_of_stage: bool) {
        let children = std::mem::take(&mut self.children[b]);
        let ends = std::mem::take(&mut self.ends[b]);
        for &s in &children {
            self.parent[s] = NONE;
            if s < self.n {
                self.in_blossom[s] = s;
            } else if end_of_stage && self.dual[s] == 0 {
                self.expand_blossom(s, end_of_stage);
            } else {
                let mut leaves = Vec::new();
                self.leaves(s, &mut leaves);
                for v in leaves {
                    self.in_blossom[v] = s;
                }
            }
        }
        if !end_of_stage && self.label[b] == 2 {
            // Relabel the children on the even path from the entry child to the base; the
            // others become free or stay as they were.
            let len = children.len() as isize;
            let at = |j: isize| j.rem_euclid(len) as usize;
            let entry = self.in_blossom[self.endpoint[self.label_end[b] ^ 1]];
            let mut j = children
                .iter()
                .position(|&c| c == entry)
                .expect("entry child") as isize;
            let (step, trick) = if j & 1 == 1 {
                j -= len;
                (1isize, 0usize)
            } else {
                (-1isize, 1usize)
            };
            let mut p = self.label_end[b];
            while j != 0 {
                self.label[self.endpoint[p ^ 1]] = 0;
                let q = ends[at(j - trick as isize)];
                self.label[self.endpoint[q ^ trick ^ 1]] = 0;
                self.assign_label(self.endpoint[p ^ 1], 2, p);
                self.allowed[q / 2] = true;
                j += step;
                p = ends[at(j - trick as isize)] ^ trick;
                self.allowed[p / 2] = true;
                j += step;
            }
            let bv = children[at(j)];
            let v = self.endpoint[p ^ 1];
            self.label[v] = 2;
            self.label[bv] = 2;
            self.label_end[v] = p;
            self.label_end[bv] = p;
            self.best_edge[bv] = NONE;
            j += step;
            while children[at(j)] != entry {
                let bv = children[at(j)];
                j += step;
                if self.label[bv] == 1 {
                    continue;
                }
                let mut leaves = Vec::new();
                self.leaves(bv, &mut leaves);
                if let Some(v) = leaves.into_iter().find(|&v| self.label[v] != 0) {
                    self.label[v] = 0;
                    let m = self.mate[self.base[bv]];
                    self.label[self.endpoint[m]] = 0;
                    self.assign_label(v, 2, self.label_end[v]);
                }
            }
        }
        self.label[b] = 0;
        self.label_end[b] = NONE;
        self.base[b] = NONE;
        self.blossom_best_edges[b] = None;
        self.best_edge[b] = NONE;
        self.unused.push(b);
    }

    /// Swaps matched and unmatched edges along the path inside blossom `b` from vertex `v`
    /// to the base, making `v` the new base.
    fn augment_blossom(&mut self, b: usize, v: usize) {
        let mut t = v;
        while self.parent[t] != b {
            t = self.parent[t];
        }
        if t >= self.n {
            self.augment_blossom(t, v);
        }
        let mut children = std::mem::take(&mut self.children[b]);
        let mut ends = std::mem::take(&mut self.ends[b]);
        let len = children.len() as isize;
        let at = |j: isize| j.rem_euclid(len) as usize;
        let i = children
            .iter()
            .position(|&c| c == t)
            .expect("child on the path");
        let mut j = i as isize;
        let (step, trick) = if i & 1 == 1 {
            j -= len;
            (1isize, 0usize)
        } else {
            (-1isize, 1usize)
        };
        while j != 0 {
            j += step;
            let t = children[at(j)];
            let p = ends[at(j - trick as isize)] ^ trick;
            if t >= self.n {
                self.augment_blossom(t, self.endpoint[p]);
            }
            j += step;
            let t = children[at(j)];
            if t >= self.n {
                self.augment_blossom(t, self.endpoint[p ^ 1]);
            }
            self.mate[self.endpoint[p]] = p ^ 1;
            self.mate[self.endpoint[p ^ 1]] = p;
        }
        children.rotate_left(i);
        ends.rotate_left(i);
        self.base[b] = self.base[children[0]];
        self.children[b] = children;
        self.ends[b] = ends;
    }

    fn augment_matching(&mut self, k: usize) {
        let (v, w, _) = self.edges[k];
        for (mut s, mut p) in [(v, 2 * k + 1), (w, 2 * k)] {
            loop {
                let bs = self.in_blossom[s];
                if bs >= self.n {
                    self.augment_blossom(bs, s);
                }
                self.mate[s] = p;
                if self.label_end[bs] == NONE {
                    break;
                }
                let t = self.endpoint[self.label_end[bs]];
                let bt = self.in_blossom[t];
                s = self.endpoint[self.label_end[bt]];
                let j = self.endpoint[self.label_end[bt] ^ 1];
                if bt >= self.n {
                    self.augment_blossom(bt, j);
                }
                self.mate[j] = self.label_end[bt];
                p = self.label_end[bt] ^ 1;
            }
        }
    }

    /// One stage: grows alternating trees from every free vertex until a path augments the
    /// matching (true) or the duals show that none can (false).
    fn stage(&mut self) -> bool {
        let n = self.n;
        self.label.fill(0);
        self.best_edge.fill(NONE);
        for b in n..2 * n {
            self.blossom_best_edges[b] = None;
        }
        self.allowed.fill(false);
        self.queue.clear();
        for v in 0..n {
            if self.mate[v] == NONE && self.label[self.in_blossom[v]] == 0 {
                self.assign_label(v, 1, NONE);
            }
        }
        loop {
            while let Some(v) = self.queue.pop() {
                for idx in self.start[v]..self.start[v + 1] {
                    let p = self.neighbours[idx];
                    let k = p / 2;
                    let w = self.endpoint[p];
                    if self.in_blossom[v] == self.in_blossom[w] {
                        continue;
                    }
                    let mut slack = 0;
                    if !self.allowed[k] {
                        slack = self.slack(k);
                        if slack <= 0 {
                            self.allowed[k] = true;
                        }
                    }
                    let bw = self.in_blossom[w];
                    if self.allowed[k] {
                        if self.label[bw] == 0 {
                            self.assign_label(w, 2, p ^ 1);
                        } else if self.label[bw] == 1 {
                            let base = self.scan_blossom(v, w);
                            if base != NONE {
                                self.add_blossom(base, k);
                            } else {
                                self.augment_matching(k);
                                return true;
                            }
                        } else if self.label[w] == 0 {
                            self.label[w] = 2;
                            self.label_end[w] = p ^ 1;
                        }
                    } else if self.label[bw] == 1 {
                        let b = self.in_blossom[v];
                        if self.best_edge[b] == NONE || slack < self.slack(self.best_edge[b]) {
                            self.best_edge[b] = k;
                        }
                    } else if self.label[w] == 0
                        && (self.best_edge[w] == NONE || slack < self.slack(self.best_edge[w]))
                    {
                        self.best_edge[w] = k;
                    }
                }
            }
            // No tight edge is left to grow by: change the duals by the largest step that
            // keeps them feasible.
            let mut kind = 1;
            let mut delta = self.dual[..n].iter().copied().min().unwrap_or(0);
            let mut delta_edge = NONE;
            let mut delta_blossom = NONE;
            for v in 0..n {
                if self.label[self.in_blossom[v]] == 0 && self.best_edge[v] != NONE {
                    let d = self.slack(self.best_edge[v]);
                    if d < delta {
                        delta = d;
                        kind = 2;
                        delta_edge = self.best_edge[v];
                    }
                }
            }
            for b in 0..2 * n {
                if self.parent[b] == NONE
                    && self.label[b] == 1
                    && self.best_edge[b] != NONE
                    && (b < n || self.base[b] != NONE)
                {
                    let d = self.slack(self.best_edge[b]) / 2;
                    if d < delta {
                        delta = d;
                        kind = 3;
                        delta_edge = self.best_edge[b];
                    }
                }
            }
            for b in n..2 * n {
                if self.base[b] != NONE
                    && self.parent[b] == NONE
                    && self.label[b] == 2
                    && self.dual[b] < delta
                {
                    delta = self.dual[b];
                    kind = 4;
                    delta_blossom = b;
                }
            }
            for v in 0..n {
                match self.label[self.in_blossom[v]] {
                    1 => self.dual[v] -= delta,
                    2 => self.dual[v] += delta,
                    _ => {}
                }
            }
            for b in n..2 * n {
                if self.base[b] != NONE && self.parent[b] == NONE {
                    match self.label[b] {
                        1 => self.dual[b] += delta,
                        2 => self.dual[b] -= delta,
                        _ => {}
                    }
                }
            }
            match kind {
                1 => return false,
                2 => {
                    self.allowed[delta_edge] = true;
                    let (mut i, j, _) = self.edges[delta_edge];
                    if self.label[self.in_blossom[i]] == 0 {
                        i = j;
                    }
                    self.queue.push(i);
                }
                3 => {
                    self.allowed[delta_edge] = true;
                    let (i, _, _) = self.edges[delta_edge];
                    self.queue.push(i);
                }
                _ => self.expand_blossom(delta_blossom, false),
            }
        }
    }

    fn solve(&mut self) {
        let n = self.n;
        for _ in 0..n {
            if !self.stage() {
                break;
            }
            // Outer blossoms whose dual fell to zero are no longer needed.
            for b in n..2 * n {
                if self.parent[b] == NONE
                    && self.base[b] != NONE
                    && self.label[b] == 1
                    && self.dual[b] == 0
                {
                    self.expand_blossom(b, true);
                }
            }
        }
    }

    fn finish(self) -> Matching {
        let n = self.n;
        let mate = self
            .mate
            .iter()
            .map(|&p| (p != NONE).then(|| self.endpoint[p]))
            .collect();
        let nests = (0..n)
            .map(|v| {
                let mut nest = Vec::new();
                let mut b = self.parent[v];
                while b != NONE {
                    nest.push(b);
                    b = self.parent[b];
                }
                nest.reverse();
                nest
            })
            .collect();
        Matching {
            mate,
            dual: self.dual,
            nests,
        }
    }
}
