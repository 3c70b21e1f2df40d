//! Ruling lines from a page's vector graphics: stroked segments and thin filled or stroked
//! rectangles, as the horizontal and vertical rules the table stage reads.

use crate::model::{BBox, Rule};

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
