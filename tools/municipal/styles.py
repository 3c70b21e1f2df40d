"""House styles: one entry per style, each with a list of variants (one per document of
that style, in the order the plan in generate.py uses them).

A variant fixes the title block, numbering, furniture, closed-item convention, case-line and
attachment forms; the item contents are drawn by generate.py from the seeded random source.

Keys (all optional unless said):
  doc_type      referat | dagsorden | None (truth)
  doc_label     the printed document type ("Referat", "Åbent referat", ...) or None
  body          council | committee | kkr | region   (which kind of body meets)
  committee     fixed body name (else drawn by body kind)
  placement     where the committee is printed (see generate.title_block)
  date_fmt      dmy_dash | dmy_dot | wd_dash | wd_long | wd_long_lc | long | none
  time_fmt      kl_dot | Kl_colon | Kl_dot | bare | range | none
  labels        {"date":..., "time":..., "end":..., "place":...} label texts
  label_layout  tab | inline | grid | nextline
  numbering     dot | dot_sub | nodot_sub | punkt | pkt | nr_dash | nr_glued | sagnr |
                below | bullet | spaces
  running       first item number (None = 1)
  n_items       (low, high) number of top-level items drawn
  toc           print a table of contents
  header        None | doc_line | referat_for_side   header_first: also on page 1
  footer        None | side_af | bare
  signature     None | "Underskriftsside" | "Underskrifter"
  closed        None | prefix:<text> | part | case_marker ; n_closed (low, high)
  participants  list of participant block kinds
  groups        None | open_closed | committee_caps
  case_forms    list of case-line forms, used in turn
  attach_forms  list of attachment forms, used in turn; attach_heading printed heading
  sections      list of (role, printed heading, probability)
  dec_head      own decision heading form; chain_head: earlier bodies' heading form
  dec_pos       end | after_indstilling | first
  colon         section headings printed with a trailing colon
"""

S_STD = [("resume", "Resumé", 1.0), ("sagsfremstilling", "Sagsfremstilling", 1.0),
         ("okonomi", "Økonomi", 0.5), ("lovgrundlag", "Lovgrundlag", 0.35),
         ("supplerende", "Supplerende sagsfremstilling", 0.15), ("indstilling", "Indstilling", 1.0)]

