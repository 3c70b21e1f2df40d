//! Poor scans made at test time from text-layer PDFs, so their truth is exactly the source's:
//! each page rendered grey with `pdftoppm` at a resolution, turned by a skew (bilinear, white
//! background), noised (Gaussian grey-level noise and a few speckles, from a seeded PRNG, so the
//! same parameters give the same bytes), JPEG-encoded at a quality, and written as an image-only
//! PDF: one full-page `DCTDecode` image per page, the source's page size.
//!
//! Used by `tests/scan_score.rs` and `examples/scan_grid.rs` (through `#[path]`).
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// How a scan is degraded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Degrade {
    /// Resolution the pages are rasterised at.
    pub dpi: u32,
    /// Skew in degrees; pages alternate its sign (odd pages +, even pages −), as sheets fed
    /// one by one lean either way.
    pub skew_degrees: f32,
    /// JPEG quality (1–100).
    pub jpeg_quality: u8,
    /// Standard deviation of the Gaussian noise added to every pixel, in grey levels.
    pub noise_sigma: f32,
    /// Speckles (dark dots of 1–3 pixels, dust on the glass) per page.
    pub speckles: u32,
    /// Seed of the noise.
    pub seed: u64,
}

impl Degrade {
    /// The poor archive scan of issue 22: 150 dpi, 1.5° skew, JPEG quality 60, noise σ 12
    /// grey levels with 40 speckles a page.
    pub const POOR: Degrade = Degrade {
        dpi: 150,
        skew_degrees: 1.5,
        jpeg_quality: 60,
        noise_sigma: 12.0,
        speckles: 40,
        seed: 22,
    };

    /// A short label (`150dpi-1.5deg-q60-n12`).
    pub fn label(&self) -> String {
        format!(
            "{}dpi-{}deg-q{}-n{}",
            self.dpi, self.skew_degrees, self.jpeg_quality, self.noise_sigma
        )
    }

    /// The skew page `number` (1-based) is turned by, degrees.
    pub fn page_skew(&self, number: usize) -> f32 {
        if number % 2 == 1 {
            self.skew_degrees
        } else {
            -self.skew_degrees
        }
    }
}

/// A grey image, row by row.
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

/// SplitMix64: a small deterministic generator (the same stream on every machine).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// A pair of standard normal values (Box–Muller).
    pub fn normal_pair(&mut self) -> (f32, f32) {
        let u = self.unit().max(1e-7);
        let v = self.unit();
        let r = (-2.0 * u.ln()).sqrt();
        let a = std::f32::consts::TAU * v;
        (r * a.cos(), r * a.sin())
    }
}

