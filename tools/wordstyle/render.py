#!/usr/bin/env python3
"""Word-style renders of the corpus specs, with their exact truth.

The corpus specs (`tests/fixtures/specs/<id>.json`, copied from ../shared/corpus/specs) are
written as flat ODT in the house styles Word and LibreOffice users make with the built-in
table and heading styles, converted to PDF with LibreOffice, and given a truth in the corpus
truth format:

- `word_rules`: Carlito 11, left-aligned text, table style "horizontal rules only" (a rule above
  and below a grey-shaded header row and one under the last row, no vertical lines), numbers
  right-aligned, a total row above a rule; title block `Dato:` / `Tidspunkt: kl. 09:30` /
  `Sted:` with a date written out ("4. september 2020") on tab stops; running header left-aligned
  over a rule; a bare page number in the footer; a table of contents without leaders.
- `word_plain`: DejaVu Sans 10, table style "simple" with no shading at all: a heavy rule
  above, a rule under the bold header, hairlines between the body rows and a heavy rule below;
  numbers aligned on the decimal comma (a decimal tab stop); title block `Mødedato:` /
  `Mødetidspunkt: kl. 9.30` / `Mødelokale:`; no table of contents.
- `word_none`: Carlito 10.5, justified, tables without any lines or shading (a bold header,
  the columns only in the text's alignment), numbers right-aligned; title block as
  `word_rules`; header centred over a rule; a bare centred page number.
- `word_zebra`: Caladea 11, justified text, table style with a dark header row in white bold
  letters and zebra-striped body rows (filled cells, no lines at all), numbers right-aligned;
  title block `Mødedato:` "Fredag den 4. september 2020" / `Tidspunkt: Kl. 9.30` / `Mødested:`;
  header right-aligned over a rule; a bare centred page number; no table of contents.

Every table repeats its header row on the next page when LibreOffice breaks it there.

The truth is the spec's (the text, items, tables and participants are the renderer-independent
truth the corpus made from the same spec, `tests/fixtures/truth/a_sans/<id>.json`); the only
facts read back from the PDF are pages: of every item heading, of the participants heading and of
the first and last row of every table, from bookmarks LibreOffice exports as named destinations
(`pdfinfo -dests`), checked against `pdftotext`'s text of that page. The table of contents is
made in two passes. PDFs are made reproducible as in tools/municipal (fixed date, id from the
content).

    python3 tools/wordstyle/render.py            # writes tests/fixtures/wordstyle/{pdf,truth}
    python3 tools/wordstyle/render.py --out DIR  # somewhere else
"""
import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "municipal"))
from render_pdf import contains, fix_lo_pdf, lo_dests, pdftotext_pages, soffice_convert, x  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
SPECS = os.path.join(ROOT, "tests", "fixtures", "specs")
TRUTH_SRC = os.path.join(ROOT, "tests", "fixtures", "truth", "a_sans")
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
WEEKDAYS = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]
TEXT_W = 16.0  # cm

STYLES = {
    "word_rules": dict(font="Carlito", size=11, head=14, justify=False, table="rules", toc=True,
                       header_align="start", footer_align="end", head_color="#1F3864"),
    "word_plain": dict(font="DejaVu Sans", size=10, head=13, justify=False, table="plain", toc=False,
                       header_align="start", footer_align="end", head_color="#000000"),
    "word_none": dict(font="Carlito", size=10.5, head=13, justify=True, table="none", toc=False,
                      header_align="center", footer_align="center", head_color="#404040"),
    "word_zebra": dict(font="Caladea", size=11, head=13, justify=True, table="zebra", toc=False,
                       header_align="end", footer_align="center", head_color="#000000"),
}


def written_date(iso, weekday):
    import datetime
    d = datetime.date.fromisoformat(iso)
    s = f"{d.day}. {MONTHS[d.month - 1]} {d.year}"
    return f"{WEEKDAYS[d.weekday()]} den {s}" if weekday else s


def dest(name):
    """A bookmark name LibreOffice exports as it is (pdfinfo prints an escaped dot as "2E")."""
    return name.replace(".", "-")


