//! Publishing counts of students without exposing a child (LAW.md, "Publishing student counts
//! safely": OSPI's minimum group of 10 and NCES Technical Brief 3).
//!
//! A [`Release`] is every count published together (the district's tables, each school's tables and
//! the sums that tie them) and the sums an attacker knows hold between them. [`suppress`] hides each
//! count from 1 to 9 (primary suppression), then hides further counts (complementary suppression)
//! until no hidden count can be worked out exactly from what is published. The check reasons as an
//! attacker does: a count shown as "N<10" is known to hold 1 to 9, one hidden to protect another is
//! known to be at least 10 (every smaller count is already hidden for itself), every sum of the
//! release holds, and counts are whole numbers. For each hidden count it asks an integer program for
//! the smallest and largest value consistent with all of that ([`attacker_ranges`]); a count whose
//! smallest and largest agree is exposed, and the smallest published count that shares a sum with it
//! is hidden next. Integer programs are solved by `microlp` (pure Rust, branch and bound); a solve
//! that fails or runs out of time counts as exposed, so the rule fails closed.

use microlp::{ComparisonOp, OptimizationDirection, Problem};
use std::collections::BTreeSet;
use std::time::Duration;

/// One published count of a [`Release`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell(usize);

impl Cell {
    pub fn index(self) -> usize {
        self.0
    }
}

/// `total` is published as the sum of `parts`, or (when not `exact`) as at least their sum: the
/// students of a row bound the students of that row who met any one outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Sum {
    total: Cell,
    parts: Vec<Cell>,
    exact: bool,
}

/// The arithmetic of a release that anyone reading it knows: how many counts, and which add up to which.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Structure {
    cells: usize,
    sums: Vec<Sum>,
}

/// Counts published together, and the sums between them.
#[derive(Debug, Clone, Default)]
pub struct Release {
    counts: Vec<u64>,
    structure: Structure,
}

/// A grid of counts with its row totals, column totals and grand total, as added to a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub column_totals: Vec<Cell>,
    pub total: Cell,
}

impl Table {
    /// Every cell of the table, totals included, in a fixed order (rows, row totals, column totals,
    /// grand total): the order in which two tables of the same shape correspond.
    pub fn all_cells(&self) -> Vec<Cell> {
        let mut all: Vec<Cell> = self.cells.iter().flatten().copied().collect();
        all.extend(&self.row_totals);
        all.extend(&self.column_totals);
        all.push(self.total);
        all
    }
}

/// A sum that does not hold: the release would publish arithmetic that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cell {total} is published as the sum of {parts:?}, but the counts do not add up")]
pub struct SumMismatch {
    total: usize,
    parts: Vec<usize>,
}

impl Release {
    pub fn new() -> Release {
        Release::default()
    }

    /// Adds one count to the release.
    pub fn cell(&mut self, count: u64) -> Cell {
        self.counts.push(count);
        self.structure.cells += 1;
        Cell(self.counts.len() - 1)
    }

    pub fn count(&self, cell: Cell) -> u64 {
        self.counts[cell.0]
    }

    /// What a reader of the release knows without seeing any count.
    pub fn structure(&self) -> &Structure {
        &self.structure
    }

    /// Declares that `total` is published as the sum of `parts`.
    pub fn add_sum(&mut self, total: Cell, parts: &[Cell]) -> Result<(), SumMismatch> {
        let sum: u64 = parts.iter().map(|&part| self.count(part)).sum();
        if sum != self.count(total) {
            return Err(SumMismatch {
                total: total.0,
                parts: parts.iter().map(|part| part.0).collect(),
            });
        }
        self.push_sum(total, parts.to_vec());
        Ok(())
    }

