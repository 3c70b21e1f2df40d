"""PDF renderings of a spec: one neutral page model, two back ends.

(A) LibreOffice: the model is written as a flat ODT (.fodt) and converted with
    `soffice --headless --convert-to pdf`; item headings carry bookmarks exported as PDF
    named destinations, which `pdfinfo -dests` reads back (the page of every heading).
    Tables of contents are made in two passes (page numbers filled in from the first).
(B) Typst (PyPI package `typst`): the model is written as Typst markup (all text as string
    literals, so nothing in it is markup); every heading carries a label and a metadata
    element with its page, read back with typst.query; TOC page numbers come from locate().

Then every claim of the truth is checked in the text pdftotext gives per page.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile

TEXT_W = {"libreoffice": 16.5, "typst": 16.0}  # text width in cm (A4 minus margins)
FONT_PATHS = ["/usr/share/fonts"]
TYPST_TIMESTAMP = 1735689600  # 2025-01-01T00:00:00Z: fixed document dates, same bytes every run


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("\u00ad", "")).strip()


def squash(s):
    return re.sub(r"\s+", "", s.replace("\u00ad", ""))


def contains(hay, needle):
    """needle in hay, as words (line breaks after '/' or '-' make pdftotext drop the space)."""
    return norm(needle) in norm(hay) or squash(needle) in squash(hay)


def R(text, bold=False, italic=False):
    return {"text": text, "bold": bold, "italic": italic}


TAB = {"tab": True}


def P(runs, **kw):
    if isinstance(runs, str):
        runs = [R(runs)]
    d = {"t": "p", "runs": runs, "size": None, "bold": False, "italic": False, "align": "left", "before": 0, "after": 4,
         "keep": False, "brk": False, "dest": None, "tabs": [], "indent": 0.0, "justify": False}
    d.update(kw)
    return d


def text_of_runs(runs):
    return "".join(r.get("text", "\t" if r.get("tab") else "") for r in runs)


# ----------------------------------------------------------------------------- the model
def build_model(spec):
    r = spec["renderer"]
    size = spec["size"]
    hs = spec["head_size"]
    tw = TEXT_W[r]
    els = []
    style = spec["style"]
    just = style in ("lo_haderslev", "lo_kkr", "ty_aarhus", "ty_region", "lo_notat", "ty_notat")
    if spec.get("notat"):
        return notat_model(spec, tw)

    # title block
    first = True
    centered = style in ("lo_sbsys", "ty_region") and any(ln["kind"] == "sentence" for ln in spec["title_lines"])
    for ln in spec["title_lines"]:
        k = ln["kind"]
        al = "center" if centered else "left"
        if k == "doclabel":
            els.append(P(ln["text"], size=hs + 8, bold=True, after=6, align=al))
        elif k == "committee":
            els.append(P(ln["text"], size=hs + 4, bold=True, after=8, align=al))
        elif k == "sentence":
            els.append(P(ln["text"], size=hs + 2, bold=style != "ty_aarhus", after=3, align=al))
        else:
            els.append(P(ln["text"], after=3))
    if spec["labels"]:
        lay = spec["label_layout"]
        if lay == "grid" or (lay == "tab" and r == "typst"):
            els.append({"t": "table", "cols": [4.0, tw - 4.0], "rows": [[l["label"], l["value"]] for l in spec["labels"]],
                        "border": "none", "bold_col0": True, "header": 0, "align": ["left", "left"]})
        elif lay == "tab":
            for l in spec["labels"]:
                els.append(P([R(l["label"], bold=True), TAB, R(l["value"])], tabs=[(4.0, "left", False)], indent=4.0, after=2))
        elif lay == "nextline":
            for l in spec["labels"]:
                els.append(P([R(l["label"], bold=True)], size=size - 1, after=0, keep=True))
                els.append(P(l["value"], after=5))
        else:
            for l in spec["labels"]:
                els.append(P([R(l["label"], bold=True), R(" " + l["value"])], after=2))
    els.append(P("", after=6))
    for head, txt in spec.get("preamble", []):
        els.append(P(head, size=hs, bold=True, before=14, after=4, keep=True))
        els.append(P(txt, justify=True, after=6))

    kkr = style == "lo_kkr"
    # participants (KKR referat: after the TOC, under Deltagerfortegnelse)
    def participants_els():
        out = []
        if kkr and spec["participants"]:
            out.append(P("Deltagerfortegnelse", size=hs, bold=True, brk=True, after=8, dest="deltagere", keep=True))
        for p in spec["participants"]:
            out.append(P(p["heading"], bold=True, before=6, after=3, keep=True))
            for n in p["names"]:
                out.append(P(n, after=1))
        return out

    if not kkr:
        els += participants_els()

    # table of contents
    if spec["toc"]:
        els.append(P("Indholdsfortegnelse", size=hs + 1, bold=True, before=10, after=8, brk=kkr or style == "lo_haderslev", keep=True))
        numw = 1.8 if style == "lo_haderslev" else 1.4
        if style == "lo_haderslev":
            els.append(P([R("Sag nr.", bold=True), TAB, R("Side", bold=True)], tabs=[(tw, "right", False)], after=4))
        if kkr and spec["participants"]:
            els.append(P([R("Deltagerfortegnelse"), TAB, {"pageref": "deltagere"}],
                         tabs=[(tw, "right", True)], after=2))
        for i, it in enumerate(spec["items"]):
            if it.get("part_before"):
                els.append(P(it["part_before"], bold=True, before=4, after=2))
            ind = 0.6 if it["level"] == 2 else 0.0
            num = it["heading"]["num"]
            els.append(P([R(num, bold=it["level"] == 1 and kkr), TAB, R(it["heading"]["title"], bold=it["level"] == 1 and kkr), TAB,
                          {"pageref": f"item-{i}"}],
                         tabs=[(ind + numw, "left", False), (tw, "right", r == "libreoffice")], indent=ind + numw, hang_from=ind,
                         after=2, toc=True))
        els.append(P("", after=0))
        brk_next = True
    else:
        brk_next = False
    if kkr:
        els += participants_els()
        brk_next = brk_next and not spec["participants"]

    # items
    for i, it in enumerate(spec["items"]):
        if it.get("part_before"):
            els.append(P(it["part_before"], size=hs + 2, bold=True, align="center", before=18, after=10, keep=True, brk=brk_next))
            brk_next = False
        if it.get("group_before"):
            els.append(P(it["group_before"], size=hs, bold=True, before=14, after=6, keep=True, brk=brk_next,
                         align="left"))
            brk_next = False
        h = it["heading"]
        hsz = hs if it["level"] == 1 else hs - 1
        lay = spec["heading_layout"]
        if lay == "tab" and r == "libreoffice":
            numw = max(1.3, round(len(h["num"]) * hsz * 0.62 * 0.03528 + 0.6, 1))
            els.append(P([R(h["num"]), TAB, R(h["title"])], size=hsz, bold=True, before=14, after=6, keep=True, brk=brk_next,
                         dest=f"item-{i}", tabs=[(numw, "left", False)], indent=numw))
        elif lay == "below":
            els.append(P(h["title"], size=hsz, bold=True, before=14, after=1, keep=True, brk=brk_next, dest=f"item-{i}"))
            els.append(P(h["num"], size=size, after=6, keep=True))
        else:
            els.append(P(h["printed"], size=hsz, bold=True, before=14, after=6, keep=True, brk=brk_next, dest=f"item-{i}"))
        brk_next = False
        if it.get("case"):
            c = it["case"]["printed"]
            if "\t" in c:
                parts = c.split("\t")
                runs = []
                for k, ptxt in enumerate(parts):
                    if k:
                        runs.append(TAB)
                    runs.append(R(ptxt))
                els.append(P(runs, size=size - 1, after=6, tabs=[(5.5, "left", False), (11.0, "left", False)]))
            else:
                els.append(P(c, size=size - 1, after=6))
        for s in it["sections"]:
            head = s["heading"] + (":" if s.get("colon") else "")
            els.append(P(head, size=size + (1.5 if style in ("lo_prepare", "ty_region") else 0), bold=True, before=8, after=3,
                         keep=True))
            for b in s["blocks"]:
                if b["type"] == "paragraph":
                    els.append(P(b["text"], justify=just, after=5))
                elif b["type"] == "subheading":
                    els.append(P([R(b["text"], italic=True)], keep=True, before=3, after=3))
                elif b["type"] == "list":
                    for k, t in enumerate(b["items"], 1):
                        mark = f"{k}." if b["style"] == "numbered" else "•"
                        els.append(P([R(mark), TAB, R(t)], tabs=[(0.7, "left", False)], indent=0.7, after=2, listitem=True))
                    els[-1]["after"] = 5
        a = it.get("attachments")
        if a:
            els.append(P(a["heading"], bold=True, before=8, after=3, keep=True))
            if a["form"] == "table":
                els.append({"t": "table", "cols": [1.0, 1.7, tw - 5.2, 2.5], "rows": [e["cells"] for e in a["entries"]],
                            "border": "rows" if r == "libreoffice" else "none", "header": 0,
                            "align": ["left", "left", "left", "right"]})
            else:
                for e in a["entries"]:
                    els.append(P(e["printed"], after=2))
    # signature page
    if spec.get("signature"):
        els.append(P(spec["signature"], size=hs + 2, bold=True, brk=True, after=14))
        names = list(spec["signers"])
        rows = []
        for k in range(0, len(names), 2):
            rows.append([names[k], names[k + 1] if k + 1 < len(names) else ""])
        els.append({"t": "table", "cols": [tw / 2, tw / 2], "rows": rows, "border": "none", "header": 0,
                    "align": ["left", "left"], "row_pad": 14})
    return els


def notat_model(spec, tw):
    hs, size = spec["head_size"], spec["size"]
    els = [P(spec["notat_head"][0], bold=True, size=size + 1, after=0), P(spec["notat_head"][1], after=14)]
    els.append(P(spec["notat_title"], size=hs + 5, bold=True, after=10))
    els.append({"t": "table", "cols": [2.5, tw - 2.5], "rows": [[a, b] for a, b in spec["notat_meta"]], "border": "none",
                "bold_col0": True, "header": 0, "align": ["left", "left"]})
    els.append(P("", after=8))
    tb = spec["notat_table"]
    for k, s in enumerate(spec["notat_sections"], 1):
        els.append(P(s["heading"], size=hs, bold=True, before=12, after=4, keep=True))
        for b in s["blocks"]:
            els.append(P(b["text"], justify=True, after=6))
        if k == tb["after_section"] + 1:
            els.append(P(tb["caption"], italic=True, keep=True, before=4, after=3))
            els.append({"t": "table", "cols": [5.0, 3.8, 3.8, tw - 12.6], "rows": [tb["header"]] + tb["rows"], "border": "all",
                        "header": 1, "align": ["left", "right", "right", "right"]})
            els.append(P("", after=6))
    # filler sections to reach 2+ pages
    for k in range(len(spec["notat_sections"]) + 1, len(spec["notat_sections"]) + 1):
        pass
    return els


# ----------------------------------------------------------------------------- fodt
def x(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


class FodtWriter:
    def __init__(self, spec, els, pagenums):
        self.spec, self.els, self.pagenums = spec, els, pagenums
        self.pstyles = {}
        self.tstyles = []
        self.font = spec["font"] or "Carlito"
        self.size = spec["size"] or 11

    def pstyle(self, e, first=False):
        key = (e["size"], e["bold"], e["italic"], e["align"], e["before"], e["after"], e["keep"], e["brk"], tuple(e["tabs"]),
               e["indent"], e.get("hang_from"), e["justify"], first)
        if key in self.pstyles:
            return self.pstyles[key]
        name = f"P{len(self.pstyles) + 1}"
        pp = [f'fo:margin-top="{e["before"]}pt"', f'fo:margin-bottom="{e["after"]}pt"']
        al = "justify" if e["justify"] else {"left": "start", "center": "center", "right": "end"}[e["align"]]
        pp.append(f'fo:text-align="{al}"')
        if e["keep"]:
            pp.append('fo:keep-with-next="always"')
        if e["brk"]:
            pp.append('fo:break-before="page"')
        if e["indent"]:
            left = e["indent"]
            start = e.get("hang_from") or 0.0
            pp.append(f'fo:margin-left="{left}cm" fo:text-indent="{start - left}cm"')
        tabs = ""
        if e["tabs"]:
            ts = []
            for pos, kind, leader in e["tabs"]:
                rel = pos - (e["indent"] or 0.0)
                if kind == "left" and abs(rel) < 1e-6:
                    continue  # the hanging indent is the tab stop
                a = f'style:position="{rel:.2f}cm"'
                if kind == "right":
                    a += ' style:type="right"'
                if leader:
                    a += ' style:leader-style="dotted" style:leader-text="."'
                ts.append(f"<style:tab-stop {a}/>")
            tabs = "<style:tab-stops>" + "".join(ts) + "</style:tab-stops>"
        tp = []
        if e["size"]:
            tp.append(f'fo:font-size="{e["size"]}pt"')
        if e["bold"]:
            tp.append('fo:font-weight="bold"')
        if e["italic"]:
            tp.append('fo:font-style="italic"')
        mp = ' style:master-page-name="First"' if first else ""
        self.pstyles[key] = name
        self.tstyles.append(
            f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="Standard"{mp}>'
            f'<style:paragraph-properties {" ".join(pp)}>{tabs}</style:paragraph-properties>'
            f'<style:text-properties {" ".join(tp)}/></style:style>')
        return name

    def runs(self, runs):
        out = []
        for r in runs:
            if r.get("tab"):
                out.append("<text:tab/>")
            elif "pageref" in r:
                out.append(x(str(self.pagenums.get(r["pageref"], 0))))
            else:
                t = x(r["text"])
                if r.get("bold") and r.get("italic"):
                    out.append(f'<text:span text:style-name="BI">{t}</text:span>')
                elif r.get("bold"):
                    out.append(f'<text:span text:style-name="B">{t}</text:span>')
                elif r.get("italic"):
                    out.append(f'<text:span text:style-name="I">{t}</text:span>')
                else:
                    out.append(t)
        return "".join(out)

    def table(self, e, n):
        name = f"T{n}"
        width = sum(e["cols"])
        st = [f'<style:style style:name="{name}" style:family="table"><style:table-properties style:width="{width:.2f}cm" table:align="left" fo:margin-bottom="6pt"/></style:style>']
        for k, w in enumerate(e["cols"]):
            st.append(f'<style:style style:name="{name}.C{k}" style:family="table-column"><style:table-column-properties style:column-width="{w:.2f}cm"/></style:style>')
        bord = {"all": 'fo:border="0.5pt solid #000000"', "none": 'fo:border="none"',
                "rows": 'fo:border-top="none" fo:border-left="none" fo:border-right="none" fo:border-bottom="0.5pt solid #808080"'}[e["border"]]
        pad = e.get("row_pad", 2)
        st.append(f'<style:style style:name="{name}.cell" style:family="table-cell"><style:table-cell-properties {bord} fo:padding-top="{pad}pt" fo:padding-bottom="2pt" fo:padding-left="2pt" fo:padding-right="3pt"/></style:style>')
        for al in ("left", "right"):
            st.append(f'<style:style style:name="{name}.{al}" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="{"start" if al == "left" else "end"}" fo:margin-top="0pt" fo:margin-bottom="0pt"/></style:style>')
        self.tstyles += st
        rows = []
        for ri, row in enumerate(e["rows"]):
            cells = []
            for ci, c in enumerate(row):
                bold = (ri < e.get("header", 0)) or (ci == 0 and e.get("bold_col0"))
                t = f'<text:span text:style-name="B">{x(c)}</text:span>' if bold and c else x(c)
                cells.append(f'<table:table-cell table:style-name="{name}.cell" office:value-type="string">'
                             f'<text:p text:style-name="{name}.{e["align"][ci]}">{t}</text:p></table:table-cell>')
            rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        cols = "".join(f'<table:table-column table:style-name="{name}.C{k}"/>' for k in range(len(e["cols"])))
        return f'<table:table table:name="{name}" table:style-name="{name}">{cols}{"".join(rows)}</table:table>'

    def hf(self, segs, align="center"):
        tw = TEXT_W["libreoffice"]
        parts = []
        for k, s in enumerate(segs):
            if k:
                parts.append("<text:tab/>")
            s = x(s)
            s = s.replace("{page}", '<text:page-number text:select-page="current">1</text:page-number>')
            s = s.replace("{pages}", "<text:page-count>1</text:page-count>")
            parts.append(s)
        st = "HFR" if len(segs) > 1 else ("HFC" if align == "center" else "HFL")
        return f'<text:p text:style-name="{st}">{"".join(parts)}</text:p>'

    def write(self):
        spec = self.spec
        body = []
        tn = 0
        first = True
        for e in self.els:
            if e["t"] == "p":
                name = self.pstyle(e, first=first)
                first = False
                bm = f'<text:bookmark text:name="{e["dest"]}"/>' if e["dest"] else ""
                body.append(f'<text:p text:style-name="{name}">{bm}{self.runs(e["runs"])}</text:p>')
            else:
                if first:  # the first element must carry the master page
                    body.append(f'<text:p text:style-name="{self.pstyle(P(""), first=True)}"/>')
                    first = False
                tn += 1
                body.append(self.table(e, tn))
        tw = TEXT_W["libreoffice"]
        header = spec.get("header_text")
        footer = {"side_af": ["Side {page} af {pages}"], "bare": ["{page}"], None: None}[spec.get("footer")]
        hdr = f"<style:header>{self.hf(header, 'left')}</style:header>" if header else ""
        ftr = f"<style:footer>{self.hf(footer)}</style:footer>" if footer else ""
        hdr_first = hdr if spec.get("header_first") else ""
        fonts = "".join(f'<style:font-face style:name="{f}" svg:font-family="{f}"/>' for f in
                        ["Carlito", "Caladea", "DejaVu Sans", "DejaVu Serif"])
        return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{x(spec["id"])}</dc:title><meta:generator>kl-extract municipal fixture generator</meta:generator></office:meta>
<office:font-face-decls>{fonts}</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties style:writing-mode="lr-tb" fo:orphans="2" fo:widows="2"/><style:text-properties style:font-name="{self.font}" fo:font-size="{self.size}pt" fo:language="da" fo:country="DK" fo:hyphenate="false"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="HFC" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="{self.size - 1.5}pt"/></style:style>
<style:style style:name="HFL" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="start"/><style:text-properties fo:font-size="{self.size - 1.5}pt"/></style:style>
<style:style style:name="HFR" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="start"><style:tab-stops><style:tab-stop style:position="{tw:.2f}cm" style:type="right"/></style:tab-stops></style:paragraph-properties><style:text-properties fo:font-size="{self.size - 1.5}pt"/></style:style>
<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="I" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="BI" style:family="text"><style:text-properties fo:font-weight="bold" fo:font-style="italic"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.6cm" fo:margin-bottom="1.4cm" fo:margin-left="2.5cm" fo:margin-right="2cm"/><style:header-style><style:header-footer-properties fo:min-height="0.4cm" fo:margin-bottom="0.5cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.4cm" fo:margin-top="0.5cm"/></style:footer-style></style:page-layout>
{"".join(self.tstyles)}
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="pm1">{hdr}{ftr}</style:master-page>
<style:master-page style:name="First" style:page-layout-name="pm1" style:next-style-name="Standard">{hdr_first}{ftr}</style:master-page>
</office:master-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body></office:document>
'''


# ----------------------------------------------------------------------------- typst
def ts(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ty_runs(runs):
    out = []
    for r in runs:
        if "pageref" in r:
            out.append(f"#context str(locate(<{r['pageref']}>).page())")
        elif r.get("tab"):
            out.append(" ")
        else:
            t = f"#{ts(r['text'])}"
            if r.get("bold"):
                t = f"#strong[{t}]"
            if r.get("italic"):
                t = f"#emph[{t}]"
            out.append(t)
    return "".join(out)


def typst_source(spec, els):
    font = spec["font"] or "Libertinus Serif"
    size = spec["size"] or 11
    header = spec.get("header_text")
    footer = spec.get("footer")
    hdr = "none"
    if header:
        cells = []
        for s in header:
            s2 = ts(s).replace("{page}", '" + str(counter(page).get().first()) + "')
            cells.append(f"[#text({s2})]")
        body = f"grid(columns: (1fr, auto), {', '.join(cells)})" if len(cells) > 1 else f"{cells[0][1:-1].replace('#', '', 1)}"
        cond = "true" if spec.get("header_first") else "counter(page).get().first() > 1"
        hdr = f"context {{ if {cond} {{ set text(size: {size - 1.5}pt); {body} }} }}"
    ftr = "none"
    if footer == "side_af":
        ftr = f'context {{ set text(size: {size - 1.5}pt); align(center)[Side #counter(page).display() af #counter(page).final().first()] }}'
    elif footer == "bare":
        ftr = f'context {{ set text(size: {size - 1.5}pt); align(center)[#counter(page).display()] }}'
    out = [
        f'#set page(paper: "a4", margin: (left: 2.5cm, right: 2.5cm, top: 2.4cm, bottom: 2.2cm), header: {hdr}, footer: {ftr})',
        f'#set text(font: {ts(font)}, size: {size}pt, lang: "da", hyphenate: false)',
        '#set par(spacing: 0pt, leading: 0.55em)',
        '#set table(inset: (x: 3pt, y: 3pt))',
        '',
    ]
    tw = TEXT_W["typst"]
    for e in els:
        if e["t"] == "table":
            cols = ", ".join(f"{c:.2f}cm" for c in e["cols"])
            stroke = {"all": "0.5pt", "none": "none", "rows": "(bottom: 0.5pt + gray)"}[e["border"]]
            aligns = ", ".join(e["align"])
            cells = []
            for ri, row in enumerate(e["rows"]):
                for ci, c in enumerate(row):
                    t = f"#{ts(c)}"
                    if ri < e.get("header", 0) or (ci == 0 and e.get("bold_col0")):
                        t = f"#strong[{t}]"
                    cells.append(f"[{t}]")
            ry = e.get("row_pad", 3)
            out.append(f"#block(below: 8pt)[#table(columns: ({cols},), stroke: {stroke}, align: ({aligns},), inset: (x: 3pt, top: {ry}pt, bottom: 3pt), {', '.join(cells)})]")
            continue
        sets = []
        if e["size"]:
            sets.append(f"size: {e['size']}pt")
        if e["bold"]:
            sets.append('weight: "bold"')
        if e["italic"]:
            sets.append('style: "italic"')
        pre = f"#set text({', '.join(sets)})\n" if sets else ""
        if e["justify"]:
            pre += "#set par(justify: true)\n"
        if e["align"] != "left":
            pre += f"#set align({e['align']})\n"
        if e["dest"]:
            pre += f'#context [#metadata((id: {ts(e["dest"])}, page: here().page())) <pg>]'
        runs = e["runs"]
        if any(r.get("tab") for r in runs):
            cellruns, cur = [], []
            for r in runs:
                if r.get("tab"):
                    cellruns.append(cur)
                    cur = []
                else:
                    cur.append(r)
            cellruns.append(cur)
            tabs = e["tabs"]
            start = e.get("hang_from") or 0.0
            widths, pos = [], start
            for k in range(len(cellruns) - 1):
                p, kind, leader = tabs[k] if k < len(tabs) else (pos + 1.0, "left", False)
                if kind == "right":
                    widths.append("1fr")
                    pos = None
                    break
                widths.append(f"{p - (pos if pos is not None else 0):.2f}cm")
                pos = p
            if len(widths) < len(cellruns):
                widths.append("1fr" if "1fr" not in widths else "auto")
            cells = [f"[{ty_runs(c)}]" for c in cellruns]
            if tabs and tabs[-1][1] == "right":
                if tabs[-1][2]:
                    cells[-2] = cells[-2][:-1] + " #box(width: 1fr, repeat[.])]"
                cells[-1] = f"align(right)[{ty_runs(cellruns[-1])}]"
            lead = f"#h({start:.2f}cm)" if start else ""
            content = f"{lead}#grid(columns: ({', '.join(widths)}), column-gutter: 0pt, {', '.join(cells)})"
            if start:
                content = f"#pad(left: {start:.2f}cm)[#grid(columns: ({', '.join(widths)}), {', '.join(cells)})]"
        else:
            content = ty_runs(runs) if text_of_runs(runs) else "#v(0pt)"
        lab = f" <{e['dest']}>" if e["dest"] else ""
        brk = "#pagebreak(weak: true)\n" if e["brk"] else ""
        sticky = "true" if e["keep"] else "false"
        out.append(f"{brk}#block(above: {e['before'] + 3}pt, below: {e['after'] + 3}pt, sticky: {sticky}, width: 100%)[{pre}{content}]{lab}")
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- running
def pdftotext_pages(pdf, raw=False):
    args = ["pdftotext", "-enc", "UTF-8"] + (["-raw"] if raw else []) + [pdf, "-"]
    out = subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and pages[-1].strip() == "":
        pages = pages[:-1]
    return pages


def pdf_pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def lo_dests(pdf):
    out = subprocess.run(["pdfinfo", "-dests", pdf], capture_output=True, check=True, text=True).stdout
    d = {}
    for line in out.splitlines()[1:]:
        m = re.match(r"\s*(\d+)\s+\[.*\]\s+\"(.*)\"\s*$", line)
        if m:
            d[m.group(2)] = int(m.group(1))
    return d


def fix_lo_pdf(path):
    """Make LibreOffice's PDF reproducible: fixed creation date, document id from the content."""
    b = open(path, "rb").read()
    b = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20250101000000", b)
    m = re.search(rb"/ID \[ <([0-9A-F]{32})>\s*<([0-9A-F]{32})> \]", b)
    if m:
        body = b[:m.start()]
        h = hashlib.md5(body).hexdigest().upper().encode()
        b = b[:m.start(1)] + h + b[m.end(1):m.start(2)] + h + b[m.end(2):]
        m2 = re.search(rb"/DocChecksum /([0-9A-F]{32})", b)
        if m2:
            b = b[:m2.start(1)] + h + b[m2.end(1):]
    open(path, "wb").write(b)