def runs(text):
    """`**bold**` / `*italic*` marks as ODT spans."""
    out = []
    for part in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*)", text):
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            out.append(f'<text:span text:style-name="B">{x(part[2:-2])}</text:span>')
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            out.append(f'<text:span text:style-name="I">{x(part[1:-1])}</text:span>')
        else:
            out.append(x(part))
    return "".join(out)


def longest(row):
    """The cell of a row that ends lowest on the page: its longest (it wraps most)."""
    return max(range(len(row)), key=lambda k: len(row[k]))


def numeric(cell):
    return bool(re.fullmatch(r"[-+]?[\d.]+(,\d+)?( ?%| kr\.| mio\.)?\*?", cell.strip())) and any(c.isdigit() for c in cell)


class Doc:
    def __init__(self, spec, style, pages):
        self.spec, self.st, self.pages = spec, STYLES[style], pages
        self.body = []
        self.tables = 0

    def p(self, style, content, bookmark=None):
        bookmark = bookmark and dest(bookmark)
        bm = f'<text:bookmark text:name="{bookmark}"/>' if bookmark else ""
        self.body.append(f'<text:p text:style-name="{style}">{bm}{content}</text:p>')

    def table(self, block, item, index):
        self.tables += 1
        name = f"T{self.tables}"
        header, rows = block["header"], block["rows"]
        ncol = len(header)
        first_w = 0.4 if ncol > 2 else 0.55
        widths = [TEXT_W * first_w] + [TEXT_W * (1 - first_w) / (ncol - 1)] * (ncol - 1)
        cols = "".join(f'<table:table-column table:style-name="{name}.C{k}"/>' for k in range(ncol))
        zebra = self.st["table"] == "zebra"

        def cell(text, kind, k, bm=None, end=None):
            num = numeric(text) and k > 0
            if num and self.st["table"] == "plain":
                para = "TND" + ("T" if kind == "total" else "")
                mark = f'<text:bookmark text:name="{dest(bm)}"/>' if bm else ""
                tail = f'<text:bookmark text:name="{dest(end)}"/>' if end else ""
                return (f'<table:table-cell table:style-name="{name}.{kind}" office:value-type="string">'
                        f'<text:p text:style-name="{para}"><text:tab/>{mark}{runs(text)}{tail}</text:p></table:table-cell>')
            para = ("TNR" if num else "TNL") + ("H" if kind == "head" else ("T" if kind == "total" else ""))
            style = f"{name}.{kind}"
            mark = f'<text:bookmark text:name="{dest(bm)}"/>' if bm else ""
            tail = f'<text:bookmark text:name="{dest(end)}"/>' if end else ""
            return (f'<table:table-cell table:style-name="{style}" office:value-type="string">'
                    f'<text:p text:style-name="{para}">{mark}{runs(text)}{tail}</text:p></table:table-cell>')

        out = [f'<table:table table:name="{name}" table:style-name="Tbl">{cols}'
               '<table:table-header-rows><table:table-row>'
               + "".join(cell(c, "head", k, f"tab-{item}-{index}-first" if k == 0 else None)
                         for k, c in enumerate(header))
               + "</table:table-row></table:table-header-rows>"]
        for r, row in enumerate(rows):
            last = r == len(rows) - 1
            kind = "total" if (last and block.get("total_row")) else ("odd" if zebra and r % 2 == 0 else "even" if zebra else "body")
            if last and not block.get("total_row") and not zebra:
                kind = "last"
            elif self.st["table"] == "plain" and kind == "body":
                kind = "ruled"
            out.append("<table:table-row>" + "".join(
                cell(c, kind, k, None, f"tab-{item}-{index}-last" if (last and k == longest(row)) else None)
                for k, c in enumerate(row)) + "</table:table-row>")
        out.append("</table:table>")
        self.body.append("".join(out))
        self.auto += [f'<style:style style:name="{name}.C{k}" style:family="table-column">'
                      f'<style:table-column-properties style:column-width="{w:.2f}cm"/></style:style>'
                      for k, w in enumerate(widths)]
        for kind, props in self.cell_styles().items():
            self.auto.append(f'<style:style style:name="{name}.{kind}" style:family="table-cell">'
                             f'<style:table-cell-properties {props} fo:padding-top="2pt" fo:padding-bottom="2pt" '
                             'fo:padding-left="4pt" fo:padding-right="4pt"/></style:style>')

    def cell_styles(self):
        if self.st["table"] == "none":
            return {k: 'fo:border="none"' for k in ("head", "body", "last", "total")}
        if self.st["table"] == "plain":
            heavy, rule, hair = "1.5pt solid #000000", "0.75pt solid #000000", "0.25pt solid #A6A6A6"
            return {"head": f'fo:border-top="{heavy}" fo:border-bottom="{rule}" fo:border-left="none" fo:border-right="none"',
                    "ruled": f'fo:border-top="none" fo:border-left="none" fo:border-right="none" fo:border-bottom="{hair}"',
                    "last": f'fo:border-top="none" fo:border-left="none" fo:border-right="none" fo:border-bottom="{heavy}"',
                    "total": f'fo:border-top="{rule}" fo:border-left="none" fo:border-right="none" fo:border-bottom="{heavy}"'}
        if self.st["table"] == "rules":
            rule = "0.75pt solid #000000"
            return {"head": f'fo:background-color="#D9D9D9" fo:border-top="{rule}" fo:border-bottom="{rule}" fo:border-left="none" fo:border-right="none"',
                    "body": 'fo:border="none"',
                    "last": f'fo:border-top="none" fo:border-left="none" fo:border-right="none" fo:border-bottom="{rule}"',
                    "total": f'fo:border-top="0.5pt solid #000000" fo:border-left="none" fo:border-right="none" fo:border-bottom="{rule}"'}
        return {"head": 'fo:background-color="#2F5496" fo:border="none"',
                "odd": 'fo:background-color="#D9E2F3" fo:border="none"',
                "even": 'fo:border="none"',
                "total": 'fo:background-color="#B4C6E7" fo:border="none"'}

    def write(self):
        s, st = self.spec, self.st
        self.auto = []
        referat = s["doc_type"] == "referat"
        label = "Referat" if referat else "Dagsorden"
        self.p("Title", x(label))
        self.p("Committee", x(s["committee"]))
        if st["table"] == "plain":
            h, m = s["start_time"].split(":")
            labels = [("Mødedato:", written_date(s["date"], False)), ("Mødetidspunkt:", f"kl. {int(h)}.{m}"),
                      ("Mødelokale:", s["location"])]
        elif st["table"] in ("rules", "none"):
            labels = [("Dato:", written_date(s["date"], False)), ("Tidspunkt:", f"kl. {s['start_time']}"),
                      ("Sted:", s["location"])]
        else:
            h, m = s["start_time"].split(":")
            labels = [("Mødedato:", written_date(s["date"], True)), ("Tidspunkt:", f"Kl. {int(h)}.{m}"),
                      ("Mødested:", s["location"])]
        for k, v in labels:
            self.p("Label", f'<text:span text:style-name="B">{x(k)}</text:span><text:tab/>{x(v)}')
        items = s["items"]
        if st["toc"]:
            self.p("TocHead", "Indholdsfortegnelse")
            entries = ([(None, "Deltagerfortegnelse", "participants")] if referat else []) + \
                      [(it["number"], it["title"], f"item-{it['number']}") for it in items]
            for num, title, name in entries:
                page = self.pages.get(dest(name), 0)
                lead = f"{x(num)}<text:tab/>" if num else ""
                self.p("Toc2" if num and "." in num else "Toc1", f"{lead}{x(title)}<text:tab/>{page}")
        if referat and s["participants"]:
            self.p("ItemHead1Break", "Deltagerfortegnelse", bookmark="participants")
            for att, head in (("present", "Deltagere"), ("absent", "Afbud")):
                ps = [q for q in s["participants"] if q["attendance"] == att]
                if ps:
                    self.p("Sub", x(head))
                    for q in ps:
                        self.p("Body", x(f"{q['name']} ({q['party']}), {q['municipality']}"))
        first_item = True
        for it in items:
            top = "." not in it["number"]
            sep = "<text:tab/>" if st["table"] == "zebra" else " "
            num = it["number"] + ("." if st["table"] == "zebra" else "")
            style = "ItemHead1" if top else "ItemHead2"
            if first_item:
                style += "Break"
            first_item = False
            self.p(style, f"{x(num)}{sep}{x(it['title'])}", bookmark=f"item-{it['number']}")
            if it.get("case_number"):
                self.p("Case", x(f"{it['case_number']} {it['case_handler']}".strip()))
            for sec in it["sections"]:
                self.p("SecHead", x(sec["heading"]))
                marker = False
                tindex = 0
                for b in sec["blocks"]:
                    t = b["type"]
                    if t == "attachment":
                        marker = True
                        continue
                    pre = "./.<text:tab/>" if marker else ""
                    marker = False
                    if t == "paragraph":
                        self.p("Body", pre + runs(b["text"]))
                    elif t == "subheading":
                        self.p("SubItalic", pre + runs(b["text"]))
                    elif t == "list":
                        for k, li in enumerate(b["items"], 1):
                            mark = {"bullet": "•", "dash": "–", "numbered": f"{k}."}[b["style"]]
                            lvl = "List2" if li.get("level", 1) == 2 else "List1"
                            self.p(lvl, f"{pre}{mark}<text:tab/>{runs(li['text'])}")
                            pre = ""
                    elif t == "table":
                        tindex += 1
                        if b.get("caption"):
                            self.p("Caption", x(b["caption"]))
                        self.table(b, it["number"], tindex)
        return self.document()

    def document(self):
        s, st = self.spec, self.st
        size = st["size"]
        label = "Referat" if s["doc_type"] == "referat" else "Dagsorden"
        header = f"{s['committee']} · {label} · {written_date(s['date'], False)}"
        just = "justify" if st["justify"] else "start"
        tw = f"{TEXT_W:.2f}cm"

        def para(name, props="", text="", parent="Standard"):
            return (f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="{parent}">'
                    f'<style:paragraph-properties {props}/><style:text-properties {text}/></style:style>')

        def tabs(name, props, text, stops):
            return (f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="Standard">'
                    f'<style:paragraph-properties {props}><style:tab-stops>{stops}</style:tab-stops></style:paragraph-properties>'
                    f'<style:text-properties {text}/></style:style>')
        hc = st["head_color"]
        styles = [
            para("Title", 'fo:margin-bottom="4pt" style:master-page-name="First"', f'fo:font-size="{size + 11}pt" fo:font-weight="bold" fo:color="{hc}"'),
            para("Committee", 'fo:margin-bottom="12pt"', f'fo:font-size="{size + 3}pt"'),
            tabs("Label", 'fo:margin-bottom="2pt"', "", '<style:tab-stop style:position="3.2cm"/>'),
            para("TocHead", 'fo:margin-top="18pt" fo:margin-bottom="6pt"', f'fo:font-size="{size + 2}pt" fo:font-weight="bold"'),
            tabs("Toc1", 'fo:margin-bottom="2pt" fo:margin-left="1.2cm" fo:text-indent="-1.2cm"', "",
                 f'<style:tab-stop style:position="0cm"/><style:tab-stop style:position="{TEXT_W - 1.2:.2f}cm" style:type="right"/>'),
            tabs("Toc2", 'fo:margin-bottom="2pt" fo:margin-left="1.2cm" fo:text-indent="-1.2cm"', "",
                 f'<style:tab-stop style:position="0cm"/><style:tab-stop style:position="{TEXT_W - 1.2:.2f}cm" style:type="right"/>'),
            para("ItemHead1", 'fo:margin-top="18pt" fo:margin-bottom="6pt" fo:keep-with-next="always"', f'fo:font-size="{st["head"]}pt" fo:font-weight="bold" fo:color="{hc}"'),
            para("ItemHead1Break", 'fo:margin-top="0pt" fo:margin-bottom="6pt" fo:keep-with-next="always" fo:break-before="page"', f'fo:font-size="{st["head"]}pt" fo:font-weight="bold" fo:color="{hc}"'),
            para("ItemHead2", 'fo:margin-top="14pt" fo:margin-bottom="4pt" fo:keep-with-next="always"', f'fo:font-size="{st["head"] - 2}pt" fo:font-weight="bold" fo:color="{hc}"'),
            para("ItemHead2Break", 'fo:margin-top="0pt" fo:margin-bottom="4pt" fo:keep-with-next="always" fo:break-before="page"', f'fo:font-size="{st["head"] - 2}pt" fo:font-weight="bold" fo:color="{hc}"'),
            para("Case", 'fo:margin-bottom="8pt" fo:keep-with-next="always"', f'fo:font-size="{size - 1.5}pt" fo:color="#595959"'),
            para("SecHead", 'fo:margin-top="8pt" fo:margin-bottom="2pt" fo:keep-with-next="always"', 'fo:font-weight="bold"'),
            para("Sub", 'fo:margin-top="6pt" fo:margin-bottom="2pt" fo:keep-with-next="always"', 'fo:font-weight="bold"'),
            para("SubItalic", 'fo:margin-top="4pt" fo:margin-bottom="2pt" fo:keep-with-next="always"', 'fo:font-style="italic"'),
            para("Body", f'fo:margin-bottom="5pt" fo:text-align="{just}"'),
            tabs("List1", f'fo:margin-bottom="3pt" fo:margin-left="0.9cm" fo:text-indent="-0.5cm" fo:text-align="{just}"', "", '<style:tab-stop style:position="0cm"/>'),
            tabs("List2", f'fo:margin-bottom="3pt" fo:margin-left="1.5cm" fo:text-indent="-0.5cm" fo:text-align="{just}"', "", '<style:tab-stop style:position="0cm"/>'),
            para("Caption", 'fo:margin-top="6pt" fo:margin-bottom="3pt" fo:keep-with-next="always"', f'fo:font-size="{size - 1}pt" fo:font-style="italic"'),
            para("TNL", 'fo:text-align="start"', f'fo:font-size="{size - 1}pt"'),
            tabs("TND", 'fo:text-align="start"', f'fo:font-size="{size - 1}pt"',
                 '<style:tab-stop style:position="2.2cm" style:type="char" style:char=","/>'),
            tabs("TNDT", 'fo:text-align="start"', f'fo:font-size="{size - 1}pt" fo:font-weight="bold"',
                 '<style:tab-stop style:position="2.2cm" style:type="char" style:char=","/>'),
            para("TNR", 'fo:text-align="end"', f'fo:font-size="{size - 1}pt"'),
            para("TNLT", 'fo:text-align="start"', f'fo:font-size="{size - 1}pt" fo:font-weight="bold"'),
            para("TNRT", 'fo:text-align="end"', f'fo:font-size="{size - 1}pt" fo:font-weight="bold"'),
        ]
        white = ' fo:color="#FFFFFF"' if st["table"] == "zebra" else ""
        styles += [para("TNLH", 'fo:text-align="start"', f'fo:font-size="{size - 1}pt" fo:font-weight="bold"{white}'),
                   para("TNRH", 'fo:text-align="end"', f'fo:font-size="{size - 1}pt" fo:font-weight="bold"{white}')]
        rule = 'fo:border-bottom="0.5pt solid #000000" fo:padding-bottom="2pt"'
        return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{x(s["id"])}</dc:title><meta:generator>kl-extract word-style fixture generator</meta:generator></office:meta>
