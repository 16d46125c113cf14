//! Bar charts drawn on the server as SVG: the geometry is worked out here, the template draws it
//! (so every label is escaped like any other text).

pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// Which series, for its colour.
    pub series: usize,
    pub title: String,
}

pub struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

pub struct BarChart {
    pub width: f64,
    pub height: f64,
    pub bars: Vec<Bar>,
    /// The categories under the axis, thinned so they do not overlap.
    pub labels: Vec<Label>,
    /// The value scale: 0, half and the top, each with a grid line across.
    pub ticks: Vec<Label>,
    /// Where the plot starts and the axis lies.
    pub left: f64,
    pub axis_y: f64,
    /// What the axes measure; drawn only on full charts.
    pub x_title: String,
    pub y_title: String,
}

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 220.0;
/// Room for the scale on the left, the categories and the axis title below.
const LEFT: f64 = 52.0;
const BOTTOM: f64 = 34.0;
const TOP: f64 = 10.0;
/// Room on the right, so the last category's label is not cut off.
const RIGHT: f64 = 24.0;
/// At most this many category labels, so they do not overlap.
const MAX_LABELS: usize = 12;
const SPARK_WIDTH: f64 = 160.0;
const SPARK_HEIGHT: f64 = 24.0;

/// The top of the scale: the tallest value rounded up to 1, 2 or 5 times a power of ten.
fn scale_top(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|top| *top >= max - 1e-9)
        .unwrap_or(10.0 * power)
}

/// Bars in the box `[left, left + width] × [top, bottom]`, one group per category; a missing
/// value draws no bar.
fn bars(
    categories: &[(String, Vec<Option<f64>>)],
    unit: &str,
    left: f64,
    width: f64,
    top: f64,
    bottom: f64,
    max: f64,
) -> Vec<Bar> {
    let scale = (bottom - top) / max;
    let series = categories.first().map_or(1, |(_, v)| v.len().max(1));
    let slot = width / categories.len().max(1) as f64;
    let bar_width = (slot * 0.8 / series as f64).clamp(0.5, 40.0);
    let mut bars = Vec::new();
    for (n, (category, values)) in categories.iter().enumerate() {
        let start = left + n as f64 * slot + slot * 0.1;
        for (s, value) in values.iter().enumerate() {
            let Some(value) = value else { continue };
            let height = value * scale;
            bars.push(Bar {
                x: start + s as f64 * bar_width,
                y: bottom - height,
                width: bar_width,
                height,
                series: s,
                title: format!("{category}: {}{unit}", trim(*value)),
            });
        }
    }
    bars
}

fn tallest(categories: &[(String, Vec<Option<f64>>)]) -> f64 {
    categories
        .iter()
        .flat_map(|(_, values)| values.iter().flatten().copied())
        .fold(0.0_f64, f64::max)
}

impl BarChart {
    /// One group of bars per category, one bar per series value; `unit` follows each value.
    pub fn grouped(
        categories: &[(String, Vec<Option<f64>>)],
        unit: &str,
        x_title: &str,
        y_title: &str,
    ) -> Self {
        let top = scale_top(tallest(categories));
        let axis_y = HEIGHT - BOTTOM;
        let plot_width = WIDTH - LEFT - RIGHT;
        let slot = plot_width / categories.len().max(1) as f64;
        let every = categories.len().div_ceil(MAX_LABELS).max(1);
        let labels = categories
            .iter()
            .enumerate()
            .filter(|(n, _)| n % every == 0)
            .map(|(n, (category, _))| Label {
                x: LEFT + n as f64 * slot + slot * 0.1,
                y: axis_y + 12.0,
                text: category.clone(),
            })
            .collect();
        let ticks = [0.0, top / 2.0, top]
            .into_iter()
            // The unit is in the axis title; the scale shows numbers only.
            .map(|value| Label {
                x: LEFT - 4.0,
                y: axis_y - value / top * (axis_y - TOP),
                text: trim(value),
            })
            .collect();
        Self {
            width: WIDTH,
            height: HEIGHT,
            bars: bars(categories, unit, LEFT, plot_width, TOP, axis_y, top),
            labels,
            ticks,
            left: LEFT,
            axis_y,
            x_title: x_title.to_owned(),
            y_title: y_title.to_owned(),
        }
    }

    /// A row-sized chart with no axes, scaled to its own tallest value: one reviewer's output.
    pub fn sparkline(values: &[(String, f64)]) -> Self {
        let categories: Vec<(String, Vec<Option<f64>>)> = values
            .iter()
            .map(|(c, v)| (c.clone(), vec![Some(*v)]))
            .collect();
        let max = tallest(&categories).max(1.0);
        Self {
            width: SPARK_WIDTH,
            height: SPARK_HEIGHT,
            bars: bars(&categories, "", 0.0, SPARK_WIDTH, 1.0, SPARK_HEIGHT, max),
            labels: Vec::new(),
            ticks: Vec::new(),
            left: 0.0,
            axis_y: SPARK_HEIGHT,
            x_title: String::new(),
            y_title: String::new(),
        }
    }

    /// Where the axis titles go: under the plot's middle, and turned up the left edge.
    pub fn x_title_x(&self) -> f64 {
        (self.left + self.width) / 2.0
    }

    pub fn y_title_x(&self) -> f64 {
        -(TOP + self.axis_y) / 2.0
    }
}

/// A value with the decimals it needs (two at most).
fn trim(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_a_round_top_and_sit_on_the_axis() {
        let chart = BarChart::grouped(
            &[
                ("mon".into(), vec![Some(8.0), Some(4.0)]),
                ("tue".into(), vec![None, Some(2.5)]),
            ],
            "",
            "day",
            "items",
        );
        assert_eq!(chart.bars.len(), 3, "a missing value draws no bar");
        let tallest = &chart.bars[0];
        let ticks: Vec<&str> = chart.ticks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(ticks, ["0", "5", "10"], "8 rounds up to a top of 10");
        assert!(
            (tallest.y - (TOP + 0.2 * (chart.axis_y - TOP))).abs() < 1e-9,
            "8 of 10 reaches 80% up"
        );
        for bar in &chart.bars {
            assert!((bar.y + bar.height - chart.axis_y).abs() < 1e-9);
        }
        assert_eq!(chart.bars[1].height * 2.0, tallest.height);
        assert_eq!(chart.bars[2].title, "tue: 2.5");
        assert_eq!(chart.bars[2].series, 1);
    }

    #[test]
    fn scale_tops_are_round() {
        let tops: Vec<f64> = [0.0, 0.3, 1.0, 3.0, 7.0, 10.0, 11.0, 240.0]
            .into_iter()
            .map(scale_top)
            .collect();
        assert_eq!(tops, [1.0, 0.5, 1.0, 5.0, 10.0, 10.0, 20.0, 500.0]);
    }

    #[test]
    fn no_data_draws_nothing_tall() {
        let chart = BarChart::grouped(&[], "s", "", "");
        assert!(chart.bars.is_empty());
        assert_eq!(chart.ticks.last().map(|t| t.text.as_str()), Some("1"));
        let small = BarChart::grouped(&[("a".into(), vec![Some(0.04)])], " min", "", "");
        let ticks: Vec<&str> = small.ticks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            ticks,
            ["0", "0.03", "0.05"],
            "small values keep their decimals"
        );
        let spark = BarChart::sparkline(&[("a".into(), 0.0), ("b".into(), 3.0)]);
        assert_eq!(spark.bars[1].height, SPARK_HEIGHT - 1.0);
    }
}
