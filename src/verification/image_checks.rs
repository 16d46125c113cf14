//! Image measurements for the pre-check: sharpness (variance of the Laplacian) and a perceptual
//! hash (dHash) that stays the same under re-encoding, scaling and small edits, for near-duplicate
//! detection across providers.

use image::imageops::{self, FilterType};
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

/// 64-bit difference hash: shrink to 9×8, one bit per horizontal neighbour pair (left brighter).
pub fn dhash(image: &GrayImage) -> u64 {
    let small = imageops::resize(image, 9, 8, FilterType::Triangle);
    let mut hash = 0u64;
    for y in 0..8 {
        for x in 0..8 {
            hash = (hash << 1) | u64::from(small.get_pixel(x, y)[0] > small.get_pixel(x + 1, y)[0]);
        }
    }
    hash
}

/// Bits that differ between two hashes; near-duplicates differ in a handful.
pub fn hash_distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

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

    #[test]
    fn dhash_finds_near_duplicates_and_tells_documents_apart() {
        let original = page(3);
        let rescaled = imageops::resize(&original, 300, 225, FilterType::Lanczos3);
        let brightened = GrayImage::from_fn(400, 300, |x, y| {
            Luma([original.get_pixel(x, y)[0].saturating_add(10)])
        });
        let other = page(7);
        let h = dhash(&original);
        assert!(hash_distance(h, dhash(&rescaled)) <= 6, "rescaled copy");
        assert!(hash_distance(h, dhash(&brightened)) <= 6, "brightened copy");
        assert!(hash_distance(h, dhash(&other)) > 12, "a different page");
    }
}
