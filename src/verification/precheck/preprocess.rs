//! Turns a decoded page into what Tesseract reads best: grey, about 300 DPI, even lighting and
//! contrast, black text on white, and upright within a few degrees.

use fast_image_resize as fir;
use image::{GrayImage, Luma};
use imageproc::contrast::{otsu_level, threshold_mut, ThresholdType};
use imageproc::region_labelling::Connectivity;

/// The resolution Tesseract is trained around.
pub const TARGET_DPI: f32 = 300.0;
/// The long side of an A4 page, in inches: submitted certificates are A4 scans or photos of one.
const A4_LONG_SIDE_INCHES: f32 = 11.69;
/// Resolutions in this range are read as they are; resampling would cost time and sharpness.
const DPI_KEPT: std::ops::RangeInclusive<f32> = 250.0..=400.0;
/// Skews searched, in degrees; larger rotations are a wrong orientation, not a skew.
const MAX_SKEW_DEGREES: f32 = 6.0;

/// Noise (grey levels, standard deviation) above which the page is smoothed (5×5 mean), binarised
/// at a stricter level and cleared of specks; below it that would only cost time. Clean scans and
/// phone photos measure under 4, grainy scans and faxes well over 10.
const MAX_QUIET_NOISE: f64 = 8.0;

/// Black blobs this small (pixels, 8-connected, at about 300 DPI) on a noisy page are noise: a
/// full stop in 9 pt type is about 20. Left in, thousands of them become one-pixel "words" on
/// which Tesseract's paragraph detection takes minutes (it is quadratic in words per line).
const MAX_SPECK_AREA: u32 = 8;

pub struct Prepared {
    pub image: GrayImage,
    /// The resolution the page was brought to (assuming it shows an A4 page).
    pub dpi: i32,
    /// Prepared pixels per original pixel.
    pub scale: f32,
    /// The clockwise skew found in the original and removed, in degrees.
    pub skew_degrees: f32,
}

impl Prepared {
    /// Maps a point of the prepared image back to the original image.
    pub fn to_original(&self, x: f32, y: f32) -> (f32, f32) {
        let (w, h) = (self.image.width() as f32, self.image.height() as f32);
        let (cx, cy) = (w / 2.0, h / 2.0);
        // The prepared page was rotated by -skew about its centre; rotate back by +skew.
        let t = self.skew_degrees.to_radians();
        let (dx, dy) = (x - cx, y - cy);
        let (rx, ry) = (
            cx + dx * t.cos() - dy * t.sin(),
            cy + dx * t.sin() + dy * t.cos(),
        );
        (rx / self.scale, ry / self.scale)
    }
}

pub fn prepare(page: &GrayImage) -> Prepared {
    let (w, h) = page.dimensions();
    let estimated_dpi = w.max(h) as f32 / A4_LONG_SIDE_INCHES;
    let scale = if DPI_KEPT.contains(&estimated_dpi) {
        1.0
    } else {
        (TARGET_DPI / estimated_dpi).clamp(0.25, 4.0)
    };
    let mut image = if scale == 1.0 {
        page.clone()
    } else {
        // Bilinear: a sharper filter costs more and Tesseract reads no better.
        resized(
            page,
            scaled(w, scale),
            scaled(h, scale),
            fir::FilterType::Bilinear,
        )
    };
    let noisy = noise_sigma(&image) > MAX_QUIET_NOISE;
    if noisy {
        image = imageproc::filter::box_filter(&image, 2, 2);
    }
    flatten_illumination(&mut image);
    stretch_contrast(&mut image);
    let level = otsu_level(&image);
    // On a noisy page Otsu's level sits in the noise's tail; text is far darker than that.
    let level = if noisy {
        (level as u16 * 3 / 4) as u8
    } else {
        level
    };
    threshold_mut(&mut image, level, ThresholdType::Binary);
    if noisy {
        remove_specks(&mut image, MAX_SPECK_AREA);
    }
    let skew_degrees = estimate_skew(&image);
    if skew_degrees.abs() >= 0.2 {
        image = rotate_binary(&image, -skew_degrees);
    }
    Prepared {
        image,
        dpi: (estimated_dpi * scale).round() as i32,
        scale,
        skew_degrees,
    }
}