    /// Declares that `part` never exceeds `whole`, which a reader knows (an outcome's count and the
    /// students it is counted among). Ignoring it would let the check miss what a reader can infer.
    pub fn at_most(&mut self, part: Cell, whole: Cell) -> Result<(), SumMismatch> {
        if self.count(part) > self.count(whole) {
            return Err(SumMismatch {
                total: whole.0,
                parts: vec![part.0],
            });
        }
        self.structure.sums.push(Sum {
            total: whole,
            parts: vec![part],
            exact: false,
        });
        Ok(())
    }

    /// Adds a table of `rows` (each the same length) with its totals, and the sums that tie them.
    pub fn table(&mut self, rows: &[Vec<u64>]) -> Table {
        let columns = rows.first().map_or(0, Vec::len);
        assert!(
            rows.iter().all(|row| row.len() == columns),
            "a table's rows have the same length"
        );
        let cells: Vec<Vec<Cell>> = rows
            .iter()
            .map(|row| row.iter().map(|&count| self.cell(count)).collect())
            .collect();
        let row_totals: Vec<Cell> = rows.iter().map(|row| self.cell(row.iter().sum())).collect();
        let column_totals: Vec<Cell> = (0..columns)
            .map(|column| self.cell(rows.iter().map(|row| row[column]).sum()))
            .collect();
        let total = self.cell(rows.iter().flatten().sum());
        let table = Table {
            cells,
            row_totals,
            column_totals,
            total,
        };
        for (row, &row_total) in table.cells.iter().zip(&table.row_totals) {
            self.push_sum(row_total, row.clone());
        }
        for (column, &column_total) in table.column_totals.iter().enumerate() {
            let parts = table.cells.iter().map(|row| row[column]).collect();
            self.push_sum(column_total, parts);
        }
        self.push_sum(total, table.row_totals.clone());
        self.push_sum(total, table.column_totals.clone());
        table
    }

    /// Declares that each cell of `whole` is the sum of the same cell of `parts` (schools' tables
    /// adding up to the district's), all of the same shape.
    pub fn tables_add_up(&mut self, whole: &Table, parts: &[&Table]) -> Result<(), SumMismatch> {
        let part_cells: Vec<Vec<Cell>> = parts.iter().map(|table| table.all_cells()).collect();
        for (index, total) in whole.all_cells().into_iter().enumerate() {
            let same_cell: Vec<Cell> = part_cells.iter().map(|cells| cells[index]).collect();
            self.add_sum(total, &same_cell)?;
        }
        Ok(())
    }

    /// A sum that holds by construction.
    fn push_sum(&mut self, total: Cell, parts: Vec<Cell>) {
        self.structure.sums.push(Sum {
            total,
            parts,
            exact: true,
        });
    }
}

/// The district's publishing rules (LAW.md's defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// The smallest count shown: smaller ones (but zero, see below) are hidden as "N<10".
    pub minimum: u64,
    /// True zeros are shown (a setting: some publishers hide them too).
    pub show_zeros: bool,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            minimum: 10,
            show_zeros: true,
        }
    }
}

/// Why a count is not shown; every hidden cell of a public table carries one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// The count is under the minimum ("N<10").
    SmallCount,
    /// Shown, it would let a reader work out a small count by arithmetic on the rest.
    Complementary,
    /// The check could not prove the release safe, so the cell is hidden rather than risked.
    Unverified,
}

/// What the public sees of one count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Published {
    Count(u64),
    Hidden(Reason),
}

impl Published {
    pub fn count(self) -> Option<u64> {
        match self {
            Published::Count(count) => Some(count),
            Published::Hidden(_) => None,
        }
    }
}

/// The public version of a release: one [`Published`] per cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    cells: Vec<Published>,
}

impl Suppressed {
    pub fn get(&self, cell: Cell) -> Published {
        self.cells[cell.0]
    }

    pub fn cells(&self) -> &[Published] {
        &self.cells
    }

    /// Builds a public version from its cells, as a reader who only has the publication would.
    pub fn from_cells(cells: Vec<Published>) -> Suppressed {
        Suppressed { cells }
    }
}

