//! Ruling lines and filled areas from a page's vector graphics: stroked segments and thin
//! filled or stroked rectangles, as the horizontal and vertical rules the table stage reads,
//! and shaded rectangles (table headers, zebra stripes, cell backgrounds) as its fills.

use crate::model::{BBox, Fill, Rule};

use super::frame::Frame;
use super::Thresholds;

/// The straight horizontal and vertical lines of a page's vector graphics, in model space:
/// stroked segments, and filled or stroked rectangles that are thin (a border drawn as a
/// filled bar) or the edges of stroked boxes. A rule is at most `max_rule_thickness_pt` thick
/// and at least `min_rule_length_pt` long.
pub(super) fn ruling_lines(
    paths: &[pdf_oxide::elements::PathContent],
    frame: &Frame,
    thresholds: &Thresholds,
) -> Vec<Rule> {
    use pdf_oxide::elements::PathOperation as Op;
    let (max_thickness, min_length) = (
        thresholds.max_rule_thickness_pt,
        thresholds.min_rule_length_pt,
    );
    let mut out = Vec::new();
    let mut push = |ax: f32, ay: f32, bx: f32, by: f32| {
        let ((ax, ay), (bx, by)) = (frame.map(ax, ay), frame.map(bx, by));
        let (l, r) = (ax.min(bx), ax.max(bx));
        let (t, b) = (ay.min(by), ay.max(by));
        let (w, h) = (r - l, b - t);
        let straight =
            (w <= max_thickness && h >= min_length) || (h <= max_thickness && w >= min_length);
        if straight && l.is_finite() && t.is_finite() && r.is_finite() && b.is_finite() {
            out.push(Rule {
                bbox: BBox::new(l, t, r, b),
            });
        }
    };
    for p in paths {
        let stroked = p.stroke_color.is_some();
        let filled = p.fill_color.is_some();
        let mut current: Option<(f32, f32)> = None;
        let mut start: Option<(f32, f32)> = None;
        // The bounding box of the current straight-edged subpath, for a bar drawn as a filled
        // polygon (`m l l l h f`) rather than a rectangle operator.
        let mut polygon: Option<(f32, f32, f32, f32)> = None;
        let close_polygon = |polygon: &mut Option<(f32, f32, f32, f32)>,
                             push: &mut dyn FnMut(f32, f32, f32, f32)| {
            if let Some((l, t, r, b)) = polygon.take() {
                if filled && !stroked {
                    if r - l <= max_thickness && b - t >= min_length {
                        push((l + r) / 2.0, t, (l + r) / 2.0, b);
                    } else if b - t <= max_thickness && r - l >= min_length {
                        push(l, (t + b) / 2.0, r, (t + b) / 2.0);
                    }
                }
            }
        };
        let grow = |polygon: &mut Option<(f32, f32, f32, f32)>, x: f32, y: f32| {
            *polygon = Some(match *polygon {
                None => (x, y, x, y),
                Some((l, t, r, b)) => (l.min(x), t.min(y), r.max(x), b.max(y)),
            });
        };
        for op in &p.operations {
            match *op {
                Op::MoveTo(x, y) => {
                    close_polygon(&mut polygon, &mut push);
                    grow(&mut polygon, x, y);
                    current = Some((x, y));
                    start = Some((x, y));
                }
                Op::LineTo(x, y) => {
                    if let (Some((cx, cy)), true) = (current, stroked) {
                        push(cx, cy, x, y);
                    }
                    grow(&mut polygon, x, y);
                    current = Some((x, y));
                }
                Op::CurveTo(_, _, _, _, x, y) => {
                    // A curved outline is a shape, not a bar.
                    polygon = None;
                    current = Some((x, y));
                }
                Op::Rectangle(x, y, w, h) => {
                    close_polygon(&mut polygon, &mut push);
                    let (ax, ay, bx, by) = (x, y, x + w, y + h);
                    if w.abs() <= max_thickness || h.abs() <= max_thickness {
                        // A bar: one rule along its long side.
                        if w.abs() <= max_thickness {
                            push((ax + bx) / 2.0, ay, (ax + bx) / 2.0, by);
                        } else {
                            push(ax, (ay + by) / 2.0, bx, (ay + by) / 2.0);
                        }
                    } else if stroked {
                        push(ax, ay, bx, ay);
                        push(ax, by, bx, by);
                        push(ax, ay, ax, by);
                        push(bx, ay, bx, by);
                    }
                    current = Some((x, y));
                    start = Some((x, y));
                }
                Op::ClosePath => {
                    if let (Some((cx, cy)), Some((sx, sy)), true) = (current, start, stroked) {
                        push(cx, cy, sx, sy);
                    }
                    current = start;
                }
            }
        }
        close_polygon(&mut polygon, &mut push);
    }
    out
}