/// Whitens every black blob of at most `max_area` pixels.
fn remove_specks(image: &mut GrayImage, max_area: u32) {
    let labels = imageproc::region_labelling::connected_components(
        &*image,
        Connectivity::Eight,
        Luma([255u8]),
    );
    let mut areas: Vec<u32> = Vec::new();
    for label in labels.pixels() {
        let label = label[0] as usize;
        if label >= areas.len() {
            areas.resize(label + 1, 0);
        }
        areas[label] += 1;
    }
    for (pixel, label) in image.pixels_mut().zip(labels.pixels()) {
        let label = label[0] as usize;
        if label != 0 && areas[label] <= max_area {
            *pixel = Luma([255]);
        }
    }
}

/// The image at another size, through fast_image_resize (SIMD): `image`'s own resizing takes
/// several times as long on a 300 DPI page. `Box` averages areas, for thumbnails.
pub fn resized(image: &GrayImage, width: u32, height: u32, filter: fir::FilterType) -> GrayImage {
    let (width, height) = (width.max(1), height.max(1));
    let source = fir::images::ImageRef::new(
        image.width(),
        image.height(),
        image.as_raw(),
        fir::PixelType::U8,
    )
    .expect("a GrayImage's buffer matches its size");
    let mut target = fir::images::Image::new(width, height, fir::PixelType::U8);
    fir::Resizer::new()
        .resize(
            &source,
            &mut target,
            &fir::ResizeOptions::new().resize_alg(fir::ResizeAlg::Convolution(filter)),
        )
        .expect("source and target are both U8");
    GrayImage::from_raw(width, height, target.into_vec())
        .expect("the target's buffer matches its size")
}

fn scaled(n: u32, scale: f32) -> u32 {
    ((n as f32 * scale).round() as u32).max(1)
}

/// The image noise's standard deviation by Immerkær's method ("Fast Noise Variance Estimation",
/// 1996): the mean absolute response to a mask that cancels edges and smooth shading but not
/// noise. Sampled on every fourth row, which is plenty.
fn noise_sigma(image: &GrayImage) -> f64 {
    let (w, h) = image.dimensions();
    if w < 3 || h < 3 {
        return 0.0;
    }
    let px = |x: u32, y: u32| i32::from(image.get_pixel(x, y)[0]);
    let (mut sum, mut n) = (0u64, 0u64);
    for y in (1..h - 1).step_by(4) {
        for x in 1..w - 1 {
            let v = px(x - 1, y - 1) - 2 * px(x, y - 1) + px(x + 1, y - 1) - 2 * px(x - 1, y)
                + 4 * px(x, y)
                - 2 * px(x + 1, y)
                + px(x - 1, y + 1)
                - 2 * px(x, y + 1)
                + px(x + 1, y + 1);
            sum += u64::from(v.unsigned_abs());
            n += 1;
        }
    }
    (std::f64::consts::PI / 2.0).sqrt() * sum as f64 / (6.0 * n as f64)
}

/// Divides each pixel by the local paper brightness, so shadows and uneven light (photos) become
/// white paper again. The paper is estimated at 1/8 resolution: the brightest value nearby (which
/// skips over text strokes), smoothed.
fn flatten_illumination(image: &mut GrayImage) {
    const FACTOR: u32 = 8;
    let (w, h) = image.dimensions();
    let small = resized(
        image,
        (w / FACTOR).max(1),
        (h / FACTOR).max(1),
        fir::FilterType::Box,
    );
    let paper = imageproc::filter::box_filter(&max_filter(&small, 4), 4, 4);
    let (sw, sh) = paper.dimensions();
    // The paper estimate is smooth, so each pixel takes its block's value (no interpolation).
    // Per block a 16.16 fixed-point factor 255/paper replaces a division per pixel.
    let factors: Vec<u32> = paper
        .pixels()
        .map(|p| (255 << 16) / u32::from(p[0]).max(1))
        .collect();
    let block_of_x: Vec<usize> = (0..w).map(|x| (x * sw / w).min(sw - 1) as usize).collect();
    for (y, row) in image.as_mut().chunks_exact_mut(w as usize).enumerate() {
        let block_row =
            &factors[(y as u32 * sh / h).min(sh - 1) as usize * sw as usize..][..sw as usize];
        for (pixel, &block) in row.iter_mut().zip(&block_of_x) {
            *pixel = ((u32::from(*pixel) * block_row[block]) >> 16).min(255) as u8;
        }
    }
}

