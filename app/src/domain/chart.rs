//! The geometry of a goal's progress chart: values over time scaled into an SVG box, with
//! axis ticks and the target line. Plain numbers in, plain coordinates out, so the chart is
//! drawn on the server (readable without JavaScript) and tested here.

/// The chart's drawing box, in SVG user units; the SVG scales to its container.
pub const WIDTH: f64 = 600.0;
pub const HEIGHT: f64 = 240.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// A point ready to draw, with what it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Plotted {
    pub x: f64,
    pub y: f64,
    pub day: i64,
    pub value: f64,
}

/// A labelled tick on an axis: its position and text.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub at: f64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub points: Vec<Plotted>,
    /// The y of the target line.
    pub target_y: f64,
    pub y_ticks: Vec<Tick>,
    /// Day numbers (days since 1970-01-01) placed on the x axis; labelled by the caller.
    pub x_ticks: Vec<(f64, i64)>,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Chart {
    /// Lays out `points` (day number, value) against `baseline` and `target`. The value
    /// axis always shows both, so the distance still to go is visible.
    pub fn new(points: &[(i64, f64)], baseline: f64, target: f64) -> Chart {
        let values = points.iter().map(|p| p.1).chain([baseline, target]);
        let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let (lo, hi, step) = nice_range(lo, hi);
        let first = points.iter().map(|p| p.0).min().unwrap_or(0);
        let last = points
            .iter()
            .map(|p| p.0)
            .max()
            .unwrap_or(first)
            .max(first + 1);
        let (left, right, top, bottom) = (LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM);
        let x = |day: i64| left + (day - first) as f64 / (last - first) as f64 * (right - left);
        let y = |v: f64| bottom - (v - lo) / (hi - lo) * (bottom - top);
        let mut y_ticks = Vec::new();
        let mut v = lo;
        while v <= hi + step / 2.0 {
            y_ticks.push(Tick {
                at: y(v),
                label: number_label(v),
            });
            v += step;
        }
        let span = last - first;
        let x_ticks = if points.len() <= 1 {
            vec![(x(first), first)]
        } else {
            let count = 4.min(span);
            let mut days: Vec<i64> = (0..=count).map(|i| first + span * i / count).collect();
            days.dedup();
            days.into_iter().map(|d| (x(d), d)).collect()
        };
        Chart {
            points: points
                .iter()
                .map(|&(day, value)| Plotted {
                    x: x(day),
                    y: y(value),
                    day,
                    value,
                })
                .collect(),
            target_y: y(target),
            y_ticks,
            x_ticks,
            left,
            right,
            top,
            bottom,
        }
    }

    /// The line through the points, as an SVG `points` attribute.
    pub fn polyline(&self) -> String {
        self.points
            .iter()
            .map(|p| format!("{:.1},{:.1}", p.x, p.y))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A range covering `lo..=hi` with round tick steps (1, 2 or 5 times a power of ten), about
/// four to six ticks.
fn nice_range(lo: f64, hi: f64) -> (f64, f64, f64) {
    let (lo, hi) = if hi - lo < 1e-9 {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

fn number_label(v: f64) -> String {
    let rounded = (v * 1000.0).round() / 1000.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_fill_the_box_and_higher_values_sit_higher() {
        let c = Chart::new(&[(100, 2.0), (107, 5.0), (114, 4.0)], 0.0, 10.0);
        assert_eq!(c.points[0].x, LEFT);
        assert_eq!(c.points[2].x, WIDTH - RIGHT);
        assert!(c.points[1].y < c.points[0].y, "5 is drawn above 2");
        assert!(
            c.target_y < c.points[1].y,
            "the target 10 is above every value"
        );
        assert_eq!(c.y_ticks.first().unwrap().label, "0");
        assert_eq!(c.y_ticks.last().unwrap().label, "10");
        assert_eq!(c.y_ticks.first().unwrap().at, HEIGHT - BOTTOM);
        assert_eq!(c.x_ticks.first().unwrap().1, 100);
        assert_eq!(c.x_ticks.last().unwrap().1, 114);
        assert_eq!(c.polyline().split(' ').count(), 3);
    }

    #[test]
    fn every_point_and_the_target_lie_inside_the_box() {
        let c = Chart::new(&[(1, -3.5), (2, 1_250.0)], 40.0, 0.0);
        for y in c.points.iter().map(|p| p.y).chain([c.target_y]) {
            assert!((TOP..=HEIGHT - BOTTOM).contains(&y), "{y}");
        }
    }

    #[test]
    fn one_point_or_a_flat_line_still_draws() {
        let c = Chart::new(&[(10, 3.0)], 3.0, 3.0);
        assert!(c.points[0].x.is_finite() && c.points[0].y.is_finite());
        assert_eq!(c.x_ticks.len(), 1);
        let empty = Chart::new(&[], 0.0, 5.0);
        assert!(empty.points.is_empty());
        assert!(empty.target_y.is_finite());
    }

    #[test]
    fn ticks_are_round_numbers() {
        assert_eq!(nice_range(0.0, 8.0), (0.0, 8.0, 2.0));
        assert_eq!(nice_range(0.0, 9.0), (0.0, 10.0, 2.0));
        assert_eq!(nice_range(3.0, 3.0), (2.0, 4.0, 0.5));
        assert_eq!(number_label(2.5), "2.5");
        assert_eq!(number_label(0.30000000000000004), "0.3");
    }
}
