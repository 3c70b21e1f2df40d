"""Text (.txt) renderings in the form of web exports: one line per paragraph, blank lines
between blocks, navigation leftovers, per-style quirks (glued labels, bulleted headings,
number below the title, attachments glued as 'application/pdf icon ...')."""
import re

GRID_CODES = ["DIR", "FOU", "BFU", "SOS", "BSK", "KFU", "BYP", "TMU", "ØKE", "BYR"]
GLUE_HEADINGS = {"Sagsfremstilling", "Indstilling", "Beslutning", "Baggrund", "Beslutningspunkter"}


class W:
    def __init__(self):
        self.lines = []

    def line(self, s=""):
        self.lines.append(s)

    def blank(self, n=1):
        for _ in range(n):
            self.lines.append("")

    def text(self):
        out = "\n".join(self.lines)
        out = re.sub(r"\n{4,}", "\n\n\n", out)
        return out.rstrip("\n") + "\n"


def block_lines(b, indent=""):
    if b["type"] in ("paragraph", "subheading"):
        return [indent + b["text"]]
    if b["type"] == "list":
        if b["style"] == "numbered":
            return [f"{indent}  {i}. {t}" for i, t in enumerate(b["items"], 1)]
        return [f"{indent} • {t}" for t in b["items"]]
    raise KeyError(b["type"])


def heading_of(s):
    return s["heading"] + (":" if s.get("colon") else "")


def title_block(spec, w, style):
    for ln in spec["title_lines"]:
        w.line(ln["text"])
        if ln["kind"] in ("doclabel", "committee", "sentence") and style in ("txt_rodovre", "txt_koege", "txt_bronderslev"):
            w.blank()
    if style == "txt_stevns" and spec["labels"] and spec["label_layout"] == "nextline":
        w.blank()
    for lb in spec["labels"]:
        if spec["label_layout"] == "nextline":
            w.line(lb["label"])
            w.line(lb["value"])
        else:
            w.line(f"{lb['label']} {lb['value']}".rstrip())
    w.blank(2)


def participants(spec, w, style):
    for p in spec["participants"]:
        w.line(p["heading"])
        w.blank()
        for n in p["names"]:
            w.line(n)
            if style == "txt_fredensborg":
                w.blank()
        w.blank()


def sections(it, w, style, indent=""):
    for s in it["sections"]:
        blocks = s["blocks"]
        if style == "txt_glued" and s["heading"] in GLUE_HEADINGS and blocks and blocks[0]["type"] == "paragraph":
            w.line(heading_of(s) + blocks[0]["text"])
            w.blank()
            rest = blocks[1:]
        else:
            w.line(indent + heading_of(s))
            w.blank()
            rest = blocks
        for b in rest:
            for ln in block_lines(b, indent):
                w.line(ln)
            w.blank()
        if style == "txt_stevns":
            w.blank()


def attachments(it, w, style, furniture, indent=""):
    a = it.get("attachments")
    if not a:
        return
    ents = a["entries"]
    if a["form"] == "pdf_icon":  # glued on one line, before the sections (Stevns)
        w.line(indent + "".join(e["printed"] for e in ents))
        w.blank()
        furniture.add("application/pdf icon")
        return
    if a["heading"]:
        w.line(indent + a["heading"])
        w.blank()
    for e in ents:
        w.line(indent + e["printed"])
        if a["form"] == "pdf_icon_lines":
            furniture.add("application/pdf icon")
    w.blank()