/// Turns a black-and-white page clockwise by `degrees` about its centre, each output pixel
/// taking the nearest source pixel (which keeps it black and white); the corners fill white.
fn rotate_binary(image: &GrayImage, degrees: f32) -> GrayImage {
    const ONE: f64 = (1u64 << 16) as f64;
    let (w, h) = image.dimensions();
    let (sin, cos) = f64::from(degrees).to_radians().sin_cos();
    let (cx, cy) = (f64::from(w) / 2.0, f64::from(h) / 2.0);
    let source = image.as_raw();
    let mut out = GrayImage::from_pixel(w, h, Luma([255]));
    // Source coordinates in 16.16 fixed point, stepped along each row.
    let (step_x, step_y) = ((cos * ONE) as i64, (-sin * ONE) as i64);
    let (limit_x, limit_y) = (i64::from(w) << 16, i64::from(h) << 16);
    for (y, row) in out.as_mut().chunks_exact_mut(w as usize).enumerate() {
        let dy = y as f64 + 0.5 - cy;
        // Output (x, y) shows source point R(-degrees)·(x, y).
        let mut sx = ((-cx * cos + dy * sin + cx) * ONE) as i64;
        let mut sy = ((cx * sin + dy * cos + cy) * ONE) as i64;
        for pixel in row {
            if (0..limit_x).contains(&sx) && (0..limit_y).contains(&sy) {
                *pixel = source[(sy >> 16) as usize * w as usize + (sx >> 16) as usize];
            }
            sx += step_x;
            sy += step_y;
        }
    }
    out
}

/// Each pixel becomes the largest value within `radius` (separably: rows, then columns).
fn max_filter(image: &GrayImage, radius: u32) -> GrayImage {
    let (w, h) = image.dimensions();
    let pass = |src: &GrayImage, horizontal: bool| {
        GrayImage::from_fn(w, h, |x, y| {
            let (pos, len) = if horizontal { (x, w) } else { (y, h) };
            let range = pos.saturating_sub(radius)..=(pos + radius).min(len - 1);
            let max = range
                .map(|p| {
                    if horizontal {
                        src.get_pixel(p, y)[0]
                    } else {
                        src.get_pixel(x, p)[0]
                    }
                })
                .max();
            Luma([max.unwrap_or(255)])
        })
    };
    pass(&pass(image, true), false)
}

/// Maps the 1st–99.5th percentile of brightness onto the full range.
fn stretch_contrast(image: &mut GrayImage) {
    let mut histogram = [0u64; 256];
    for p in image.pixels() {
        histogram[usize::from(p[0])] += 1;
    }
    let total = u64::from(image.width()) * u64::from(image.height());
    let percentile = |share: f64| {
        let target = (total as f64 * share) as u64;
        let mut seen = 0;
        histogram.iter().position(|&n| {
            seen += n;
            seen > target
        })
    };
    let (low, high) = (
        percentile(0.01).unwrap_or(0) as u8,
        percentile(0.995).unwrap_or(255) as u8,
    );
    if high > low.saturating_add(16) {
        imageproc::contrast::stretch_contrast_mut(image, low, high, 0, 255);
    }
}