def soffice_convert(files, outdir, profile):
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
           'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}',
           "--outdir", outdir] + files
    res = subprocess.run(cmd, capture_output=True, text=True)
    for f in files:
        pdf = os.path.join(outdir, os.path.splitext(os.path.basename(f))[0] + ".pdf")
        if not os.path.exists(pdf):
            raise SystemExit(f"soffice did not write {pdf}:\n{res.stdout}\n{res.stderr}")


def render_all(specs, out, keep=False):
    import typst
    work = tempfile.mkdtemp(prefix="municipal-")
    profile = os.path.join(work, "lo-profile")
    infos = {}
    lo = [s for s in specs if s["renderer"] == "libreoffice"]
    ty = [s for s in specs if s["renderer"] == "typst"]
    models = {s["id"]: build_model(s) for s in specs}
    # (A) LibreOffice, two passes when there is a TOC
    pagenums = {s["id"]: {} for s in lo}
    for rnd in range(3):
        todo = [s for s in lo if rnd == 0 or (s["toc"] and pagenums[s["id"]].get("_changed"))]
        if not todo:
            break
        files = []
        for s in todo:
            fp = os.path.join(work, s["id"] + ".fodt")
            with open(fp, "w", encoding="utf-8") as f:
                f.write(FodtWriter(s, models[s["id"]], pagenums[s["id"]]).write())
            files.append(fp)
        soffice_convert(files, work, profile)
        for s in todo:
            pdf = os.path.join(work, s["id"] + ".pdf")
            d = lo_dests(pdf)
            old = {k: v for k, v in pagenums[s["id"]].items() if k != "_changed"}
            d["_changed"] = (d != old) and s["toc"]
            pagenums[s["id"]] = d
    for s in lo:
        if pagenums[s["id"]].get("_changed") and rnd == 2:
            raise SystemExit(f"{s['id']}: TOC page numbers did not settle")
        pdf = os.path.join(work, s["id"] + ".pdf")
        fix_lo_pdf(pdf)
        dst = os.path.join(out, "pdf", s["id"] + ".pdf")
        shutil.copyfile(pdf, dst)
        pages = {k: v for k, v in pagenums[s["id"]].items() if k != "_changed"}
        infos[s["id"]] = finish(s, dst, pages)
    # (B) Typst
    for s in ty:
        src = typst_source(s, models[s["id"]])
        fp = os.path.join(work, s["id"] + ".typ")
        with open(fp, "w", encoding="utf-8") as f:
            f.write(src)
        dst = os.path.join(out, "pdf", s["id"] + ".pdf")
        try:
            typst.compile(fp, output=dst, font_paths=FONT_PATHS, timestamp=TYPST_TIMESTAMP, pdf_tags=False)
            q = json.loads(typst.query(fp, "<pg>", field="value", font_paths=FONT_PATHS))
        except Exception as ex:  # noqa: BLE001
            raise SystemExit(f"{s['id']}: typst failed: {ex}\n(source kept in {fp})")
        pages = {e["id"]: e["page"] for e in q}
        infos[s["id"]] = finish(s, dst, pages)
    if FAILURES:
        raise SystemExit("\n".join(FAILURES) + (f"\n(work files in {work})" if keep else ""))
    if keep:
        print("work files kept in", work)
    else:
        shutil.rmtree(work)
    return infos