STYLES = {
    # ------------------------------------------------------------------ LibreOffice family
    "lo_haderslev": {
        "renderer": "libreoffice", "font": "Caladea", "size": 11, "head_size": 13,
        "desc": "eDoc-like byråd minutes: REFERAT + committee, tab-aligned labels, TOC with 'Sag nr.'/'Side' "
                "and dot leaders, running item numbers across the year, LUKKET MØDE part, running header, "
                "'Side N af M' footer, Underskriftsside",
        "sections": S_STD, "dec_head": "i_body_dash", "chain_head": "i_body_dash", "dec_pos": "end",
        "case_forms": ["jnr", "sagsnr_colon"], "attach_heading": "Bilag", "attach_forms": ["bilag_n"],
        "heading_layout": "tab",
        "variants": [
            dict(doc_type="referat", doc_label="REFERAT", body="council", committee="Byrådet", placement="below", municipality="Haderslev",
                 date_fmt="wd_dash", time_fmt="Kl_colon", labels=dict(date="Mødedato:", place="Mødested:", time="Starttidspunkt:", end="Sluttidspunkt:"),
                 label_layout="tab", numbering="dot", running=342, n_items=(8, 8), toc=True, header="doc_line",
                 footer="side_af", signature="Underskriftsside", closed="part", n_closed=(2, 3),
                 participants=["labels_afbud"], force_budget2=True),
            dict(doc_type="dagsorden", doc_label="DAGSORDEN", body="committee", committee="Økonomiudvalget", placement="header_only",
                 date_fmt="dmy_dash", time_fmt="kl_dot", labels=dict(date="Mødedato:", place="Mødested:", time="Starttidspunkt:"),
                 label_layout="tab", numbering="dot", running=57, n_items=(8, 9), toc=True, header="doc_line", header_first=True,
                 footer="side_af", closed="part", n_closed=(2, 2), participants=[]),
            dict(doc_type="referat", doc_label="Referat", body="committee", committee="Teknik- og Miljøudvalget", placement="below",
                 date_fmt="wd_long", time_fmt="Kl_colon", labels=dict(date="Mødedato:", place="Mødested:", time="Starttidspunkt:", end="Sluttidspunkt:"),
                 label_layout="tab", numbering="sagnr", running=118, n_items=(8, 9), toc=False, header="doc_line",
                 footer="side_af", signature="Underskriftsside", closed="part", n_closed=(1, 2),
                 participants=["labels_afbud"]),
            dict(doc_type="referat", doc_label="REFERAT", body="council", committee="Byrådet", placement="header_only",
                 date_fmt="dmy_dot", time_fmt="kl_dot", labels=dict(date="Mødedato:", place="Mødested:", time="Starttidspunkt:"),
                 label_layout="tab", numbering="dot", running=715, n_items=(8, 9), toc=True, header="doc_line", header_first=True,
                 footer="side_af", closed="part", n_closed=(2, 3), participants=["labels_afbud"]),
        ],
    },
    "lo_sbsys": {
        "renderer": "libreoffice", "font": "DejaVu Sans", "size": 9.5, "head_size": 12,
        "desc": "SBSYS print: prose title block ('Referat / til / mødet i ...'), capital section headings, "
                "decision printed before SAGSFREMSTILLING, 'Åbent - <KLE>' case line with a Lukket marker for closed "
                "items, group headings without numbers, bare attachment titles",
        "sections": [("resume", "RESUMÉ", 1.0), ("indstilling", "INDSTILLING", 1.0), ("sagsfremstilling", "SAGSFREMSTILLING", 1.0),
                     ("effekt", "EFFEKT", 0.5), ("okonomi", "ØKONOMI", 0.7), ("paategning", "BORGMESTERENS AFDELINGS PÅTEGNING", 0.2)],
        "dec_head": "caps", "chain_head": "caps_i", "dec_pos": "after_indstilling",
        "case_forms": ["kle_aabent"], "attach_heading": "BILAG", "attach_forms": ["bare"],
        "heading_layout": "inline",
        "variants": [
            dict(doc_type="referat", doc_label="Referat", body="council", committee="Odense Byråd", municipality="Odense",
                 placement="sentence_multi", date_fmt="long", time_fmt="kl_colon_lc", numbering="dot", n_items=(9, 10), toc=True,
                 footer="side_af", closed="case_marker", n_closed=(1, 2), groups="open_closed", participants=[]),
            dict(doc_type="dagsorden", doc_label="Dagsorden", body="committee", committee="Økonomiudvalget",
                 placement="sentence_single", date_fmt="long", time_fmt="kl_dot", numbering="dot", n_items=(8, 9), toc=False,
                 footer="side_af", closed="case_marker", n_closed=(1, 2), groups="open_closed", participants=[]),
            dict(doc_type="referat", doc_label="Referat", body="committee", committee="Plan- og Boligudvalget",
                 placement="sentence_single", date_fmt="dmy_dot", time_fmt="kl_dot", numbering="dot_sub", n_items=(3, 4), toc=False,
                 footer="side_af", closed="case_marker", n_closed=(1, 1), participants=["deltagere"]),
        ],
    },
    "lo_prepare": {
        "renderer": "libreoffice", "font": "Carlito", "size": 11, "head_size": 14,
        "desc": "FirstAgenda/Prepare-like: committee above the document type, 'Dato:/Tid:/Sted:' labels, "
                "'Punkt N:' headings, bold larger section headings, decision heading as the body line "
                "('<udvalg>, DD-MM-YYYY, pkt. N'), attachment table (number, access, title, reference)",
        "sections": [("resume", "Sagsresumé", 1.0), ("sagsfremstilling", "Sagsfremstilling", 1.0),
                     ("okonomi", "Økonomi og organisatoriske konsekvenser", 0.6), ("horing", "Høring", 0.4),
                     ("indstilling", "Indstilling", 1.0)],
        "dec_head": "body_line", "chain_head": "body_line", "dec_pos": "end",
        "case_forms": ["sagsnr_colon", "sagsnr_plain"], "attach_heading": "Bilagsfortegnelse", "attach_forms": ["table"],
        "heading_layout": "inline",
        "variants": [
            dict(doc_type="referat", doc_label="Referat", body="committee", committee="Kultur- og Idrætsudvalget", placement="above",
                 date_fmt="long", time_fmt="range", labels=dict(date="Dato:", time="Tid:", place="Sted:"), label_layout="inline",
                 numbering="punkt", n_items=(8, 9), toc=False, header="doc_line", footer="side_af",
                 closed="prefix:Lukket punkt:", n_closed=(1, 2), participants=["deltagere", "afbud"]),
            dict(doc_type="referat", doc_label="Åbent referat", body="committee", committee="Børne- og Ungeudvalget", placement="above",
                 date_fmt="dmy_dot", time_fmt="kl_dot", labels=dict(date="Mødedato:", time="Tidspunkt:", place="Lokale:"), label_layout="inline",
                 numbering="punkt", n_items=(8, 9), toc=False, header="doc_line", footer="side_af", dec_head="plain",
                 attach_heading="Bilag", attach_forms=["bilag_n"], closed="prefix:Lukket punkt:", n_closed=(1, 1),
                 participants=["deltagere", "afbud"]),
            dict(doc_type="dagsorden", doc_label="Dagsorden", body="council", committee="Byrådet", placement="above",
                 date_fmt="wd_long", time_fmt="kl_label", labels=dict(date="Dato:", time="Kl.", place="Sted:"), label_layout="inline",
                 numbering="dot", n_items=(8, 9), toc=True, footer="side_af", closed="prefix:Lukket punkt:", n_closed=(1, 2),
                 participants=[]),
        ],
    },
    "lo_acadre": {
        "renderer": "libreoffice", "font": "DejaVu Serif", "size": 9.5, "head_size": 11.5,
        "desc": "Acadre-like: 'Referat' + committee below, tab-aligned labels with Start-/Sluttidspunkt, "
                "'Pkt. N' or 'Sag nr. N' headings, 'Sag <no> Dok. <no> Initialer: XX' case lines, "
                "'Beslutning i <udvalg> den DD-MM-YYYY' and chains to the council, header 'Referat for <udvalg>  Side N', "
                "'1. Åben <title> <ref>' attachment lines, 'Lukket sag:'/'Lukket:' prefixes",
        "sections": [("sagsforlob", "Sagsforløb", 0.5), ("resume", "Resume", 1.0), ("sagsfremstilling", "Sagsfremstilling", 1.0),
                     ("lovgrundlag", "Lovgrundlag", 0.4), ("okonomi", "Økonomi", 0.6), ("personale", "Personale", 0.4),
                     ("indstilling", "Indstilling", 1.0)],
        "dec_head": "i_body_dash", "chain_head": "i_body_dash", "dec_pos": "end",
        "case_forms": ["sag_dok", "kle_plain"], "attach_heading": "Bilag:", "attach_forms": ["num_access_ref"],
        "heading_layout": "tab",
        "variants": [
            dict(doc_type="referat", doc_label="Referat", body="committee", committee="Udvalget for Teknik og Miljø", placement="below",
                 date_fmt="dmy_dash", time_fmt="kl_dot", labels=dict(date="Mødedato:", time="Starttidspunkt:", end="Sluttidspunkt:", place="Mødested:"),
                 label_layout="tab", numbering="pkt", running=42, n_items=(8, 9), toc=False, header="referat_for_side",
                 footer=None, signature="Underskrifter", closed="prefix:Lukket sag:", n_closed=(1, 2), participants=["labels_fravaer"]),
            dict(doc_type="referat", doc_label="Referat", body="council", committee="Byrådet", placement="below",
                 date_fmt="wd_dash", time_fmt="Kl_colon", labels=dict(date="Mødedato:", time="Starttidspunkt:", end="Sluttidspunkt:", place="Mødested:"),
                 label_layout="tab", numbering="sagnr", running=129, n_items=(8, 9), toc=False, header="referat_for_side",
                 footer=None, closed="prefix:Lukket:", n_closed=(1, 2), participants=["labels_fravaer"]),
            dict(doc_type="dagsorden", doc_label="Dagsorden", body="committee", committee="Udvalget for Teknik", placement="header_only",
                 date_fmt="dmy_dash", time_fmt="kl_dot", labels=dict(date="Mødedato:", time="Starttidspunkt:", place="Mødested:"),
                 label_layout="tab", numbering="pkt", running=17, n_items=(8, 9), toc=False, header="referat_for_side", header_first=True,
                 footer=None, closed="prefix:Lukket sag:", n_closed=(1, 1), participants=[]),
        ],
    },
    "lo_kkr": {
        "renderer": "libreoffice", "font": "Carlito", "size": 10.5, "head_size": 13,
        "desc": "KL/KKR layout: 'REFERAT 2020' / 'KKR NORDJYLLAND', 'Dato: DD-MM-YYYY H:MM', TOC with dot leaders, "
                "numbered groups with sub-items '1.1.', 'SAG-2020-04159 hlth' case lines, Baggrund/Indstilling/"
                "Sagsfremstilling/Beslutning, bare page numbers",
        "sections": [("baggrund", "Baggrund", 1.0), ("indstilling", "Indstilling", 1.0), ("sagsfremstilling", "Sagsfremstilling", 1.0)],
        "dec_head": "plain", "chain_head": "i_body_dash", "dec_pos": "end",
        "case_forms": ["sag_kl"], "attach_heading": "Bilag", "attach_forms": ["bare"],
        "heading_layout": "tab",
        "variants": [
            dict(doc_type="referat", doc_label="REFERAT", body="kkr", committee="KKR NORDJYLLAND", placement="kkr",
                 date_fmt="dmy_dash", time_fmt="bare_h", numbering="dot_sub", n_items=(4, 5), toc=True, footer="bare",
                 closed=None, participants=["deltagere", "afbud"]),
            dict(doc_type="dagsorden", doc_label="DAGSORDEN", body="kkr", committee="KKR SJÆLLAND", placement="kkr",
                 date_fmt="dmy_dash", time_fmt="bare_h", numbering="dot_sub", n_items=(4, 5), toc=True, footer="bare",
                 closed=None, participants=[]),
        ],
    },
    "lo_notat": {
        "renderer": "libreoffice", "font": "Carlito", "size": 11, "head_size": 13,
        "desc": "a readable attachment (Notat) with numbered headings and a table; not an agenda",
        "variants": [dict(doc_type=None, notat=True, footer="side_af")],
    },
    # ------------------------------------------------------------------ Typst family
    "ty_aarhus": {
        "renderer": "typst", "font": "Libertinus Serif", "size": 11, "head_size": 13.5,
        "desc": "Aarhus-like: title sentence 'Referat fra mødet i <body> den <date> kl. <time> i <place>', EMN case numbers, "
                "Resume/Beslutningspunkter/Sagsfremstilling/Supplerende sagsfremstilling/Borgmesterens Afdelings påtegning, "
                "'Beslutninger', page number top right",
        "sections": [("resume", "Resume", 1.0), ("beslutningspunkter", "Beslutningspunkter", 0.8),
                     ("sagsfremstilling", "Sagsfremstilling", 1.0), ("supplerende", "Supplerende sagsfremstilling", 0.3),
                     ("paategning", "Borgmesterens Afdelings påtegning", 0.4)],
        "dec_head": "plural", "chain_head": "i_body_long", "dec_pos": "end",
        "case_forms": ["emn"], "attach_heading": "Bilag", "attach_forms": ["bilag_n"],
        "heading_layout": "inline",
        "variants": [
            dict(doc_type="referat", doc_label="Referat", body="council", committee="Aarhus Byråd", municipality="Aarhus",
                 placement="sentence_single", date_fmt="long", time_fmt="kl_dot", numbering="dot", n_items=(8, 9), toc=False,
                 header="page_right", closed="prefix:Lukket:", n_closed=(1, 2), participants=[], magistrat=True),
            dict(doc_type="referat", doc_label="Referat", body="committee", committee="Økonomiudvalget", placement="sentence_single",
                 date_fmt="long", time_fmt="kl_dot", numbering="dot", n_items=(8, 9), toc=False, dec_head="plain",
                 header="page_right", closed="prefix:Lukket punkt:", n_closed=(1, 1), participants=["deltagere"]),
            dict(doc_type="dagsorden", doc_label="Dagsorden", body="council", committee="Aarhus Byråd", municipality="Aarhus",
                 placement="below", date_fmt="none", time_fmt="none", numbering="dot", n_items=(8, 9), toc=False,
                 header="page_right", closed="prefix:Lukket:", n_closed=(1, 1), participants=[], magistrat=True),
        ],
    },
    "ty_edoc": {
        "renderer": "typst", "font": "DejaVu Sans", "size": 9.5, "head_size": 12,
        "desc": "eDoc-like Beslutningsprotokol: 'Udvalg:' label or capital labels with the value on the next line, "
                "'Nr. N - Title' / 'Nr.N - Title' headings, section headings with a trailing colon, file-name and "
                "'Bilag: X (PDF)' attachments, 'Lukket:' prefix, Underskriftsside",
        "sections": [("resume", "Sagsresumé", 0.7), ("sagsfremstilling", "Sagsfremstilling", 1.0), ("okonomi", "Økonomi", 0.6),
                     ("indstilling", "Indstilling", 1.0)],
        "dec_head": "i_body_dash", "chain_head": "i_body_dash", "dec_pos": "end", "colon": True,
        "case_forms": ["sagsnr_colon", "sagsnr_plain", "jnr"], "attach_heading": "Bilag:", "attach_forms": ["files", "bilag_pdf"],
        "heading_layout": "inline",
        "variants": [
            dict(doc_type="referat", doc_label="Beslutningsprotokol", body="committee", committee="Social- og Sundhedsudvalget", placement="label",
                 date_fmt="dmy_dot", time_fmt="bare", labels=dict(committee="Udvalg:", date="Mødedato:", time="Tidspunkt:", place="Mødested:"),
                 label_layout="grid", numbering="nr_dash", running=178, n_items=(8, 9), toc=False, footer="side_af",
                 signature="Underskriftsside", closed="prefix:Lukket:", n_closed=(1, 2), participants=["deltagere"]),
            dict(doc_type="referat", doc_label="Referat", body="council", committee="Byrådet", placement="above",
                 date_fmt="dmy_dash", time_fmt="bare", labels=dict(date="MØDEDATO", time="STARTTIDSPUNKT", place="STED"),
                 label_layout="nextline", numbering="nr_glued", running=143, n_items=(8, 9), toc=False, footer="side_af",
                 closed="prefix:Lukket:", n_closed=(1, 2), participants=["medlemmer", "afbud"], force_budget2=True),
            dict(doc_type="dagsorden", doc_label="Dagsorden", body="committee", committee="Teknisk Udvalg", placement="label",
                 date_fmt="dmy_dash", time_fmt="bare", labels=dict(committee="Udvalg:", date="MØDEDATO", time="STARTTIDSPUNKT", place="MØDESTED"),
                 label_layout="nextline", numbering="pkt", running=88, n_items=(8, 9), toc=False, footer="side_af",
                 closed="prefix:Lukket:", n_closed=(1, 1), participants=[]),
        ],
    },
    "ty_region": {
        "renderer": "typst", "font": "Carlito", "size": 11, "head_size": 13,
        "desc": "SBSYS/region-like: 'Dagsorden / til / mødet i ...' title block, items '1.1 Title' (no trailing dot) under "
                "group headings without numbers, TOC without leaders, Beslutningskompetence, decision chain with body lines, "
                "attachment grid rows, bare page number footer",
        "sections": [("resume", "Resume", 1.0), ("sagsfremstilling", "Sagsfremstilling", 1.0),
                     ("kompetence", "Beslutningskompetence", 0.5), ("okonomi", "Økonomi og organisatoriske konsekvenser", 0.4),
                     ("horing", "Høring", 0.3), ("indstilling", "Indstilling", 1.0)],
        "dec_head": "plain", "chain_head": "body_line", "dec_pos": "end",
        "case_forms": ["sag_dok", "kle_plain"], "attach_heading": "Bilagsfortegnelse", "attach_forms": ["table"],
        "heading_layout": "inline",
        "variants": [
            dict(doc_type="dagsorden", doc_label="Dagsorden", body="committee", committee="Udvalg for regional udvikling",
                 placement="sentence_multi", date_fmt="long", time_fmt="kl_colon_lc", numbering="nodot_sub", n_items=(3, 3), toc=True,
                 footer="bare", closed=None, groups="plain_groups", participants=[]),
            dict(doc_type="referat", doc_label="Referat", body="council", committee="Byrådet", placement="sentence_multi",
                 date_fmt="long", time_fmt="kl_colon_lc", numbering="nodot_sub", n_items=(3, 3), toc=True, footer="bare",
                 closed="part", n_closed=(1, 2), groups="committee_caps", participants=[]),
            dict(doc_type="referat", doc_label="Åbent referat", body="committee", committee="Udvalget for Teknik og Miljø", placement="below",
                 date_fmt="dmy_dot", time_fmt="range", labels=dict(date="Dato:", time="Tid:", place="Sted:"), label_layout="grid", dec_head="i_body_dash",
                 numbering="dot", n_items=(8, 9), toc=False, footer="bare", closed="prefix:Lukket punkt:", n_closed=(1, 1),
                 participants=["deltagere", "afbud"]),
        ],
    },
    "ty_rodovre": {
        "renderer": "typst", "font": "DejaVu Serif", "size": 9.5, "head_size": 11.5,
        "desc": "Rødovre print: committee above 'Referat', 'Mødedato' label with the value below, Medlemmer/Fraværende, "
                "item title with 'Sag nr. N' on the line BELOW it, Beslutningskompetence/Sagens kerne, chains "
                "'Beslutning fra <udvalg>, <date>, pkt. N:', LUKKET MØDE part",
        "sections": [("kompetence", "Beslutningskompetence", 1.0), ("kerne", "Sagens kerne", 1.0),
                     ("okonomi", "Økonomi", 0.4), ("indstilling", "Indstilling", 1.0)],
        "dec_head": "plain", "chain_head": "fra_long", "dec_pos": "end",
        "case_forms": ["none", "sagsnr_plain"], "attach_heading": "Bilag", "attach_forms": ["bare", "files"],
        "heading_layout": "below",
        "variants": [
            dict(doc_type="referat", doc_label="Referat", body="committee", committee="Økonomiudvalget", municipality="Rødovre",
                 placement="above", date_fmt="dmy_dash", time_fmt="none", labels=dict(date="Mødedato"), label_layout="nextline",
                 numbering="below", running=170, n_items=(8, 9), toc=False, header="doc_line", footer="side_af",
                 closed="part", n_closed=(1, 2), participants=["medlemmer", "fravaer_sag"]),
            dict(doc_type="dagsorden", doc_label="Dagsorden", body="council", committee="Kommunalbestyrelsen", municipality="Rødovre",
                 placement="above", date_fmt="dmy_dash", time_fmt="Kl_dot", labels=dict(date="Mødedato", time="Tidspunkt"),
                 label_layout="nextline", numbering="below", running=205, n_items=(8, 9), toc=False, header="doc_line",
                 footer="side_af", closed="part", n_closed=(1, 2), participants=["medlemmer"]),
        ],
    },
    "ty_notat": {
        "renderer": "typst", "font": "Libertinus Serif", "size": 11, "head_size": 13,
        "desc": "a readable report/attachment (Notat) with numbered headings and a table; not an agenda",
        "variants": [dict(doc_type=None, notat=True, footer="bare"), dict(doc_type=None, notat=True, footer="side_af")],
    },
    # ------------------------------------------------------------------ web text exports
    "txt_bronderslev": {
        "renderer": "text",
        "desc": "web referat: '<body> - Referat', Dato/Lokale/Tidspunkt labels, 'N. Title' (or ' • N. Title') headings, "
                "Resume/Sagsforløb/Sagsfremstilling/Økonomi/Personale/Beslutning on lines of their own, 'Til toppen' "
                "after every item, LUKKET MØDE part",
        "sections": [("resume", "Resume", 1.0), ("sagsforlob", "Sagsforløb", 0.6), ("sagsfremstilling", "Sagsfremstilling", 1.0),
                     ("okonomi", "Økonomi", 0.4), ("personale", "Personale", 0.4), ("indstilling", "Indstilling", 0.6)],
        "dec_head": "plain", "chain_head": "i_body_dash", "dec_pos": "end",
        "case_forms": ["none", "jnr"], "attach_heading": "Bilag", "attach_forms": ["bare", "files"],
        "variants": [
            dict(doc_type="referat", doc_label="Referat", body="council", committee="Byrådet", municipality="Brønderslev",
                 placement="inline_dash", date_fmt="long", time_fmt="Kl_colon", labels=dict(date="Dato:", place="Lokale:", time="Tidspunkt:"),
                 label_layout="inline", numbering="dot", n_items=(8, 9), closed="part", n_closed=(1, 2), participants=[]),
            dict(doc_type="referat", doc_label="Referat", body="committee", committee="Økonomiudvalget", placement="inline_dash",
                 date_fmt="dmy_dash", time_fmt="Kl_colon", labels=dict(date="Dato:", place="Lokale:", time="Tidspunkt:"),
                 label_layout="inline", numbering="bullet", running=301, n_items=(8, 9), closed="prefix:Lukket sag:", n_closed=(1, 2), dec_head="caps",
                 participants=["afbud"]),
            dict(doc_type="dagsorden", doc_label="Dagsorden", body="committee", committee="Børne- og Ungeudvalget", placement="inline_dash",
                 date_fmt="long", time_fmt="Kl_colon", labels=dict(date="Dato:", place="Lokale:", time="Tidspunkt:"),
                 label_layout="inline", numbering="sagnr", running=61, n_items=(7, 8), closed="part", n_closed=(1, 1), participants=[]),
        ],
    },
    "txt_stevns": {
        "renderer": "text",
        "desc": "Drupal agenda page: only 'Referat' (or only the committee) on top, ' • N. Title' headings, attachments "
                "glued as 'application/pdf icon <file>.pdf', decision chains 'Beslutning fra <udvalg>, <date>, pkt. N:' "
                "before the meeting's own 'Beslutning', 'medlemmer (V+A+C+N)' votes",
        "sections": [("resume", "Resume", 1.0), ("indstilling", "Indstilling", 1.0), ("beskrivelse", "Beskrivelse af sagen", 0.8),
                     ("okonomi", "Økonomi", 0.4)],
        "dec_head": "plain", "chain_head": "fra_long", "dec_pos": "after_indstilling",
        "case_forms": ["none"], "attach_heading": None, "attach_forms": ["pdf_icon"],
        "variants": [
            dict(doc_type="referat", doc_label="Referat", body="committee", committee="Økonomiudvalget", municipality="Stevns",
                 placement="none", date_fmt="none", time_fmt="none", numbering="bullet", running=212, n_items=(8, 9),
                 closed="prefix:Lukket punkt:", n_closed=(1, 2), participants=[]),
            dict(doc_type=None, doc_label=None, body="committee", committee="Plan-, Miljø- og Teknikudvalget", municipality="Stevns",
                 placement="only_committee", date_fmt="dmy_dot", time_fmt="none", labels=dict(date="MØDEDATO"), label_layout="nextline",
                 numbering="bullet", running=421, n_items=(8, 9), closed="prefix:Lukket punkt:", n_closed=(1, 1), participants=[]),
            dict(doc_type="dagsorden", doc_label="Dagsorden", body="council", committee="Kommunalbestyrelsen", municipality="Stevns",
                 placement="below", date_fmt="long", time_fmt="kl_dot", labels=dict(date="Dato:", time="Tid:"), label_layout="inline",
                 numbering="bullet", running=96, n_items=(7, 8), closed="prefix:Lukket punkt:", n_closed=(1, 1), participants=[]),
        ],
    },
    "txt_rodovre": {
        "renderer": "text",
        "desc": "rk.dk meeting view: committee line, date line, Medlemmer/Fraværende, 'Sager N - M', 'Fold alle ud', "
                "title with 'Sag nr. N' on the line below, Beslutningskompetence/Sagens kerne, "
                "'Beslutning fra <udvalg>, <date>, pkt. N:' chains, application/pdf icon attachments",
        "sections": [("kompetence", "Beslutningskompetence", 1.0), ("kerne", "Sagens kerne", 1.0), ("indstilling", "Indstilling", 1.0),
                     ("okonomi", "Økonomi", 0.3)],
        "dec_head": "plain", "chain_head": "fra_long", "dec_pos": "end",
        "case_forms": ["none"], "attach_heading": "Bilag", "attach_forms": ["pdf_icon_lines", "bare"],
        "variants": [
            dict(doc_type=None, doc_label=None, body="committee", committee="Økonomiudvalget", municipality="Rødovre",
                 placement="only_committee", date_fmt="dmy_dash", time_fmt="none", numbering="below", running=170, n_items=(8, 9),
                 closed="part", n_closed=(1, 2), participants=["medlemmer", "fravaer_sag"]),
            dict(doc_type="referat", doc_label="Referat", body="council", committee="Kommunalbestyrelsen", municipality="Rødovre",
                 placement="above", date_fmt="dmy_dash", time_fmt="none", numbering="below", running=236, n_items=(8, 9),
                 closed="part", n_closed=(1, 2), participants=["medlemmer", "fravaer_sag"]),
            dict(doc_type="dagsorden", doc_label="Dagsorden", body="committee", committee="Teknik- og Miljøudvalget", municipality="Rødovre",
                 placement="above", date_fmt="dmy_dash", time_fmt="none", numbering="below", running=66, n_items=(7, 8),
                 closed="part", n_closed=(1, 1), participants=["medlemmer"]),
        ],
    },
    "txt_fredensborg": {
        "renderer": "text",
        "desc": "print view: date-and-time line and bare location line, Medlemmer/Afbud lists, 'Nr.N - Title' headings, "
                "'Sagsnr.: 18/24758', decision 'Beslutning i Byrådet den DD-MM-YYYY' printed first, Beslutningstema",
        "sections": [("tema", "Beslutningstema", 1.0), ("sagsfremstilling", "Sagsfremstilling og økonomi", 1.0),
                     ("indstilling", "Indstilling", 0.8)],
        "dec_head": "i_body_dash", "chain_head": "i_body_dash", "dec_pos": "first",
        "case_forms": ["sagsnr_colon"], "attach_heading": "Bilag", "attach_forms": ["bilag_pdf", "bilag_n"],
        "variants": [
            dict(doc_type="referat", doc_label="Referat", body="council", committee="Byrådet", municipality="Fredensborg",
                 placement="below", date_fmt="dmy_dash", time_fmt="kl_colon_lc", numbering="nr_glued", running=143, n_items=(8, 9),
                 datetime_line=True, closed="prefix:Lukket:", n_closed=(1, 1), participants=["medlemmer", "afbud"], force_budget2=True),
            dict(doc_type="referat", doc_label="Referat", body="council", committee="Byrådet", placement="none",
                 date_fmt="dmy_dot", time_fmt="kl_label", labels=dict(date="Mødedato:", time="Kl.", place="Sted:"), label_layout="inline",
                 numbering="nr_dash", running=187, n_items=(8, 9), dec_head="plain", closed="prefix:Lukket:", n_closed=(1, 2),
                 participants=["medlemmer", "afbud"]),
            dict(doc_type="dagsorden", doc_label="Dagsorden", body="council", committee="Kommunalbestyrelsen", placement="below",
                 date_fmt="dmy_dash", time_fmt="kl_colon_lc", numbering="nr_glued", running=12, n_items=(7, 8), datetime_line=True,
                 closed="prefix:Lukket:", n_closed=(1, 1), participants=["medlemmer"]),
        ],
    },
    "txt_glued": {
        "renderer": "text",
        "desc": "SBSYS printagenda as web text: 'Udvalg:/Mødedato:/Mødested:' labels, 'Dagsordenpunkter', case line with "
                "Sagsbehandler, committee-routing grid noise, section labels glued to their text ('BeslutningGodkendt.')",
        "sections": [("baggrund", "Baggrund", 0.4), ("sagsfremstilling", "Sagsfremstilling", 1.0), ("beslutningspunkter", "Beslutningspunkter", 0.3),
                     ("indstilling", "Indstilling", 1.0)],
        "dec_head": "plain", "chain_head": "i_body_dash", "dec_pos": "end",
        "case_forms": ["kle_sagsbehandler"], "attach_heading": "Bilag:", "attach_forms": ["num_access_ref_txt", "bare"],
        "variants": [
            dict(doc_type="referat", doc_label="Referat", body="committee", committee="Økonomi- og Erhvervsudvalget", municipality="Herning",
                 placement="label", date_fmt="long", time_fmt="none", labels=dict(committee="Udvalg:", date="Mødedato:", place="Mødested:"),
                 label_layout="inline", numbering="dot", n_items=(8, 9), closed="prefix:Lukket sag:", n_closed=(1, 2), participants=[], grid=True),
            dict(doc_type="referat", doc_label="Beslutningsprotokol", body="committee", committee="Børne- og Familieudvalget", municipality="Herning", dec_head="body_line",
                 placement="label", date_fmt="long", time_fmt="none", labels=dict(committee="Udvalg:", date="Mødedato:", place="Mødested:"),
                 label_layout="inline", numbering="punkt", n_items=(8, 9), closed="prefix:Lukket sag:", n_closed=(1, 1), participants=[], grid=True),
        ],
    },
    "txt_koege": {
        "renderer": "text",
        "desc": "web referat: 'Referat af møde i <udvalg>' + 'Den DD.MM.YYYY kl. HH:MM i <sted>', 'Deltagere:' list, "
                "'N.   Title' headings with extra spaces (or '1.1 Title'), 'Til toppen', Resumé/Effekt/Beslutninger",
        "sections": [("resume", "Resumé", 1.0), ("indstilling", "Indstilling", 1.0), ("sagsfremstilling", "Sagsfremstilling", 1.0),
                     ("okonomi", "Økonomi", 0.4), ("effekt", "Effekt", 0.4)],
        "dec_head": "plural", "chain_head": "i_body_dash", "dec_pos": "end",
        "case_forms": ["emn", "sag_kl", "jnr"], "attach_heading": "Bilag", "attach_forms": ["bilag_n", "num_access_ref"],
        "variants": [
            dict(doc_type="referat", doc_label="Referat", body="committee", committee="Klima- og Planudvalget", municipality="Køge",
                 placement="koege", date_fmt="dmy_dot", time_fmt="kl_colon_lc", numbering="spaces", n_items=(8, 9),
                 closed="prefix:Lukket punkt:", n_closed=(1, 2), participants=["deltagere_colon"]),
            dict(doc_type="dagsorden", doc_label="Dagsorden", body="committee", committee="Kultur- og Fritidsudvalget", municipality="Køge",
                 placement="koege", date_fmt="dmy_dot", time_fmt="kl_colon_lc", numbering="nodot_sub", n_items=(3, 3),
                 closed="prefix:Lukket punkt:", n_closed=(1, 1), participants=["deltagere_colon"], groups="plain_groups"),
        ],
    },
}