/// The page's clockwise skew in degrees: the angle at which rows of text line up best, i.e. at
/// which the projection of the dark pixels onto the vertical axis is most peaked. Measured on
/// every `step`-th pixel of every `step`-th row (about 800 across), coarse then fine.
pub fn estimate_skew(image: &GrayImage) -> f32 {
    let step = (image.width() / 800).max(1);
    let level = otsu_level(image);
    let small = (image.width().div_ceil(step), image.height().div_ceil(step));
    let dark: Vec<(f32, f32)> = (0..image.height())
        .step_by(step as usize)
        .flat_map(|y| {
            (0..image.width())
                .step_by(step as usize)
                .map(move |x| (x, y))
        })
        // At or below Otsu's level, as `threshold_mut` blackens: on a page already black and
        // white the level is 0, and a strict `<` would find no text (and no skew) at all.
        .filter(|&(x, y)| image.get_pixel(x, y)[0] <= level)
        .map(|(x, y)| ((x / step) as f32, (y / step) as f32))
        .collect();
    if dark.len() < 100 {
        return 0.0;
    }
    let rows = small.1 as f32 + small.0 as f32 * MAX_SKEW_DEGREES.to_radians().tan() * 2.0 + 2.0;
    let peakedness = |degrees: f32| {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let offset = small.0 as f32 * MAX_SKEW_DEGREES.to_radians().tan() + 1.0;
        let mut bins = vec![0u32; rows as usize + 1];
        for &(x, y) in &dark {
            // The row a pixel lands on once the page is turned back by `degrees`.
            let row = (y * cos - x * sin + offset) as usize;
            if let Some(bin) = bins.get_mut(row) {
                *bin += 1;
            }
        }
        bins.iter()
            .map(|&n| u64::from(n) * u64::from(n))
            .sum::<u64>()
    };
    let best = |candidates: &mut dyn Iterator<Item = f32>| {
        candidates
            .map(|d| (d, peakedness(d)))
            .max_by_key(|&(_, score)| score)
            .map_or(0.0, |(d, _)| d)
    };
    let steps = (MAX_SKEW_DEGREES * 4.0) as i32;
    let coarse = best(&mut (-steps..=steps).map(|i| i as f32 * 0.25));
    best(&mut (-5..=5).map(|i| coarse + i as f32 * 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;
    use imageproc::geometric_transformations::{rotate_about_center, Interpolation};

    /// Rows of dark "words" on light, unevenly lit paper.
    fn page(width: u32, height: u32) -> GrayImage {
        GrayImage::from_fn(width, height, |x, y| {
            let shade = 255 - (x * 60 / width) as u8;
            let text = (y % 60) < 20
                && (x / 25) % 4 != 3
                && x > 50
                && x < width - 50
                && y > 60
                && y < height - 60;
            Luma([if text { 40 } else { shade }])
        })
    }

    #[test]
    fn skew_is_found_and_removed() {
        let original = page(1600, 1200);
        for degrees in [-3.0f32, 0.0, 2.0, 4.5] {
            let skewed = rotate_about_center(
                &original,
                degrees.to_radians(),
                Interpolation::Bilinear,
                Luma([255]),
            );
            let found = estimate_skew(&skewed);
            assert!(
                (found - degrees).abs() <= 0.2,
                "rotated {degrees}°, found {found}°"
            );
            let prepared = prepare(&skewed);
            assert!(
                estimate_skew(&prepared.image).abs() <= 0.2,
                "after deskewing {degrees}°"
            );
        }
    }

    #[test]
    fn scales_to_about_300_dpi_and_binarises() {
        // An A4 page at 100 DPI.
        let prepared = prepare(&page(827, 1169));
        assert!(
            (prepared.image.height() as f32 - 3508.0).abs() < 10.0,
            "{}",
            prepared.image.height()
        );
        assert!((295..=305).contains(&prepared.dpi), "{}", prepared.dpi);
        assert!(prepared.image.pixels().all(|p| p[0] == 0 || p[0] == 255));
        // The uneven lighting is gone: the paper on both sides ends up white.
        assert_eq!(prepared.image.get_pixel(10, 1500)[0], 255);
        assert_eq!(
            prepared.image.get_pixel(prepared.image.width() - 10, 1500)[0],
            255
        );
        // A page already at 300 DPI keeps its size.
        assert_eq!(prepare(&page(2480, 3508)).scale, 1.0);
    }

    #[test]
    fn noise_is_measured() {
        let clean = page(800, 600);
        let noisy = imageproc::noise::gaussian_noise(&clean, 0.0, 20.0, 7);
        let (quiet, loud) = (noise_sigma(&clean), noise_sigma(&noisy));
        assert!(quiet < 4.0, "clean page measured {quiet}");
        assert!((15.0..25.0).contains(&loud), "σ=20 noise measured {loud}");
    }

    #[test]
    fn points_map_back_to_the_original() {
        let original = page(1600, 1200);
        let skewed = rotate_about_center(
            &original,
            3f32.to_radians(),
            Interpolation::Bilinear,
            Luma([255]),
        );
        let prepared = prepare(&skewed);
        let (w, h) = (
            prepared.image.width() as f32,
            prepared.image.height() as f32,
        );
        let (x, y) = prepared.to_original(w / 2.0, h / 2.0);
        assert!(
            (x - 800.0).abs() < 2.0 && (y - 600.0).abs() < 2.0,
            "centre maps to ({x}, {y})"
        );
        // On a page read at its own size (about 280 DPI), a point 1000 px right of the deskewed
        // centre lies on the turned line in the original: lower, for a clockwise skew.
        let skewed = rotate_about_center(
            &page(3300, 2400),
            3f32.to_radians(),
            Interpolation::Bilinear,
            Luma([255]),
        );
        let prepared = prepare(&skewed);
        assert!(
            (prepared.skew_degrees - 3.0).abs() <= 0.2 && prepared.scale == 1.0,
            "skew {}",
            prepared.skew_degrees
        );
        let (x, y) = prepared.to_original(1650.0 + 1000.0, 1200.0);
        let t = 3f32.to_radians();
        let expected = (1650.0 + 1000.0 * t.cos(), 1200.0 + 1000.0 * t.sin());
        assert!(
            (x - expected.0).abs() < 5.0 && (y - expected.1).abs() < 5.0,
            "({x}, {y}), expected {expected:?}"
        );
    }
}