def furniture_of(spec, n_pages):
    """Printed page furniture, per page (list of lists of strings) and as a list of distinct strings."""
    per = [[] for _ in range(n_pages)]
    h = spec.get("header_text")
    for p in range(1, n_pages + 1):
        if h and (p > 1 or spec.get("header_first")):
            for seg in h:
                if seg:
                    per[p - 1].append(seg.replace("{page}", str(p)))
        f = spec.get("footer")
        if f == "side_af":
            per[p - 1].append(f"Side {p} af {n_pages}")
        elif f == "bare":
            per[p - 1].append(str(p))
    if spec.get("signature"):
        per[n_pages - 1] += [spec["signature"]] + spec["signers"]
    distinct = []
    for lst in per:
        for s in lst:
            if s not in distinct:
                distinct.append(s)
    return per, distinct


FAILURES = []


def finish(spec, pdf, dests):
    """Check the rendered PDF against the spec; return pages and furniture for the truth."""
    n = pdf_pages(pdf)
    texts = pdftotext_pages(pdf)
    errs = []
    if len(texts) != n:
        errs.append(f"pdftotext gave {len(texts)} pages, pdfinfo {n}")
    if not 2 <= n <= 8:
        errs.append(f"{n} pages (want 2-8)")
    per, distinct = furniture_of(spec, n)
    raw_texts = pdftotext_pages(pdf, raw=True)

    def body_text(texts, check):
        """The document's text without its furniture lines (checked to be printed on their pages)."""
        body_pages = []
        for p, t in enumerate(texts):
            lines = [norm(l) for l in t.split("\n")]
            fur = set(norm(s) for s in per[p])
            if spec.get("header_text") and len([s for s in spec["header_text"] if s]) > 1 and per[p]:
                fur.add(norm(" ".join(s.replace("{page}", str(p + 1)) for s in spec["header_text"] if s)))
            if check:
                for s in per[p]:
                    if norm(s) not in lines and norm(s) not in norm(t):
                        errs.append(f"page {p + 1}: furniture {s!r} not printed")
            body_pages.append(" ".join(l for l in lines if l and l not in fur))
        return " ".join(body_pages)

    full_a = body_text(texts, True)
    full_b = body_text(raw_texts, False)

    def contains_doc(needle):
        return contains(full_a, needle) or contains(full_b, needle)

    pages = {}
    for i, it in enumerate(spec["items"]):
        pg = dests.get(f"item-{i}")
        if pg is None:
            errs.append(f"item {it['number']}: no destination")
            continue
        pages[i] = pg
        h = it["heading"]
        want = norm(h["printed"].replace("\n", " ")) if spec["heading_layout"] != "tab" else norm(f"{h['num']} {h['title']}")
        pt = texts[pg - 1] + "\n" + raw_texts[pg - 1]
        if not (contains(texts[pg - 1], want) or contains(raw_texts[pg - 1], want)
                or (contains(pt, h["num"]) and contains(pt, h["title"]))):
            errs.append(f"item {it['number']}: heading {want!r} not on page {pg}")
        if not contains_doc(it["title"]):
            errs.append(f"item {it['number']}: title not in text")
        for s in it["sections"]:
            hd = norm(s["heading"])
            if not contains_doc(hd):
                errs.append(f"item {it['number']}: section heading {hd!r} missing")
            for b in s["blocks"]:
                parts = b["items"] if b["type"] == "list" else [b["text"]]
                for ptxt in parts:
                    if not contains_doc(ptxt):
                        errs.append(f"item {it['number']}: text missing: {ptxt[:70]!r}")
        if it.get("attachments"):
            for e in it["attachments"]["entries"]:
                if not contains_doc(e["title"]):
                    errs.append(f"item {it['number']}: attachment {e['title']!r} missing")
                if e["reference"] and not contains_doc(e["reference"]):
                    errs.append(f"item {it['number']}: attachment ref {e['reference']!r} missing")
        if it.get("case") and not contains_doc(it["case"]["number"]):
            errs.append(f"item {it['number']}: case number missing")
        for s in it["sections"]:
            txt = "\n".join(b.get("text", "") + "\n".join(b.get("items", [])) for b in s["blocks"])
            for f in distinct:
                if len(f) > 3 and f in txt and f not in spec.get("signers", []):
                    errs.append(f"item {it['number']}: furniture {f!r} inside section text")
    m = spec["meeting"]
    for k in ("committee", "location"):
        if m[k] and not contains(" ".join(texts), m[k]):
            errs.append(f"meeting {k} {m[k]!r} not printed")
    if spec.get("notat"):
        for s in spec["notat_sections"]:
            if not contains_doc(s["heading"]):
                errs.append(f"notat heading {s['heading']!r} missing")
    # TOC numbers printed = heading pages (LibreOffice: filled in from the previous pass)
    if errs:
        FAILURES.append(f"{spec['id']} ({pdf}): verification failed:\n  " + "\n  ".join(errs[:30]))
    return {"pages": pages, "furniture": distinct, "n_pages": n}
