//! Insights on the server: who may read which view, the rows a view is counted from, and the
//! page, CSV and leadership report of its figures after disclosure control. Org admins read
//! the organisation and every program; program admins only the programs they run.

mod csv;
mod figures;
mod report;

pub use csv::to_csv;
pub use report::{pdf as report_pdf, report};

use super::storage::now;
use super::{access, AppState};
use crate::domain::{
    disclose, Fact, GroupMin, InsightFilters, InsightPeople, InsightQuery, Role, Shown, Tabulation,
};
use crate::error::AppError;
use crate::models::{InsightOptions, InsightsPage, User};
use std::collections::BTreeMap;

fn not_found() -> AppError {
    AppError::NotFound("There is no such program, or you do not run it.".into())
}

/// The view `user` asked for with `query`, figures disclosed.
pub async fn page(
    state: &AppState,
    user: &User,
    query: &InsightQuery,
) -> Result<InsightsPage, AppError> {
    let whole_org = user.role == Role::OrgAdmin;
    let programs_run = access::programs_run(state, user).await?;
    if programs_run.is_empty() && !whole_org {
        return Err(AppError::Forbidden);
    }
    let today = now().div_euclid(86_400);
    let (period, mut filters) = query.parse(today)?;
    // A program admin always looks at one of their programs: the first, unless they chose.
    if !whole_org && filters.program.is_none() {
        filters.program = programs_run.first().map(|p| p.0);
    }
    if let Some(p) = filters.program {
        if !programs_run.iter().any(|(id, _)| *id == p) {
            return Err(not_found());
        }
    }
    let k = state.db.insights_min_group().await?;
    let (from, until) = period.bounds();
    let data = figures::Data::load(state, from, until.min(now() + 1)).await?;
    let programs = state.db.programs(true).await?;
    let people = data.people();
    let options = options(&data, &people, programs_run.clone(), k);

    let mut chosen = query.clone();
    chosen.from = period.from.to_string();
    chosen.to = period.to.to_string();
    chosen.program = filters.program.map(|p| p.to_string()).unwrap_or_default();
    let query_string = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            [
                ("program", &chosen.program),
                ("department", &chosen.department),
                ("location", &chosen.location),
                ("level", &chosen.level),
                ("role", &chosen.role),
                ("from", &chosen.from),
                ("to", &chosen.to),
            ]
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty()),
        )
        .finish();
    let view = figures::View {
        filters: filters.clone(),
        program_fixed: !whole_org,
        people: &people,
        k,
    };
    let too_small = too_small(&data, &view);
    let sections = if too_small.is_some() {
        Vec::new()
    } else {
        figures::sections(&data, &programs, &view)
    };
    Ok(InsightsPage {
        query: chosen,
        query_string,
        period_label: period.label(),
        program_name: filters
            .program
            .and_then(|p| programs_run.iter().find(|(id, _)| *id == p))
            .map(|(_, name)| name.clone()),
        whole_org,
        options,
        group_min: k.get(),
        too_small,
        sections,
    })
}

/// The filter form's choices: values of the directory that at least k people in it share, so
/// choosing one never starts from a small group.
fn options(
    data: &figures::Data,
    people: &InsightPeople,
    programs: Vec<(i64, String)>,
    k: GroupMin,
) -> InsightOptions {
    let mut departments: BTreeMap<String, i64> = BTreeMap::new();
    let mut locations: BTreeMap<String, i64> = BTreeMap::new();
    let mut levels: BTreeMap<i64, i64> = BTreeMap::new();
    for id in data.active_ids() {
        let Some(p) = people.get(&id) else { continue };
        if !p.department.is_empty() {
            *departments.entry(p.department.clone()).or_default() += 1;
        }
        if !p.location.is_empty() {
            *locations.entry(p.location.clone()).or_default() += 1;
        }
        if let Some(l) = p.level {
            *levels.entry(l).or_default() += 1;
        }
    }
    let enough = |n: &i64| *n >= k.get();
    InsightOptions {
        programs,
        departments: departments
            .into_iter()
            .filter(|(_, n)| enough(n))
            .map(|(d, _)| d)
            .collect(),
        locations: locations
            .into_iter()
            .filter(|(_, n)| enough(n))
            .map(|(l, _)| l)
            .collect(),
        levels: levels
            .into_iter()
            .filter(|(_, n)| enough(n))
            .map(|(l, _)| l)
            .collect(),
    }
}

/// Why the view shows nothing: the people it is about are fewer than k. (Differences to wider
/// views are checked cell by cell; this refuses a view that is about a handful of people.)
fn too_small(data: &figures::Data, view: &figures::View) -> Option<String> {
    let facts: Vec<Fact> = data.population_facts();
    let keep = |fact: &Fact| view.filters.keeps(fact, view.people);
    let shown = disclose(1, 1, Tabulation::People, &facts, &keep, &[], view.k);
    (shown.cells[0][0] == Shown::Hidden).then(|| {
        format!(
            "Fewer than {} people match these filters. Widen them to see figures.",
            view.k.get()
        )
    })
}

impl figures::View<'_> {
    /// Discloses `facts` for this view, against its wider views.
    fn disclose(
        &self,
        rows: usize,
        columns: usize,
        tabulation: Tabulation,
        facts: &[Fact],
    ) -> crate::domain::Disclosed {
        let wider = self.filters.wider(self.program_fixed);
        let keep = |f: &InsightFilters| {
            let f = f.clone();
            move |fact: &Fact| f.keeps(fact, self.people)
        };
        let here = keep(&self.filters);
        let pickers: Vec<_> = wider.iter().map(keep).collect();
        let refs: Vec<&dyn Fn(&Fact) -> bool> = pickers
            .iter()
            .map(|p| p as &dyn Fn(&Fact) -> bool)
            .collect();
        disclose(rows, columns, tabulation, facts, &here, &refs, self.k)
    }
}