/// The shaded areas of a page's vector graphics, in model space: filled rectangles (a `re`
/// operator, or a closed four-sided straight path) thicker than a rule, in a colour darker than
/// `white_fill_level`, smaller than `max_fill_page_share` of the page.
pub(super) fn filled_areas(
    paths: &[pdf_oxide::elements::PathContent],
    frame: &Frame,
    thresholds: &Thresholds,
) -> Vec<Fill> {
    use pdf_oxide::elements::PathOperation as Op;
    let (pw, ph) = frame.size();
    let mut out = Vec::new();
    let mut push = |x0: f32, y0: f32, x1: f32, y1: f32| {
        let ((ax, ay), (bx, by)) = (frame.map(x0, y0), frame.map(x1, y1));
        let b = BBox::new(ax.min(bx), ay.min(by), ax.max(bx), ay.max(by));
        let thick = b.width() > thresholds.max_rule_thickness_pt
            && b.height() > thresholds.max_rule_thickness_pt;
        let finite = [b.x0, b.top, b.x1, b.bottom].iter().all(|v| v.is_finite());
        if thick && finite && b.width() * b.height() < thresholds.max_fill_page_share * pw * ph {
            out.push(Fill { bbox: b });
        }
    };
    for p in paths {
        let Some(c) = p.fill_color.as_ref() else {
            continue;
        };
        if c.r.min(c.g).min(c.b) >= thresholds.white_fill_level {
            continue;
        }
        let mut corners: Vec<(f32, f32)> = Vec::new();
        let close = |corners: &mut Vec<(f32, f32)>, push: &mut dyn FnMut(f32, f32, f32, f32)| {
            // A straight closed path of four corners whose sides run along the axes.
            let mut c = std::mem::take(corners);
            if c.len() == 5 && c[0] == c[4] {
                c.pop();
            }
            if c.len() == 4 {
                let xs: Vec<f32> = c.iter().map(|p| p.0).collect();
                let ys: Vec<f32> = c.iter().map(|p| p.1).collect();
                let axis = (0..4).all(|k| {
                    let (a, b) = (c[k], c[(k + 1) % 4]);
                    (a.0 - b.0).abs() < 0.01 || (a.1 - b.1).abs() < 0.01
                });
                if axis {
                    let (x0, x1) = (
                        xs.iter().copied().fold(f32::MAX, f32::min),
                        xs.iter().copied().fold(f32::MIN, f32::max),
                    );
                    let (y0, y1) = (
                        ys.iter().copied().fold(f32::MAX, f32::min),
                        ys.iter().copied().fold(f32::MIN, f32::max),
                    );
                    push(x0, y0, x1, y1);
                }
            }
        };
        for op in &p.operations {
            match *op {
                Op::MoveTo(x, y) => {
                    close(&mut corners, &mut push);
                    corners.push((x, y));
                }
                Op::LineTo(x, y) => corners.push((x, y)),
                Op::CurveTo(..) => corners.clear(),
                Op::Rectangle(x, y, w, h) => {
                    close(&mut corners, &mut push);
                    push(x, y, x + w, y + h);
                }
                Op::ClosePath => close(&mut corners, &mut push),
            }
        }
        close(&mut corners, &mut push);
    }
    out
}