<office:font-face-decls><style:font-face style:name="{st["font"]}" svg:font-family="{st["font"]}"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:orphans="2" fo:widows="2"/><style:text-properties style:font-name="{st["font"]}" fo:font-size="{size}pt" fo:language="da" fo:country="DK" fo:hyphenate="false"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="HF" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="{st["header_align"]}" {rule}/><style:text-properties fo:font-size="{size - 2}pt" fo:color="#404040"/></style:style>
<style:style style:name="FT" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="{st["footer_align"]}"/><style:text-properties fo:font-size="{size - 2}pt"/></style:style>
<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="I" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="{tw}" table:align="left" fo:margin-top="2pt" fo:margin-bottom="8pt"/></style:style>
{"".join(styles)}
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/><style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.6cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.4cm" fo:margin-top="0.5cm"/></style:footer-style></style:page-layout>
{"".join(self.auto)}
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="pm1"><style:header><text:p text:style-name="HF">{x(header)}</text:p></style:header><style:footer><text:p text:style-name="FT"><text:page-number text:select-page="current">1</text:page-number></text:p></style:footer></style:master-page>
<style:master-page style:name="First" style:page-layout-name="pm1" style:next-style-name="Standard"><style:footer><text:p text:style-name="FT"><text:page-number text:select-page="current">1</text:page-number></text:p></style:footer></style:master-page>
</office:master-styles>
<office:body><office:text>
{chr(10).join(self.body)}
</office:text></office:body></office:document>
'''


def render(spec, style, work, profile):
    pages = {}
    for _ in range(3):
        fp = os.path.join(work, f"{style}-{spec['id']}.fodt")
        with open(fp, "w", encoding="utf-8") as f:
            f.write(Doc(spec, style, pages).write())
        soffice_convert([fp], work, profile)
        pdf = fp[:-5] + ".pdf"
        got = lo_dests(pdf)
        if got == pages or not STYLES[style]["toc"]:
            return pdf, got
        pages = got
    raise SystemExit(f"{style}/{spec['id']}: the table of contents' pages did not settle")


def truth_of(spec, style, pdf, dests):
    t = copy.deepcopy(json.load(open(os.path.join(TRUTH_SRC, spec["id"] + ".json"), encoding="utf-8")))
    texts = pdftotext_pages(pdf)
    problems = []
    for it in t["items"]:
        it["page"] = dests[dest(f"item-{it['number']}")]
        if not contains(texts[it["page"] - 1], it["title"].split(" ")[0]):
            problems.append(f"item {it['number']} not on page {it['page']}")
    for tb in t["tables"]:
        tb["page_start"] = dests[dest(f"tab-{tb['item']}-{tb['index']}-first")]
        tb["page_end"] = dests[dest(f"tab-{tb['item']}-{tb['index']}-last")]
        last = tb["rows"][-1][longest(tb["rows"][-1])].split(" ")[-1]
        if not contains(texts[tb["page_end"] - 1], last):
            problems.append(f"table {tb['item']}#{tb['index']}: last row not on page {tb['page_end']}")
    if t.get("participants"):
        t["participants_page"] = dests["participants"]
    if STYLES[style]["toc"]:
        for e in t["toc"]:
            e["page"] = dests[dest("participants" if e["number"] is None else f"item-{e['number']}")]
    else:
        t["toc"] = []
    n = len(texts)
    t.update(pdf=f"pdf/{style}/{spec['id']}.pdf", variant=style, renderer="libreoffice-word", page_count=n)
    t["hyphen_breaks"], t["hard_hyphen_breaks"], t["unclassified_line_end_hyphens"] = [], [], []
    t["notes"] = STYLES[style]
    for k in range(1, n + 1):  # bare page numbers
        if not re.search(rf"(^|\n)\s*{k}\s*$", texts[k - 1].rstrip()):
            problems.append(f"page {k}: no bare page number")
    if problems:
        raise SystemExit(f"{style}/{spec['id']}: " + "; ".join(problems))
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "fixtures", "wordstyle"))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="wordstyle-")
    profile = os.path.join(work, "lo-profile")
    for style in STYLES:
        os.makedirs(os.path.join(a.out, "pdf", style), exist_ok=True)
        os.makedirs(os.path.join(a.out, "truth", style), exist_ok=True)
        for name in sorted(os.listdir(SPECS)):
            spec = json.load(open(os.path.join(SPECS, name), encoding="utf-8"))
            pdf, dests = render(spec, style, work, profile)
            fix_lo_pdf(pdf)
            t = truth_of(spec, style, pdf, dests)
            shutil.copyfile(pdf, os.path.join(a.out, "pdf", style, spec["id"] + ".pdf"))
            with open(os.path.join(a.out, "truth", style, spec["id"] + ".json"), "w", encoding="utf-8") as f:
                json.dump(t, f, ensure_ascii=False, indent=1)
                f.write("\n")
            print(f"{style}/{spec['id']}: {t['page_count']} pages, {len(t['tables'])} tables "
                  f"({sum(1 for tb in t['tables'] if tb['page_end'] > tb['page_start'])} across a page break)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