/// What an attacker can conclude about one hidden count: its smallest and largest possible value
/// (`None` when nothing published bounds it from above).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub lowest: u64,
    pub highest: Option<u64>,
}

impl Range {
    /// The count is known exactly.
    pub fn is_exact(self) -> bool {
        self.highest == Some(self.lowest)
    }
}

/// How long one solve may take before the cell counts as unverified.
const SOLVE_TIME_LIMIT: Duration = Duration::from_millis(500);

/// A bound that stands in for "no limit" in integer programs; far above any count of students a
/// district publishes. A range reaching it is reported as unbounded.
const NO_LIMIT: i32 = 100_000_000;

/// The public version of `release` under `rules`.
pub fn suppress(release: &Release, rules: &Rules) -> Suppressed {
    let mut published: Vec<Published> = release
        .counts
        .iter()
        .map(|&count| primary(count, rules))
        .collect();
    let structure = &release.structure;
    // Components whose hidden cells were all shown safe, by their smallest hidden cell and size:
    // hiding one more cell changes the component's size, so a stale entry never matches.
    let mut verified: BTreeSet<(usize, usize)> = BTreeSet::new();
    loop {
        let components = hidden_components(structure, &published);
        let mut exposed = None;
        for component in &components {
            let key = (component[0], component.len());
            if verified.contains(&key) {
                continue;
            }
            match first_exposed(structure, &published, &release.counts, rules, component) {
                Some(cell) => {
                    exposed = Some(cell);
                    break;
                }
                None => {
                    verified.insert(key);
                }
            }
        }
        let Some(exposed) = exposed else {
            return Suppressed { cells: published };
        };
        match protector(structure, &published, &release.counts, exposed) {
            Some(cell) => published[cell] = Published::Hidden(Reason::Complementary),
            None => {
                // Nothing published is left to hide beside it: the attacker's knowledge comes from
                // zeros and bounds alone. Hide the zeros of its sums rather than publish a risk.
                if !hide_zeros_beside(structure, &mut published, exposed) {
                    return Suppressed { cells: published };
                }
            }
        }
    }
}

fn primary(count: u64, rules: &Rules) -> Published {
    let small = count < rules.minimum && (count > 0 || !rules.show_zeros);
    if small {
        Published::Hidden(Reason::SmallCount)
    } else {
        Published::Count(count)
    }
}

/// What an attacker can conclude about each hidden cell of a publication: `None` for shown cells.
/// Uses only the structure and the published values, never the true counts.
pub fn attacker_ranges(
    structure: &Structure,
    published: &Suppressed,
    rules: &Rules,
) -> Vec<Option<Range>> {
    let mut ranges = vec![None; structure.cells];
    for component in hidden_components(structure, &published.cells) {
        let model = Model::of(structure, &published.cells, rules, &component);
        for (position, &cell) in component.iter().enumerate() {
            ranges[cell] = Some(model.range(position).unwrap_or(Range {
                lowest: 0,
                highest: Some(0),
            }));
        }
    }
    ranges
}

/// The first cell of `component` an attacker can work out exactly (or that cannot be checked).
///
/// A hidden cell is safe when some assignment that agrees with the publication gives it a value
/// other than its true one (the truth is always such an assignment). Rather than two solves per
/// cell, each solve pushes every cell not yet shown safe away from the truth at once, and clears all
/// it moved; only the cells left need solves of their own.
fn first_exposed(
    structure: &Structure,
    published: &[Published],
    counts: &[u64],
    rules: &Rules,
    component: &[usize],
) -> Option<usize> {
    let model = Model::of(structure, published, rules, component);
    let truth: Vec<i64> = component.iter().map(|&cell| counts[cell] as i64).collect();
    let mut open: Vec<usize> = (0..component.len()).collect();
    let moved = |values: &[i64], open: &mut Vec<usize>| {
        open.retain(|&position| values[position] == truth[position]);
    };
    for direction in [
        OptimizationDirection::Minimize,
        OptimizationDirection::Maximize,
    ] {
        if open.is_empty() {
            break;
        }
        let objective: Vec<(usize, f64)> = open.iter().map(|&position| (position, 1.0)).collect();
        if let Some(values) = model.solve(&objective, direction) {
            moved(&values, &mut open);
        }
    }
    open.into_iter()
        .find(|&position| {
            let alone = [(position, 1.0)];
            let away = [
                OptimizationDirection::Minimize,
                OptimizationDirection::Maximize,
            ]
            .into_iter()
            .filter_map(|direction| model.solve(&alone, direction))
            .any(|values| values[position] != truth[position]);
            !away
        })
        .map(|position| component[position])
}

