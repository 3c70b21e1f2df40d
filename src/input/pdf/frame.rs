//! The reading frame of a page: PDF space turned so that most of the page's text is upright
//! (a landscape page, a table printed sideways), with the origin at the top-left as in the
//! document model. Glyphs and ruling lines are both mapped through it.

/// The reading frame of a page: PDF space (origin bottom-left) turned by the rotation of most of
/// the page's text, with the origin at the top-left of the turned page.
pub(super) struct Frame {
    /// Counter-clockwise quarter turns of the text (0: upright, 1: rising, …).
    pub(super) quarter_turns: u8,
    /// A glyph turned more than this from the frame is not upright in it (degrees).
    max_rotation_degrees: f32,
    x0: f32,
    y0: f32,
    width: f32,
    height: f32,
}

impl Frame {
    /// The frame of a page whose media box is at `(x0, y0)` and `width` × `height` points.
    /// Text is turned when more than `turned_text_majority` times as many glyphs are turned one
    /// way as are upright; a glyph is turned a quarter when within `max_rotation_degrees` of it.
    pub(super) fn of(
        chars: &[pdf_oxide::layout::TextChar],
        (x0, y0, width, height): (f32, f32, f32, f32),
        max_rotation_degrees: f32,
        turned_text_majority: usize,
    ) -> Frame {
        let mut counts = [0usize; 4];
        for c in chars.iter().filter(|c| !c.char.is_whitespace()) {
            let r = c.rotation_degrees.rem_euclid(360.0);
            let q = (r / 90.0).round();
            if (r - q * 90.0).abs() <= max_rotation_degrees {
                counts[q as usize % 4] += 1;
            }
        }
        // Upright unless clearly most text is turned.
        let best = (1..4).max_by_key(|&q| counts[q]).unwrap_or(0);
        let quarter_turns = if counts[best] > turned_text_majority * counts[0] {
            best as u8
        } else {
            0
        };
        Frame {
            quarter_turns,
            max_rotation_degrees,
            x0,
            y0,
            width,
            height,
        }
    }

    /// Whether a glyph with this rotation is upright in the frame.
    pub(super) fn upright(&self, degrees: f32) -> bool {
        let d = (degrees - 90.0 * self.quarter_turns as f32).rem_euclid(360.0);
        d <= self.max_rotation_degrees || 360.0 - d <= self.max_rotation_degrees
    }

    /// A point of PDF space in the frame (top-left origin, y down).
    pub(super) fn map(&self, x: f32, y: f32) -> (f32, f32) {
        let (u, v) = (x - self.x0, y - self.y0);
        let (w, h) = (self.width, self.height);
        match self.quarter_turns {
            1 => (v, u),
            2 => (w - u, v),
            3 => (h - v, w - u),
            _ => (u, h - v),
        }
    }

    /// Width and height of the page in the frame.
    pub(super) fn size(&self) -> (f32, f32) {
        if self.quarter_turns % 2 == 1 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}
