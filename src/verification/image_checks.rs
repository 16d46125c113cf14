//! Image measurements for the pre-check: sharpness (variance of the Laplacian). Near duplicates
//! are found by what was read on a page, not by a perceptual hash: every certificate printed on
//! the tax office's form hashes alike (see `precheck::checks::document_key`).

use image::GrayImage;

/// Variance of the 3×3 Laplacian over the image: low for blurry pages, high for sharp text.
pub fn laplacian_variance(image: &GrayImage) -> f64 {
    let (w, h) = image.dimensions();
    if w < 3 || h < 3 {
        return 0.0;
    }
    let px = |x: u32, y: u32| f64::from(image.get_pixel(x, y)[0]);
    let (mut sum, mut sum_sq, mut n) = (0.0, 0.0, 0.0);
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let v = px(x - 1, y) + px(x + 1, y) + px(x, y - 1) + px(x, y + 1) - 4.0 * px(x, y);
            sum += v;
            sum_sq += v * v;
            n += 1.0;
        }
    }
    let mean = sum / n;
    sum_sq / n - mean * mean
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{imageops, Luma};

    /// A page of dark "text" strokes in a pattern set by `seed`.
    fn page(seed: u32) -> GrayImage {
        GrayImage::from_fn(400, 300, |x, y| {
            let stroke =
                (x / 7 + y / 23 * seed).is_multiple_of(5) && (y % 23) < 12 && x > 20 && x < 380;
            Luma([if stroke { 20 } else { 240 }])
        })
    }

    #[test]
    fn blur_lowers_the_laplacian_variance() {
        let sharp = page(3);
        let blurred = imageops::blur(&sharp, 3.0);
        let flat = GrayImage::from_pixel(100, 100, Luma([200]));
        let (s, b) = (laplacian_variance(&sharp), laplacian_variance(&blurred));
        assert!(s > 20.0 * b, "sharp {s} vs blurred {b}");
        assert_eq!(laplacian_variance(&flat), 0.0);
        assert_eq!(laplacian_variance(&GrayImage::new(2, 2)), 0.0);
    }
}