/// The cell to hide next to protect `exposed`: the smallest non-zero published count that shares
/// a sum with it; failing that, one that shares a bound with it; failing that, one tied to any
/// hidden cell of its group. (Sums first: a bound pins a count only at its edge, and hiding the
/// students of a row for it would hide far more than needed.)
fn protector(
    structure: &Structure,
    published: &[Published],
    counts: &[u64],
    exposed: usize,
) -> Option<usize> {
    let smallest_in = |touches: &dyn Fn(&Sum) -> bool| {
        structure
            .sums
            .iter()
            .filter(|sum| touches(sum))
            .flat_map(sum_cells)
            .filter(|&cell| matches!(published[cell], Published::Count(count) if count > 0))
            .min_by_key(|&cell| (counts[cell], cell))
    };
    let beside = |sum: &Sum| sum_cells(sum).any(|cell| cell == exposed);
    smallest_in(&|sum| sum.exact && beside(sum))
        .or_else(|| smallest_in(&beside))
        .or_else(|| {
            let component: BTreeSet<usize> = hidden_components(structure, published)
                .into_iter()
                .find(|component| component.contains(&exposed))
                .unwrap_or_default()
                .into_iter()
                .collect();
            smallest_in(&|sum| sum_cells(sum).any(|cell| component.contains(&cell)))
        })
}

/// Hides the published zeros of the sums that contain `exposed`; false when there were none.
fn hide_zeros_beside(structure: &Structure, published: &mut [Published], exposed: usize) -> bool {
    let zeros: Vec<usize> = structure
        .sums
        .iter()
        .filter(|sum| sum_cells(sum).any(|cell| cell == exposed))
        .flat_map(sum_cells)
        .filter(|&cell| published[cell] == Published::Count(0))
        .collect();
    for &cell in &zeros {
        published[cell] = Published::Hidden(Reason::Unverified);
    }
    if zeros.is_empty() {
        published[exposed] = Published::Hidden(Reason::Unverified);
    }
    !zeros.is_empty()
}

fn sum_cells(sum: &Sum) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(sum.total.0).chain(sum.parts.iter().map(|part| part.0))
}