def render(spec):
    """Returns (text, furniture strings). Adds furniture feature tags to the spec."""
    style = spec["style"]
    w = W()
    fur = set()
    if style == "txt_koege":
        pass
    title_block(spec, w, style)
    if style == "txt_koege":
        w.line("Indholdsfortegnelse")
        w.blank(2)
    participants(spec, w, style)
    if spec.get("range_line"):
        w.line(spec["range_line"])
        w.blank()
    if style == "txt_rodovre" or (style == "txt_stevns" and spec["doc_type"] is None):
        w.line("Fold alle ud")
        w.blank()
        fur.add("Fold alle ud")
    if style == "txt_glued":
        w.line("Dagsordenpunkter")
        w.blank()
    indent = "  " if style == "txt_stevns" else ""
    for idx, it in enumerate(spec["items"]):
        if it.get("part_before"):
            w.line(it["part_before"])
            w.blank()
        if it.get("group_before"):
            w.line(it["group_before"])
            w.blank()
        for ln in it["heading"]["printed"].split("\n"):
            w.line(ln)
        w.blank()
        if it.get("case"):
            w.line(indent + it["case"]["printed"].replace("\t", "  "))
            w.blank()
        if style == "txt_glued" and spec.get("grid") and it["kind"] != "parent":
            w.line(it["title"])
            w.blank()
            for c in GRID_CODES:
                w.line(c)
            marks = [" x" if (i == len(GRID_CODES) - 2 or (i == len(GRID_CODES) - 1 and idx % 2)) else "\u00a0" for i in range(len(GRID_CODES))]
            for m in marks:
                w.line(m)
            w.blank()
            w.line("Øvrige sagsbehandlere: -")
            w.blank()
        if style == "txt_stevns":
            attachments(it, w, style, fur, indent)
            sections(it, w, style, indent)
        elif style == "txt_glued":
            # Herning prints Bilag between the Indstilling and the Beslutning
            secs = it["sections"]
            k = next((i for i, s in enumerate(secs) if s["role"] == "own_decision"), len(secs))
            sections({"sections": secs[:k]}, w, style)
            attachments(it, w, style, fur)
            sections({"sections": secs[k:]}, w, style)
        else:
            sections(it, w, style, indent)
            attachments(it, w, style, fur)
        if style in ("txt_bronderslev", "txt_koege"):
            w.line("Til toppen")
            w.blank(2)
            fur.add("Til toppen")
        else:
            w.blank()
    order = ["Fold alle ud", "Til toppen", "application/pdf icon"]
    furniture = [f for f in order if f in fur]
    if style == "txt_glued" and spec.get("grid"):
        furniture += GRID_CODES + ["Øvrige sagsbehandlere: -"]
    tagmap = {"Til toppen": "furniture:til_toppen", "Fold alle ud": "furniture:fold_alle_ud", "application/pdf icon": "furniture:pdf_icon"}
    spec["features"] += [tagmap[f] for f in furniture if f in tagmap]
    return w.text(), furniture


def verify(spec, truth):
    """Every truth string must be in the text as printed."""
    text = spec["_txt"]
    lines = set(l.strip() for l in text.split("\n"))
    errs = []
    for it, ti in zip(spec["items"], truth["items"]):
        for ln in it["heading"]["printed"].split("\n"):
            if ln not in text.split("\n"):
                errs.append(f"heading line missing: {ln!r}")
        if ti["title"] not in text:
            errs.append(f"title missing: {ti['title']!r}")
        for s in ti["sections"]:
            for par in s["text"].split("\n"):
                par = re.sub(r"^(- |\d+\. )", "", par).strip()
                if par and par not in text:
                    errs.append(f"section text missing in {ti['number']}: {par[:60]!r}")
        for a in ti["attachments"]:
            if a["title"] not in text:
                errs.append(f"attachment missing: {a['title']!r}")
        if ti["case_number"] and ti["case_number"] not in text:
            errs.append(f"case missing {ti['case_number']}")
        for s in ti["sections"]:
            for f in truth["furniture"]:
                if f in s["text"]:
                    errs.append(f"furniture {f!r} in section text of {ti['number']}")
    m = truth["meeting"]
    for k in ("committee", "location"):
        if m[k] and m[k] not in text:
            errs.append(f"meeting {k} missing: {m[k]!r}")
    if errs:
        raise SystemExit(f"{spec['id']}: txt verification failed:\n  " + "\n  ".join(errs[:20]))
    del lines
