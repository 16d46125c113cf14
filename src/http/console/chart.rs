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
    pub labels: Vec<Label>,
    /// The tallest value, printed at the top of the axis.
    pub max_label: String,
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 200.0;
const AXIS: f64 = 20.0;
/// At most this many category labels, so they do not overlap.
const MAX_LABELS: usize = 12;

impl BarChart {
    /// One group of bars per category, one bar per series value; `unit` follows each value.
    pub fn grouped(categories: &[(String, Vec<f64>)], unit: &str) -> Self {
        let max = categories.iter().flat_map(|(_, values)| values.iter().copied()).fold(0.0_f64, f64::max);
        let scale = if max > 0.0 { (HEIGHT - AXIS - 10.0) / max } else { 0.0 };
        let series = categories.first().map_or(1, |(_, v)| v.len().max(1));
        let slot = WIDTH / categories.len().max(1) as f64;
        let bar_width = (slot * 0.8 / series as f64).clamp(1.0, 40.0);
        let every = categories.len().div_ceil(MAX_LABELS).max(1);
        let mut bars = Vec::new();
        let mut labels = Vec::new();
        for (n, (category, values)) in categories.iter().enumerate() {
            let left = n as f64 * slot + slot * 0.1;
            for (s, value) in values.iter().enumerate() {
                let height = value * scale;
                bars.push(Bar {
                    x: left + s as f64 * bar_width,
                    y: HEIGHT - AXIS - height,
                    width: bar_width,
                    height,
                    series: s,
                    title: format!("{category}: {}{unit}", trim(*value)),
                });
            }
            if n % every == 0 {
                labels.push(Label { x: left, y: HEIGHT - 5.0, text: category.clone() });
            }
        }
        Self { width: WIDTH, height: HEIGHT, bars, labels, max_label: format!("{}{unit}", trim(max)) }
    }
}

fn trim(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.1}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_tallest_and_sit_on_the_axis() {
        let chart = BarChart::grouped(&[("mon".into(), vec![10.0, 5.0]), ("tue".into(), vec![0.0, 2.5])], "");
        assert_eq!(chart.bars.len(), 4);
        let tallest = &chart.bars[0];
        assert!((tallest.y - 10.0).abs() < 1e-9, "the tallest reaches the top margin");
        for bar in &chart.bars {
            assert!((bar.y + bar.height - (HEIGHT - AXIS)).abs() < 1e-9);
        }
        assert_eq!(chart.bars[1].height * 2.0, tallest.height);
        assert_eq!(chart.bars[3].title, "tue: 2.5");
        assert_eq!(chart.max_label, "10");
    }

    #[test]
    fn no_data_draws_nothing_tall() {
        let chart = BarChart::grouped(&[], "s");
        assert!(chart.bars.is_empty());
        assert_eq!(chart.max_label, "0s");
    }
}