/// Hidden cells grouped by the sums that tie them, each group sorted; groups in order of their
/// smallest cell. Cells in different groups share no sum, so each group can be checked alone.
fn hidden_components(structure: &Structure, published: &[Published]) -> Vec<Vec<usize>> {
    let hidden = |cell: usize| matches!(published[cell], Published::Hidden(_));
    let mut parent: Vec<usize> = (0..structure.cells).collect();
    fn root(parent: &mut [usize], mut cell: usize) -> usize {
        while parent[cell] != cell {
            parent[cell] = parent[parent[cell]];
            cell = parent[cell];
        }
        cell
    }
    for sum in &structure.sums {
        let mut members = sum_cells(sum).filter(|&cell| hidden(cell));
        if let Some(first) = members.next() {
            for other in members {
                let (a, b) = (root(&mut parent, first), root(&mut parent, other));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for cell in (0..structure.cells).filter(|&cell| hidden(cell)) {
        let group = root(&mut parent, cell);
        groups.entry(group).or_default().push(cell);
    }
    groups.into_values().collect()
}

/// The attacker's integer program for one group of hidden cells: one variable per hidden cell with
/// the bounds its label reveals, one equation per sum that holds a hidden cell of the group.
struct Model {
    bounds: Vec<(i32, i32)>,
    equations: Vec<Equation>,
}

/// Terms (weights by position), the comparison, and the right-hand side.
type Equation = (Vec<(usize, f64)>, ComparisonOp, f64);

impl Model {
    fn of(
        structure: &Structure,
        published: &[Published],
        rules: &Rules,
        component: &[usize],
    ) -> Model {
        let position = |cell: usize| component.binary_search(&cell).ok();
        let small_limit = i32::try_from(rules.minimum.saturating_sub(1)).unwrap_or(NO_LIMIT);
        let bounds = component
            .iter()
            .map(|&cell| match published[cell] {
                Published::Hidden(Reason::SmallCount) => (i32::from(rules.show_zeros), small_limit),
                Published::Hidden(Reason::Complementary) => (small_limit + 1, NO_LIMIT),
                // Unverified cells may hold anything, zero included.
                _ => (0, NO_LIMIT),
            })
            .collect();
        let mut equations = Vec::new();
        for sum in &structure.sums {
            // total - sum(parts) = 0 (or >= 0), with the published counts moved to the right.
            let signed = std::iter::once((sum.total.0, 1.0))
                .chain(sum.parts.iter().map(|part| (part.0, -1.0)));
            let mut terms = Vec::new();
            let mut constant = 0.0;
            for (cell, sign) in signed {
                match (published[cell], position(cell)) {
                    (Published::Count(count), _) => constant -= sign * count as f64,
                    (Published::Hidden(_), Some(index)) => terms.push((index, sign)),
                    // A hidden cell of another group cannot share a sum with this one.
                    (Published::Hidden(_), None) => {}
                }
            }
            if !terms.is_empty() {
                let comparison = if sum.exact {
                    ComparisonOp::Eq
                } else {
                    ComparisonOp::Ge
                };
                equations.push((terms, comparison, constant));
            }
        }
        Model { bounds, equations }
    }

    /// The smallest and largest value of the variable at `position`; `None` when a solve failed.
    fn range(&self, position: usize) -> Option<Range> {
        let lowest = self.extreme(position, OptimizationDirection::Minimize)?;
        let highest = self.extreme(position, OptimizationDirection::Maximize)?;
        let lowest = u64::try_from(lowest).ok()?;
        let highest = (highest < i64::from(NO_LIMIT))
            .then(|| u64::try_from(highest).ok())
            .flatten();
        Some(Range { lowest, highest })
    }

    fn extreme(&self, position: usize, direction: OptimizationDirection) -> Option<i64> {
        self.solve(&[(position, 1.0)], direction)
            .map(|values| values[position])
    }

    /// An optimal whole-number assignment for `objective` (weights by position); `None` when the
    /// solve failed or ran out of time.
    fn solve(
        &self,
        objective: &[(usize, f64)],
        direction: OptimizationDirection,
    ) -> Option<Vec<i64>> {
        let mut problem = Problem::new(direction);
        problem.set_time_limit(SOLVE_TIME_LIMIT);
        let variables: Vec<_> = self
            .bounds
            .iter()
            .enumerate()
            .map(|(index, &bounds)| {
                let weight = objective
                    .iter()
                    .find(|&&(position, _)| position == index)
                    .map_or(0.0, |&(_, weight)| weight);
                problem.add_integer_var(weight, bounds)
            })
            .collect();
        for (terms, comparison, constant) in &self.equations {
            let expression: Vec<_> = terms
                .iter()
                .map(|&(index, sign)| (variables[index], sign))
                .collect();
            problem.add_constraint(expression.as_slice(), *comparison, *constant);
        }
        let solution = problem.solve().ok()?.into_solution().ok()?;
        if solution.status() != microlp::SolutionStatus::Optimal {
            return None;
        }
        Some(
            variables
                .iter()
                .map(|&variable| solution.var_value(variable).round() as i64)
                .collect(),
        )
    }
}

/// A percentage as published: hidden when its numerator or denominator is, or the denominator is
/// under the minimum; otherwise rounded to a whole percent and top- or bottom-coded by denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Percent {
    Hidden,
    /// Whole percent.
    About(u8),
    /// "<=N%".
    AtMost(u8),
    /// ">=N%".
    AtLeast(u8),
}

/// The coding band for a denominator (LAW.md): how close to 0 or 100 a percentage may be shown.
fn coding_band(denominator: u64) -> u8 {
    match denominator {
        300.. => 1,
        100..=299 => 2,
        40..=99 => 5,
        20..=39 => 10,
        _ => 20,
    }
}

pub fn percent(numerator: Published, denominator: Published, rules: &Rules) -> Percent {
    let (Some(numerator), Some(denominator)) = (numerator.count(), denominator.count()) else {
        return Percent::Hidden;
    };
    if denominator < rules.minimum || denominator == 0 || numerator > denominator {
        return Percent::Hidden;
    }
    let band = coding_band(denominator);
    let share = numerator as f64 * 100.0 / denominator as f64;
    if share <= f64::from(band) {
        Percent::AtMost(band)
    } else if share >= f64::from(100 - band) {
        Percent::AtLeast(100 - band)
    } else {
        // The share lies strictly between band and 100 - band, so it fits a u8.
        Percent::About(share.round() as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn shown(suppressed: &Suppressed, cell: Cell) -> Option<u64> {
        suppressed.get(cell).count()
    }

    #[test]
    fn small_counts_are_hidden_and_zeros_shown() {
        let mut release = Release::new();
        let table = release.table(&[vec![0, 25, 30], vec![12, 40, 33]]);
        let public = suppress(&release, &Rules::default());
        assert_eq!(shown(&public, table.cells[0][0]), Some(0));
        assert_eq!(shown(&public, table.total), Some(140));
        assert!(public.cells().iter().all(|cell| cell.count().is_some()));
    }

    #[test]
    fn a_lone_small_count_in_a_row_takes_a_partner() {
        let mut release = Release::new();
        let table = release.table(&[vec![3, 25, 30], vec![12, 40, 33]]);
        let public = suppress(&release, &Rules::default());
        assert_eq!(
            public.get(table.cells[0][0]),
            Published::Hidden(Reason::SmallCount)
        );
        let hidden = public
            .cells()
            .iter()
            .filter(|cell| **cell == Published::Hidden(Reason::Complementary))
            .count();
        assert!(
            hidden >= 3,
            "a row partner, a column partner and the corner"
        );
        assert_no_exact_recovery(&release, &public);
    }

    #[test]
    fn two_small_counts_that_must_add_to_eighteen_are_protected() {
        // A reader who sees "N<10, N<10, total 18" knows both are 9.
        let mut release = Release::new();
        let list = release.table(&[vec![9, 9]]);
        let public = suppress(&release, &Rules::default());
        assert_eq!(shown(&public, list.total), None);
        assert_no_exact_recovery(&release, &public);
    }

    #[test]
    fn schools_cannot_be_subtracted_from_the_district() {
        let mut release = Release::new();
        let north = release.table(&[vec![4, 20], vec![15, 22]]);
        let south = release.table(&[vec![30, 11], vec![16, 19]]);
        let district = release.table(&[vec![34, 31], vec![31, 41]]);
        release
            .tables_add_up(&district, &[&north, &south])
            .expect("the schools add up to the district");
        let public = suppress(&release, &Rules::default());
        assert_eq!(shown(&public, north.cells[0][0]), None);
        assert_no_exact_recovery(&release, &public);
    }

    #[test]
    fn a_bound_by_a_small_count_is_part_of_what_a_reader_knows() {
        // Students in a row: 9 (hidden); of them, arrested: 9 (hidden). With the row's other school
        // published, a reader would pin the students, and so the bound pins nothing more; the check
        // must still see both hidden cells as one problem.
        let mut release = Release::new();
        let students = release.table(&[vec![9, 30]]);
        let arrested = release.table(&[vec![9, 12]]);
        for (&part, &whole) in arrested.cells[0].iter().zip(&students.cells[0]) {
            release
                .at_most(part, whole)
                .expect("arrests are among the students");
        }
        let public = suppress(&release, &Rules::default());
        assert_no_exact_recovery(&release, &public);
        let mut bad = Release::new();
        let (few, many) = (bad.cell(3), bad.cell(5));
        assert!(bad.at_most(many, few).is_err());
    }

    #[test]
    fn sums_that_do_not_hold_are_refused() {
        let mut release = Release::new();
        let a = release.cell(3);
        let b = release.cell(4);
        let total = release.cell(8);
        assert!(release.add_sum(total, &[a, b]).is_err());
    }

    #[test]
    fn percentages_are_top_and_bottom_coded_by_denominator() {
        let rules = Rules::default();
        let count = Published::Count;
        assert_eq!(percent(count(1), count(400), &rules), Percent::AtMost(1));
        assert_eq!(
            percent(count(398), count(400), &rules),
            Percent::AtLeast(99)
        );
        assert_eq!(percent(count(50), count(100), &rules), Percent::About(50));
        assert_eq!(percent(count(2), count(30), &rules), Percent::AtMost(10));
        assert_eq!(percent(count(17), count(19), &rules), Percent::AtLeast(80));
        assert_eq!(percent(count(10), count(19), &rules), Percent::About(53));
        assert_eq!(percent(count(3), count(9), &rules), Percent::Hidden);
        assert_eq!(
            percent(Published::Hidden(Reason::SmallCount), count(90), &rules),
            Percent::Hidden
        );
    }

    /// Every hidden cell keeps at least two possible values for a reader with the publication.
    fn assert_no_exact_recovery(release: &Release, public: &Suppressed) {
        let rules = Rules::default();
        let from_publication = Suppressed::from_cells(public.cells().to_vec());
        let ranges = attacker_ranges(release.structure(), &from_publication, &rules);
        for (cell, range) in ranges.iter().enumerate() {
            if let Some(range) = range {
                assert!(!range.is_exact(), "cell {cell} is recoverable: {range:?}");
                let truth = release.counts[cell];
                assert!(range.lowest <= truth && range.highest.is_none_or(|high| truth <= high));
            }
        }
        for cell in public.cells() {
            if let Published::Count(count) = cell {
                assert!(*count == 0 || *count >= rules.minimum);
            }
        }
    }

    /// Brute force, independent of the solver: every assignment of the hidden interior cells of one
    /// table that agrees with everything published (labels of the cells, rows, columns and total).
    fn feasible_assignments(
        rows: &[Vec<u64>],
        table: &Table,
        public: &Suppressed,
    ) -> Vec<Vec<u64>> {
        let columns = rows[0].len();
        let interior: Vec<Cell> = table.cells.iter().flatten().copied().collect();
        // Each line of the table: its cells (by interior index) and the label of its total.
        let mut lines: Vec<(Vec<usize>, Published)> = Vec::new();
        for (r, &total) in table.row_totals.iter().enumerate() {
            lines.push((
                (r * columns..(r + 1) * columns).collect(),
                public.get(total),
            ));
        }
        for (c, &total) in table.column_totals.iter().enumerate() {
            lines.push((
                (0..rows.len()).map(|r| r * columns + c).collect(),
                public.get(total),
            ));
        }
        lines.push(((0..interior.len()).collect(), public.get(table.total)));
        let limit = rows.iter().flatten().sum::<u64>() + 10;
        let mut search = Search {
            labels: interior.iter().map(|&cell| public.get(cell)).collect(),
            lines,
            limit,
            values: vec![0; interior.len()],
            found: Vec::new(),
        };
        search.walk(0);
        search.found
    }

    fn label_allows(label: Published, value: u64) -> bool {
        match label {
            Published::Count(count) => count == value,
            Published::Hidden(Reason::SmallCount) => (1..10).contains(&value),
            Published::Hidden(Reason::Complementary) => value >= 10,
            Published::Hidden(Reason::Unverified) => true,
        }
    }

    struct Search {
        labels: Vec<Published>,
        lines: Vec<(Vec<usize>, Published)>,
        limit: u64,
        values: Vec<u64>,
        found: Vec<Vec<u64>>,
    }

    impl Search {
        /// Assigns cell `next` onwards (row-major), pruning any line whose assigned cells already
        /// exceed a published total or whose finished sum its label refuses.
        fn walk(&mut self, next: usize) {
            let consistent = self.lines.iter().all(|(cells, label)| {
                let sum: u64 = cells
                    .iter()
                    .filter(|&&i| i < next)
                    .map(|&i| self.values[i])
                    .sum();
                if cells.iter().all(|&i| i < next) {
                    label_allows(*label, sum)
                } else {
                    label.count().is_none_or(|total| sum <= total)
                }
            });
            if !consistent {
                return;
            }
            if next == self.values.len() {
                self.found.push(self.values.clone());
                return;
            }
            for value in 0..=self.limit {
                if label_allows(self.labels[next], value) {
                    self.values[next] = value;
                    self.walk(next + 1);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// On small tables the brute force agrees: every hidden interior cell takes at least two
        /// values among the assignments consistent with the publication, and the truth is one.
        #[test]
        fn no_hidden_cell_of_a_small_table_is_recoverable(
            rows in (1usize..=2, 2usize..=3).prop_flat_map(|(r, c)| {
                prop::collection::vec(prop::collection::vec(prop_oneof![0u64..4, 0u64..14], c), r)
            })
        ) {
            let mut release = Release::new();
            let table = release.table(&rows);
            let public = suppress(&release, &Rules::default());
            let assignments = feasible_assignments(&rows, &table, &public);
            let truth: Vec<u64> = rows.iter().flatten().copied().collect();
            prop_assert!(assignments.contains(&truth));
            for (index, cell) in table.cells.iter().flatten().enumerate() {
                if public.get(*cell).count().is_none() {
                    let first = assignments[0][index];
                    prop_assert!(
                        assignments.iter().any(|values| values[index] != first),
                        "interior cell {index} is recoverable from {:?}", public
                    );
                }
            }
            assert_no_exact_recovery(&release, &public);
        }

        /// Schools linked to the district: the attacker's integer program never pins a hidden cell,
        /// and no count from 1 to 9 is published.
        #[test]
        fn linked_school_tables_leak_nothing(
            schools in prop::collection::vec(
                prop::collection::vec(prop::collection::vec(prop_oneof![0u64..6, 0u64..40], 3), 3),
                2..=4,
            )
        ) {
            let mut release = Release::new();
            let tables: Vec<Table> = schools.iter().map(|rows| release.table(rows)).collect();
            let district_rows: Vec<Vec<u64>> = (0..3)
                .map(|r| (0..3).map(|c| schools.iter().map(|rows| rows[r][c]).sum()).collect())
                .collect();
            let district = release.table(&district_rows);
            let parts: Vec<&Table> = tables.iter().collect();
            release.tables_add_up(&district, &parts).expect("schools add up");
            let public = suppress(&release, &Rules::default());
            assert_no_exact_recovery(&release, &public);
        }
    }
}