/// The pages of `pdf` rendered grey at `dpi` with `pdftoppm`, in page order.
pub fn rasterise(pdf: &Path, dpi: u32) -> Result<Vec<Gray>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let out = Command::new("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string()])
        .arg(pdf)
        .arg(dir.path().join("p"))
        .output()
        .map_err(|e| format!("pdftoppm: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "pdftoppm failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    // p-1.pgm … p-30.pgm: pdftoppm pads the numbers to one width, so names sort as pages.
    files.sort();
    files
        .iter()
        .map(|f| {
            let img = image::open(f)
                .map_err(|e| format!("{}: {e}", f.display()))?
                .into_luma8();
            Ok(Gray {
                width: img.width() as usize,
                height: img.height() as usize,
                pixels: img.into_raw(),
            })
        })
        .collect()
}

/// `img` turned by `degrees` (positive: clockwise on the page, lines falling to the right)
/// about its centre, bilinear, the corners filled white; same size.
pub fn rotate(img: &Gray, degrees: f32) -> Gray {
    let (w, h) = (img.width, img.height);
    if degrees == 0.0 {
        return Gray {
            width: w,
            height: h,
            pixels: img.pixels.clone(),
        };
    }
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let src = &img.pixels;
    let at = |x: isize, y: isize| -> f32 {
        if x < 0 || y < 0 || x >= w as isize || y >= h as isize {
            255.0
        } else {
            src[y as usize * w + x as usize] as f32
        }
    };
    let mut out = vec![255u8; w * h];
    for y in 0..h {
        let dy = y as f32 + 0.5 - cy;
        for x in 0..w {
            let dx = x as f32 + 0.5 - cx;
            // The source point that lands here: the inverse turn.
            let sx = cx + dx * cos + dy * sin - 0.5;
            let sy = cy - dx * sin + dy * cos - 0.5;
            let (x0, y0) = (sx.floor(), sy.floor());
            let (fx, fy) = (sx - x0, sy - y0);
            let (x0, y0) = (x0 as isize, y0 as isize);
            let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx;
            let bottom = at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx;
            out[y * w + x] = (top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8;
        }
    }
    Gray {
        width: w,
        height: h,
        pixels: out,
    }
}

/// Adds Gaussian noise of `sigma` grey levels to every pixel and `speckles` dark dots.
pub fn add_noise(img: &mut Gray, sigma: f32, speckles: u32, rng: &mut Rng) {
    if sigma > 0.0 {
        let mut spare: Option<f32> = None;
        for p in img.pixels.iter_mut() {
            let n = match spare.take() {
                Some(n) => n,
                None => {
                    let (a, b) = rng.normal_pair();
                    spare = Some(b);
                    a
                }
            };
            *p = (*p as f32 + n * sigma).round().clamp(0.0, 255.0) as u8;
        }
    }
    for _ in 0..speckles {
        let x = (rng.unit() * img.width as f32) as usize;
        let y = (rng.unit() * img.height as f32) as usize;
        let size = 1 + (rng.unit() * 3.0) as usize;
        let shade = (rng.unit() * 80.0) as u8;
        for yy in y..(y + size).min(img.height) {
            for xx in x..(x + size).min(img.width) {
                img.pixels[yy * img.width + xx] = shade;
            }
        }
    }
}

/// The image as a baseline grey JPEG at `quality`.
pub fn jpeg(img: &Gray, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode(
            &img.pixels,
            img.width as u32,
            img.height as u32,
            image::ExtendedColorType::L8,
        )
        .expect("JPEG encoding of a grey image");
    out
}

/// The page sizes (points, width × height) of `pdf`, from each page's media box (inherited
/// from the page tree when the page has none).
pub fn page_sizes(pdf: &Path) -> Result<Vec<(f32, f32)>, String> {
    let doc = lopdf::Document::load(pdf).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (_, id) in doc.get_pages() {
        let mut node = doc.get_dictionary(id).map_err(|e| e.to_string())?;
        let media = loop {
            if let Ok(b) = node.get(b"MediaBox").and_then(|o| o.as_array()) {
                break b.clone();
            }
            let parent = node
                .get(b"Parent")
                .and_then(|p| p.as_reference())
                .map_err(|_| "a page without a media box".to_string())?;
            node = doc.get_dictionary(parent).map_err(|e| e.to_string())?;
        };
        let v: Vec<f32> = media.iter().filter_map(|o| o.as_float().ok()).collect();
        if v.len() != 4 {
            return Err("a media box without four numbers".into());
        }
        out.push(((v[2] - v[0]).abs(), (v[3] - v[1]).abs()));
    }
    Ok(out)
}

/// An image-only PDF: page k draws `jpegs[k]` (`w × h` pixels, grey) over the whole of a
/// page of `sizes[k]` points.
pub fn image_pdf(pages: &[(Vec<u8>, usize, usize)], sizes: &[(f32, f32)]) -> Vec<u8> {
    use lopdf::{dictionary, Object, Stream};
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for ((bytes, w, h), &(pw, ph)) in pages.iter().zip(sizes) {
        let image = Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => *w as i64,
                "Height" => *h as i64,
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8,
                "Filter" => "DCTDecode",
            },
            bytes.clone(),
        )
        .with_compression(false);
        let image_id = doc.add_object(image);
        let content = format!("q {pw} 0 0 {ph} 0 0 cm /Im0 Do Q").into_bytes();
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(pw), Object::Real(ph)],
            "Contents" => content_id,
            "Resources" => dictionary! {
                "XObject" => dictionary! { "Im0" => image_id },
            },
        });
        kids.push(Object::Reference(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("writing a PDF to memory");
    out
}

/// One page degraded: turned, noised, JPEG-encoded.
pub fn degrade_page(page: &Gray, number: usize, p: &Degrade) -> (Vec<u8>, usize, usize) {
    let mut img = rotate(page, p.page_skew(number));
    let mut rng = Rng::new(p.seed.wrapping_mul(1_000_003).wrapping_add(number as u64));
    add_noise(&mut img, p.noise_sigma, p.speckles, &mut rng);
    (jpeg(&img, p.jpeg_quality), img.width, img.height)
}

/// The text-layer PDF `src` as a poor image-only scan, written to `dst`.
pub fn degrade_pdf(src: &Path, dst: &Path, p: &Degrade) -> Result<(), String> {
    let sizes = page_sizes(src)?;
    let rendered = rasterise(src, p.dpi)?;
    if rendered.len() != sizes.len() {
        return Err(format!(
            "{} pages rendered, {} in the PDF",
            rendered.len(),
            sizes.len()
        ));
    }
    use rayon::prelude::*;
    let pages: Vec<(Vec<u8>, usize, usize)> = rendered
        .par_iter()
        .enumerate()
        .map(|(k, g)| degrade_page(g, k + 1, p))
        .collect();
    std::fs::write(dst, image_pdf(&pages, &sizes)).map_err(|e| e.to_string())
}

/// Whether `pdftoppm` can be run.
pub fn pdftoppm_available() -> bool {
    Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
}

/// A source with exact truth: a text-layer PDF and its truth file (paths under
/// `tests/fixtures`).
#[derive(Debug, Clone, Copy)]
pub struct Source {
    pub name: &'static str,
    pub pdf: &'static str,
    pub truth: &'static str,
}

/// The text-layer renders with truth that poor scans are made of: the corpus's LibreOffice
/// renders (30 and 28 pages) and the Word-style renders with ruled tables and a shaded header
/// (20 and 17 pages).
pub const SOURCES: [Source; 4] = [
    Source {
        name: "a_sans/seed_000",
        pdf: "pdf/a_sans/seed_000.pdf",
        truth: "truth/a_sans/seed_000.json",
    },
    Source {
        name: "a_sans/seed_001",
        pdf: "pdf/a_sans/seed_001.pdf",
        truth: "truth/a_sans/seed_001.json",
    },
    Source {
        name: "word_rules/seed_000",
        pdf: "wordstyle/pdf/word_rules/seed_000.pdf",
        truth: "wordstyle/truth/word_rules/seed_000.json",
    },
    Source {
        name: "word_rules/seed_001",
        pdf: "wordstyle/pdf/word_rules/seed_001.pdf",
        truth: "wordstyle/truth/word_rules/seed_001.json",
    },
];

/// The corpus's own scans (200 dpi, 0.3–1° skew, noised JPEG; `tests/ocr_score.rs`), read as
/// they are: the good scans whose figures the poor-scan work must keep.
pub const CORPUS_SCANS: [Source; 4] = [
    Source {
        name: "scanned/seed_000",
        pdf: "pdf/scanned/seed_000.pdf",
        truth: "truth/scanned/seed_000.json",
    },
    Source {
        name: "scanned/seed_001",
        pdf: "pdf/scanned/seed_001.pdf",
        truth: "truth/scanned/seed_001.json",
    },
    Source {
        name: "mixed/seed_000",
        pdf: "pdf/mixed/seed_000.pdf",
        truth: "truth/mixed/seed_000.json",
    },
    Source {
        name: "mixed/seed_001",
        pdf: "pdf/mixed/seed_001.pdf",
        truth: "truth/mixed/seed_001.json",
    },
];

impl Source {
    /// The source PDF.
    pub fn pdf_path(&self) -> std::path::PathBuf {
        super::fixtures().join(self.pdf)
    }

    /// Its truth.
    pub fn truth(&self) -> serde_json::Value {
        let p = super::fixtures().join(self.truth);
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
    }
}

/// The figures of issue 22 for one or more read scans against their truth.
#[derive(Debug, Default)]
pub struct Figures {
    pub truth_items: usize,
    pub found_items: usize,
    /// Items whose number and title both match.
    pub matched_items: usize,
    /// Items found with the truth's exact title.
    pub titles_ok: usize,
    /// Items of the truth with a case number, and those read with exactly that number.
    pub cases: usize,
    pub cases_ok: usize,
    /// Edits and truth characters of section text (a missing section costs all its
    /// characters).
    pub edits: usize,
    pub chars: usize,
    pub tables: super::TableScore,
    /// Seconds spent reading.
    pub seconds: f64,
    pub pages: usize,
    /// Pages read by OCR.
    pub ocr_pages: usize,
    /// What went wrong, for printing.
    pub problems: Vec<String>,
    /// Words the code repair put right (`ocr_code` in repairs.csv), as `original → repaired`.
    pub code_repairs: Vec<String>,
    /// Sections by their edits, most first: (edits, document, item, heading, first difference).
    pub worst_sections: Vec<(usize, String)>,
}

impl Figures {
    /// Adds one document's result.
    pub fn add(&mut self, name: &str, r: &kl_extract::pipeline::FileResult, t: &serde_json::Value) {
        self.pages += r.page_records.len();
        self.ocr_pages += r.page_records.iter().filter(|p| p.ocr.is_some()).count();
        let Some(m) = r.meeting.as_ref() else {
            self.problems
                .push(format!("{name}: not read: {:?}", r.error));
            self.truth_items += t["items"].as_array().map_or(0, Vec::len);
            return;
        };
        self.code_repairs.extend(
            m.repair
                .repairs
                .iter()
                .filter(|x| x.rule == kl_extract::repair::Rule::OcrCode)
                .map(|x| format!("{} → {}", x.original, x.repaired)),
        );
        let sc = super::score(r, t, true);
        self.truth_items += sc.truth_items;
        self.found_items += sc.found_items;
        self.matched_items += sc.matched_items;
        self.titles_ok += sc.truth_items - sc.missing_numbers.len() - sc.title_errors.len();
        let st = &m.structure;
        for ti in t["items"].as_array().unwrap() {
            let item = st.items.iter().find(|i| ti["number"] == i.number.as_str());
            if let Some(want) = ti["case_number"].as_str() {
                self.cases += 1;
                let got = item.and_then(|i| i.case_number.as_deref());
                if got == Some(want) {
                    self.cases_ok += 1;
                } else {
                    self.problems.push(format!(
                        "{name} {}: case {got:?}, truth {want:?}",
                        ti["number"]
                    ));
                }
            }
            for ts in ti["sections"].as_array().unwrap() {
                let want = ts["text"].as_str().unwrap();
                let got = item
                    .and_then(|i| {
                        i.sections
                            .iter()
                            .find(|s| ts["heading"] == s.heading.as_str())
                    })
                    .map(|s| s.text.as_str())
                    .unwrap_or("");
                let e = strsim::levenshtein(got, want);
                self.edits += e;
                self.chars += want.chars().count();
                if e > 0 {
                    let g: Vec<char> = got.chars().collect();
                    let w: Vec<char> = want.chars().collect();
                    let i = g.iter().zip(&w).take_while(|(a, b)| a == b).count();
                    let cut = |v: &[char]| -> String {
                        v[i.saturating_sub(20).min(v.len())..(i + 30).min(v.len())]
                            .iter()
                            .collect()
                    };
                    self.worst_sections.push((
                        e,
                        format!(
                            "{name} {} {}: {e} edits; at {i} got {:?} / truth {:?}",
                            ti["number"],
                            ts["heading"],
                            cut(&g),
                            cut(&w)
                        ),
                    ));
                    self.worst_sections.sort_by_key(|w| std::cmp::Reverse(w.0));
                }
            }
        }
        for e in sc
            .missing_numbers
            .iter()
            .map(|n| format!("{name}: missing item {n}"))
            .chain(sc.title_errors.iter().map(|e| format!("{name}: title {e}")))
        {
            self.problems.push(e);
        }
        self.tables.add(name, r, t);
    }

    pub fn item_f1(&self) -> f64 {
        super::f1(self.matched_items, self.found_items, self.truth_items)
    }

    /// Share of truth items with the exact title.
    pub fn titles(&self) -> f64 {
        self.titles_ok as f64 / self.truth_items.max(1) as f64
    }

    /// Share of truth case numbers read exactly.
    pub fn case_numbers(&self) -> f64 {
        self.cases_ok as f64 / self.cases.max(1) as f64
    }

    /// Character error rate of section text, percent.
    pub fn cer(&self) -> f64 {
        100.0 * self.edits as f64 / self.chars.max(1) as f64
    }

    /// Share of truth table cells read exactly.
    pub fn cells(&self) -> f64 {
        self.tables.accuracy() / 100.0
    }

    /// One line of figures.
    pub fn line(&self) -> String {
        format!(
            "item F1 {:.3}; titles {:.3}; case numbers {:.3} ({}/{}); section-text CER {:.3} % ({} edits over {} characters); table cells {:.3} ({}/{}); {} pages; {} code repairs",
            self.item_f1(),
            self.titles(),
            self.case_numbers(),
            self.cases_ok,
            self.cases,
            self.cer(),
            self.edits,
            self.chars,
            self.cells(),
            self.tables.exact,
            self.tables.cells,
            self.pages,
            self.code_repairs.len()
        )
    }
}
