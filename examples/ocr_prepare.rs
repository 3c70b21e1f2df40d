//! Developer aid for the OCR preparation of poor scans: prepares one page image the way the
//! pipeline does (`cargo run --release --example ocr_prepare -- IMAGE DPI [OUT.pgm]`; `OCR_PREPARE_SHORT=1` lists
//! the words of one or two characters), times
//! each step and Tesseract on the image as it is and as prepared, and writes the prepared PGM.

use std::time::Instant;

use kl_extract::input::ocr::{self, raster, Placement, THRESHOLDS};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = std::path::PathBuf::from(&args[0]);
    let dpi: f32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(150.0);
    let t = THRESHOLDS;
    let scale = 72.0 / dpi;
    let placement = Placement {
        x0: 0.0,
        top: 0.0,
        sx: scale,
        sy: scale,
    };
    let clock = Instant::now();
    let g = raster::Gray::open(&path).unwrap();
    println!("decode   {:>7.1} ms", ms(clock));
    let clock = Instant::now();
    let factor = (dpi / t.deskew_search_dpi).round().max(1.0) as usize;
    let skew = ocr::deskew::estimate(
        &g,
        factor,
        &ocr::deskew::Search {
            max_degrees: t.max_skew,
            coarse_step: t.deskew_coarse_step,
            fine_step: t.deskew_fine_step,
            min_ink: t.deskew_min_ink_px,
        },
    );
    println!("deskew   {:>7.1} ms  skew {skew:?}", ms(clock));
    let clock = Instant::now();
    let up = raster::resample(
        &g,
        t.upscale_to_dpi / dpi,
        -skew.unwrap_or(0.0).to_radians(),
    );
    println!("resample {:>7.1} ms  {}×{}", ms(clock), up.width, up.height);
    let clock = Instant::now();
    let window = ((t.binarise_window_in * t.upscale_to_dpi).round() as usize) | 1;
    let mut b = raster::sauvola(&up, window, t.binarise_k, t.binarise_range);
    println!("sauvola  {:>7.1} ms", ms(clock));
    let clock = Instant::now();
    let px = |pt: f32| (pt * t.upscale_to_dpi / 72.0).round() as usize;
    let specks = raster::despeckle(
        &mut b,
        px(t.speck_dust_pt),
        px(t.speck_max_pt),
        px(t.speck_reach_pt),
    );
    println!("specks   {:>7.1} ms  {} taken out", ms(clock), specks.len());
    let mut clean = up.clone();
    raster::whiten(&mut clean, &specks, 1);
    let clock = Instant::now();
    let rules = kl_extract::input::scan_rules::find_in(
        &up,
        0.0,
        placement,
        &kl_extract::input::scan_rules::THRESHOLDS,
    );
    println!(
        "rules    {:>7.1} ms  {} rules, {} fills (upscaled grey)",
        ms(clock),
        rules.rules.len(),
        rules.fills.len()
    );
    let up_placement = Placement {
        sx: scale * g.width as f32 / up.width as f32,
        sy: scale * g.height as f32 / up.height as f32,
        ..placement
    };
    let sr = kl_extract::input::scan_rules::THRESHOLDS;
    let show = |name: &str, rules: &[kl_extract::model::Rule]| {
        let long: Vec<String> = rules
            .iter()
            .take(6)
            .map(|r| {
                format!(
                    "{:.0},{:.0} {:.0}×{:.1}",
                    r.bbox.x0,
                    r.bbox.top,
                    r.bbox.width(),
                    r.bbox.height()
                )
            })
            .collect();
        println!("  {name}: {} rules {long:?}", rules.len());
    };
    show(
        "upscaled grey",
        &kl_extract::input::scan_rules::find_in(&up, 0.0, up_placement, &sr).rules,
    );
    show(
        "binarised",
        &kl_extract::input::scan_rules::find_in(&b, 0.0, up_placement, &sr).rules,
    );
    let straight = raster::resample(&g, 1.0, -skew.unwrap_or(0.0).to_radians());
    show(
        "as is, turned",
        &kl_extract::input::scan_rules::find_in(&straight, 0.0, placement, &sr).rules,
    );
    let clock = Instant::now();
    let p = ocr::prepare(&path, placement, &t).unwrap().unwrap();
    println!("prepare  {:>7.1} ms (all steps)", ms(clock));
    if let Some(out) = args.get(2) {
        // The variants, for trying Tesseract on each.
        let turn = -skew.unwrap_or(0.0).to_radians();
        let w = |name: &str, g: &raster::Gray| {
            std::fs::write(format!("{out}-{name}.pgm"), g.pgm()).unwrap()
        };
        let straight = raster::resample(&g, 1.0, turn);
        w("straight", &straight);
        let win = ((t.binarise_window_in * dpi).round() as usize) | 1;
        w(
            "straight-bin",
            &raster::sauvola(&straight, win, t.binarise_k, t.binarise_range),
        );
        w("up", &up);
        w("up-bin", &b);
        w("up-clean", &clean);
        let up_only = raster::resample(&g, t.upscale_to_dpi / dpi, 0.0);
        w("up-noskew", &up_only);
        w(
            "up-noskew-bin",
            &raster::sauvola(&up_only, window, t.binarise_k, t.binarise_range),
        );
    }
    let engine = ocr::tesseract().unwrap();
    for (name, file, d) in [
        ("as is", path.as_path(), None),
        ("prepared", &*p.file, Some(p.dpi)),
    ] {
        let clock = Instant::now();
        let words = engine.recognize(file, d, &t).unwrap();
        println!(
            "tesseract {name:<9} {:>7.1} ms  {} words",
            ms(clock),
            words.len()
        );
        if std::env::var_os("OCR_PREPARE_SHORT").is_some() {
            for w in words.iter().filter(|w| w.text.chars().count() <= 2) {
                println!(
                    "    {:?} at {:.0},{:.0} {:.0}×{:.0} conf {:.1}",
                    w.text, w.left, w.top, w.width, w.height, w.conf
                );
            }
        }
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
