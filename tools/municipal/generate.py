#!/usr/bin/env python3
"""Generator of Danish municipal council agendas/minutes with exact truth.

    python3 tools/municipal/generate.py            # specs, renders, truth, checks
    python3 tools/municipal/generate.py --no-pdf   # specs, txt and truth of txt only (fast)

A spec (tests/fixtures/municipal/specs/<id>.json) is drawn from a fixed seed; the document
(pdf/<id>.pdf or txt/<id>.txt) is rendered from the spec alone, and the truth
(truth/<id>.json) is the spec's content in the truth format, plus the facts only a renderer
knows (the page of each item heading, the page count for 'Side N af M'), which are read back
from the PDF's named destinations (LibreOffice) or a query of the Typst document and then
checked against the text pdftotext gives for each page. See README.md in this folder.

Only the Python standard library is used for the generator logic; rendering uses
LibreOffice (soffice) and the 'typst' package from PyPI; checks use poppler's pdftotext and
pdfinfo.
"""
import argparse
import datetime as dt
import json
import os
import random
import re
import string
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import banks as B  # noqa: E402
from styles import STYLES  # noqa: E402

SEED = 20250917
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "municipal")

# The plan: (style, variant index), interleaved so that phrase cycles spread over styles.
ROUNDS = [
    ["lo_haderslev", "txt_bronderslev", "ty_aarhus", "lo_sbsys", "txt_stevns", "ty_edoc", "lo_prepare",
     "txt_rodovre", "ty_region", "lo_acadre", "txt_fredensborg", "ty_rodovre", "lo_kkr", "txt_glued",
     "txt_koege", "ty_notat", "lo_notat"],
    ["lo_haderslev", "txt_bronderslev", "ty_aarhus", "lo_sbsys", "txt_stevns", "ty_edoc", "lo_prepare",
     "txt_rodovre", "ty_region", "lo_acadre", "txt_fredensborg", "ty_rodovre", "lo_kkr", "txt_glued",
     "txt_koege", "ty_notat"],
    ["lo_haderslev", "txt_bronderslev", "ty_aarhus", "lo_sbsys", "txt_stevns", "ty_edoc", "lo_prepare",
     "txt_rodovre", "ty_region", "lo_acadre", "txt_fredensborg"],
    ["lo_haderslev"],
]


def plan():
    out, seen, n = [], {}, 0
    for rnd in ROUNDS:
        for style in rnd:
            v = seen.get(style, 0)
            seen[style] = v + 1
            n += 1
            out.append((f"m{n:02d}_{style}", style, v))
    return out


# ----------------------------------------------------------------------------- helpers
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
WEEKDAYS = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]


def fmt_date(d, key):
    if key == "dmy_dash":
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    if key == "dmy_dot":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if key == "long":
        return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"
    if key == "wd_dash":
        return f"{WEEKDAYS[d.weekday()]} den {fmt_date(d, 'dmy_dash')}"
    if key == "wd_long":
        return f"{WEEKDAYS[d.weekday()]} den {fmt_date(d, 'long')}"
    if key == "wd_long_lc":
        return f"{WEEKDAYS[d.weekday()].lower()} den {fmt_date(d, 'long')}"
    raise KeyError(key)


def fmt_time(t, key):
    h, m = t
    if key == "kl_dot":
        return f"kl. {h:02d}.{m:02d}"
    if key == "Kl_dot":
        return f"Kl. {h:02d}.{m:02d}"
    if key == "Kl_colon":
        return f"Kl. {h:02d}:{m:02d}"
    if key == "kl_colon_lc":
        return f"kl. {h:02d}:{m:02d}"
    if key == "bare":
        return f"{h:02d}:{m:02d}"
    if key == "bare_h":
        return f"{h}:{m:02d}"
    if key == "kl_label":  # value printed after a 'Kl.' label
        return f"{h:02d}.{m:02d}"
    raise KeyError(key)


def hhmm(t):
    return f"{t[0]:02d}:{t[1]:02d}" if t else None


def da_join(parts):
    parts = list(parts)
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " og " + parts[-1]


class Strict(dict):
    def __missing__(self, key):
        raise KeyError(f"template slot {{{key}}} not filled")


def fill(tpl, slots):
    return string.Formatter().vformat(tpl, (), Strict(slots))


def slug(s):
    tr = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", " ": "_", "/": "_",
                        ",": "", ".": "", "–": "-"})
    return s.translate(tr)


def cap1(s):
    return s[:1].upper() + s[1:]


# Global cycles (shared by all documents, in plan order): each phrase family is used in turn.
class Cycle:
    def __init__(self):
        self.pos = {}

    def next(self, key, options, ok=None):
        """The next option of family `key` (in turn); with `ok`, the next acceptable one."""
        start = self.pos.get(key, 0)
        for i in range(len(options)):
            j = (start + i) % len(options)
            if ok is None or ok(options[j]):
                self.pos[key] = j + 1
                return options[j]
        raise ValueError(f"no acceptable option in {key}")


CYCLE = Cycle()

# ----------------------------------------------------------------------------- decisions
# (text, outcome, needs) ; needs: any | council | committee
DECISIONS = {
    "godkendt": [("Godkendt.", "any"), ("Indstillingen godkendt.", "any"), ("Indstillingen er tiltrådt.", "any"),
                 ("{body} tiltrådte indstillingen.", "council"), ("{body} har vedtaget {proposer} indstilling.", "council"),
                 ("Herefter godkendt.", "any"), ("Vedtaget.", "any")],
    "anbefalet": [("Anbefales.", "committee"), ("Indstilles godkendt.", "committee"),
                  ("Udvalget anbefaler indstillingen over for {council}.", "committee")],
    "taget til efterretning": [("Taget til efterretning.", "any"), ("Orienteringen blev taget til efterretning.", "any"),
                               ("Til orientering.", "any")],
    "drøftet": [("Drøftet.", "any"), ("Punktet blev drøftet.", "any")],
    "udsat": [("Udsat.", "any"), ("Sagen blev udsat til næste møde.", "any")],
    "afvist": [("Forslaget blev forkastet.", "any"), ("Afvist.", "any")],
    "henvist": [("Fremsendes til Teknisk Udvalg til behandling.", "any"), ("Oversendes til Økonomiudvalget.", "any"),
                ("Henvises til Børne- og Ungeudvalget.", "any"), ("Sendt til Børn og Unge-udvalget.", "any"),
                ("Tilbagesendes forvaltningen til fornyet behandling.", "any")],
}
HERE_GODKENDT_LEAD = ["Sagen blev drøftet.", "Formanden satte indstillingen til afstemning."]


def decision_phrase(outcome, ctx):
    body_kind = "council" if ctx["body_kind"] == "council" else "committee"
    text, _ = CYCLE.next(f"dec:{outcome}:{body_kind}", DECISIONS[outcome], ok=lambda o: o[1] in ("any", body_kind))
    proposer = "Magistratens" if ctx.get("magistrat") else "Økonomiudvalgets"
    return fill(text, dict(body=ctx["committee_name"], proposer=proposer, council=ctx["council"]))


# ----------------------------------------------------------------------------- votes
def seats_for(ctx, rng):
    """Party -> seats of the meeting's body (consistent vote counts)."""
    size = ctx["size"]
    parties = ctx["parties"]
    weights = {p: w for p, w in zip(parties, [9, 7, 4, 3, 3, 2, 2, 2, 1, 1, 1])}
    tot = sum(weights[p] for p in parties)
    seats = {p: max(1, round(size * weights[p] / tot)) for p in parties}
    while sum(seats.values()) > size:
        big = max(seats, key=lambda p: seats[p])
        seats[big] -= 1
    while sum(seats.values()) < size:
        seats[parties[0]] += 1
    return seats


def vote_row(ballot, pos, count, who):
    return {"ballot": ballot, "position": pos, "count": count, "who": list(who)}


def pick(ps, S, sizes, win=0, lose=1):
    """Disjoint party groups of the given sizes (in the order of ps); group `win` gets more seats than `lose`."""
    groups, k = [], 0
    ps = list(ps) + [p for p in S if p not in ps]
    for n in sizes:
        groups.append(list(ps[k:k + n]))
        k += n
    seats = lambda g: sum(S[p] for p in g)  # noqa: E731
    if seats(groups[win]) <= seats(groups[lose]):
        groups[win], groups[lose] = groups[lose], groups[win]
    rest = [p for p in ps if all(p not in g for g in groups)]
    while seats(groups[win]) <= seats(groups[lose]) and rest:
        groups[win].append(rest.pop(0))
    if seats(groups[win]) <= seats(groups[lose]):
        raise ValueError(f"no majority for {groups} with {S}")
    return groups


def seats_of(S, g):
    return sum(S[p] for p in g)


def v_stemt_om(ctx, rng, S):
    f, i = pick(ctx["parties"], S, [3, 2])
    nf, ni = seats_of(S, f), seats_of(S, i)
    if rng.random() < 0.5:
        paras = [f"Der blev stemt om forslaget: For: {nf} ({', '.join(f)}) Imod: {ni} ({', '.join(i)})"]
    else:
        paras = ["Der blev stemt om forslaget:", f"For: {nf} ({', '.join(f)})", f"Imod: {ni} ({', '.join(i)})"]
    paras.append("Indstillingen blev godkendt." if ctx["body_kind"] == "council" else "Indstillingen anbefales.")
    out = "godkendt" if ctx["body_kind"] == "council" else "anbefalet"
    return paras, [vote_row(1, "for", nf, f), vote_row(1, "imod", ni, i)], out, "vote:stemt_om"


def v_named(ctx, rng, S):
    byp = {}
    for name, p in ctx["members"]:
        byp.setdefault(p, []).append(f"{name} ({p})")
    ps = [p for p in ctx["parties"] if p in byp]
    f = (byp[ps[0]] + byp[ps[2]])[:3]
    i = byp[ps[1]][:2]
    paras = ["Der blev stemt om forslaget:", f"For: {len(f)} ({', '.join(f)})", f"Imod: {len(i)} ({', '.join(i)})",
             "Forslaget blev vedtaget."]
    return paras, [vote_row(1, "for", len(f), f), vote_row(1, "imod", len(i), i)], "godkendt", "vote:named"


def v_for_stemte(ctx, rng, S):
    f, i, u = pick(ctx["parties"], S, [3, 2, 1])
    nf, ni = seats_of(S, f), seats_of(S, i)
    paras = [f"For stemte: {da_join(f)} ({nf})", f"Imod stemte: {da_join(i)} ({ni})", f"{da_join(u)} undlod at stemme.",
             "Indstillingen blev godkendt."]
    return paras, [vote_row(1, "for", nf, f), vote_row(1, "imod", ni, i), vote_row(1, "undlod", None, u)], "godkendt", "vote:for_stemte"


def v_undlod_folg(ctx, rng, S):
    ps = ctx["parties"]
    f, u = [ps[0], ps[1], ps[4]], [ps[2], ps[5]]
    nf = seats_of(S, f)
    paras = ["Indstillingen blev godkendt.", f"For stemte: {da_join(f)} ({nf}).", f"Følgende undlod at stemme: {da_join(u)}."]
    return paras, [vote_row(1, "for", nf, f), vote_row(1, "undlod", None, u)], "godkendt", "vote:undlod_folgende"


def v_liste(ctx, rng, S):
    p = ctx["parties"][min(3, len(ctx["parties"]) - 1)]
    paras = ["Godkendt.", f"Liste {p} stemte imod, idet partiet ønsker en anden placering af byggeriet."]
    return paras, [vote_row(1, "imod", None, [p])], "godkendt", "vote:liste"


def v_mindretal(ctx, rng, S):
    ps = ctx["parties"]
    who = [ps[1]] if rng.random() < 0.5 else [ps[3], ps[4]]
    dec = "Anbefales." if ctx["body_kind"] != "council" else "Godkendt."
    out = "anbefalet" if ctx["body_kind"] != "council" else "godkendt"
    paras = [dec, f"Et mindretal ({', '.join(who)}) stemte imod."]
    return paras, [vote_row(1, "imod", None, who)], out, "vote:mindretal"


def v_gruppe1(ctx, rng, S):
    paras = ["Indstillingen er tiltrådt.", "Socialdemokratiets byrådsgruppe kunne ikke tiltræde indstillingen."]
    return paras, [vote_row(1, "imod", None, ["Socialdemokratiets byrådsgruppe"])], "godkendt", "vote:gruppe_en"


def v_gruppe2(ctx, rng, S):
    who = "Radikale Venstres og Alternativets byrådsgrupper"
    paras = [f"{ctx['committee_name']} tiltrådte indstillingen.", f"{who} kunne ikke tiltræde indstillingen."]
    return paras, [vote_row(1, "imod", None, [who])], "godkendt", "vote:gruppe_flere"


def v_anbefales_med(ctx, rng, S):
    a = max(ctx["parties"], key=lambda p: (S[p], -ctx["parties"].index(p)))
    c = next(p for p in ctx["parties"][2:] + ctx["parties"][:2] if S[p] < S[a])
    nf, ni = S[a], S[c]
    st = "stemme" if ni == 1 else "stemmer"
    sf = "stemme" if nf == 1 else "stemmer"
    paras = [f"Anbefales med {nf} {sf} for ({a}) og {ni} {st} imod ({c}). {c} stemmer imod, idet der ikke ønskes fortætning i området."]
    return paras, [vote_row(1, "for", nf, [a]), vote_row(1, "imod", ni, [c])], "anbefalet", "vote:anbefales_med"


def v_medlemmer(ctx, rng, S):
    ps = ctx["parties"]
    order = [ps[2], ps[0], ps[1], ps[5], ps[3]] if len(ps) > 5 else ps
    f, i = pick(order, S, [4, 1])
    nf, ni = seats_of(S, f), seats_of(S, i)
    m = "medlem" if ni == 1 else "medlemmer"
    paras = [f"{nf} medlemmer ({'+'.join(f)}) anbefaler indstillingen fra forvaltningen.",
             f"{ni} {m} ({'+'.join(i)}) stemmer imod, da der ikke kan gås ind for perspektivområdet."]
    return paras, [vote_row(1, "for", nf, f), vote_row(1, "imod", ni, i)], "anbefalet", "vote:medlemmer_plus"


def v_flertal(ctx, rng, S):
    ps = ctx["parties"]
    order = [ps[0], ps[1], ps[2], ps[5], ps[3]] if len(ps) > 5 else ps
    f, i = pick(order, S, [4, 1])
    f = sorted(f)
    nf = seats_of(S, f)
    o = i[0]
    paras = [f"Et flertal bestående af {da_join(f)} ({nf}) anbefaler indstillingen.",
             f"{o} ({S[o]}) kan ikke anbefale indstillingen."]
    return paras, [vote_row(1, "for", nf, f), vote_row(1, "imod", S[o], [o])], "anbefalet", "vote:flertal"


def v_two_ballots(ctx, rng, S):
    ps = ctx["parties"]
    ai, af = pick([ps[0], ps[4], ps[1], ps[2]], S, [2, 2])  # the amendment falls: its opponents win
    n_af, n_ai = seats_of(S, af), seats_of(S, ai)
    pf, pi = pick([ps[0], ps[4], ps[5], ps[1]], S, [3, 1])
    n_pf, n_pi = seats_of(S, pf), seats_of(S, pi)
    paras = [f"{af[0]} stillede ændringsforslag om, at projektet udskydes til {ctx['year'] + 1}.",
             f"Ændringsforslaget blev forkastet med {n_af} stemmer imod {n_ai}. For stemte {da_join(af)} ({n_af}). Imod stemte {da_join(ai)} ({n_ai}).",
             f"Indstillingen blev godkendt. For stemte: {da_join(pf)} ({n_pf}). Imod stemte: {da_join(pi)} ({n_pi})."]
    rows = [vote_row(1, "for", n_af, af), vote_row(1, "imod", n_ai, ai),
            vote_row(2, "for", n_pf, pf), vote_row(2, "imod", n_pi, pi)]
    return paras, rows, "godkendt", "vote:two_ballots"


def v_afvist_med(ctx, rng, S):
    ps = sorted(ctx["parties"], key=lambda p: (S[p], ctx["parties"].index(p)))  # smallest first
    f, u = ps[:2], ps[2:4]
    n_f, n_u = seats_of(S, f), seats_of(S, u)
    n_i = ctx["size"] - n_f - n_u
    if n_i <= n_f:
        u = ps[2:3]
        n_u = seats_of(S, u)
        n_i = ctx["size"] - n_f - n_u
    if n_i <= n_f:
        raise ValueError("afvist_med: no majority against")
    paras = [f"Forslaget blev afvist med {n_i} stemmer imod {n_f}. {n_u} undlod.",
             f"For stemte: {da_join(f)}.", f"Følgende undlod at stemme: {da_join(u)}."]
    rows = [vote_row(1, "for", n_f, f), vote_row(1, "imod", n_i, []), vote_row(1, "undlod", n_u, u)]
    return paras, rows, "afvist", "vote:afvist_med"


def v_forkastet(ctx, rng, S):
    ps = ctx["parties"]
    i, f = pick([ps[0], ps[1], ps[2], ps[-1], ps[-2]], S, [3, 2])
    nf, ni = seats_of(S, f), seats_of(S, i)
    paras = ["Forslaget blev forkastet.", f"For stemte: {da_join(f)} ({nf}).", f"Imod stemte: {da_join(i)} ({ni})."]
    return paras, [vote_row(1, "for", nf, f), vote_row(1, "imod", ni, i)], "afvist", "vote:forkastet"


VOTE_TEMPLATES = [  # (fn, body kinds, item kinds)
    (v_stemt_om, ("council", "committee"), ("decide",)),
    (v_anbefales_med, ("committee",), ("decide",)),
    (v_for_stemte, ("council", "committee"), ("decide",)),
    (v_gruppe1, ("council",), ("decide",)),
    (v_medlemmer, ("committee",), ("decide",)),
    (v_afvist_med, ("council", "committee"), ("proposal", "decide")),
    (v_liste, ("council", "committee"), ("decide",)),
    (v_two_ballots, ("council", "committee"), ("decide",)),
    (v_flertal, ("committee",), ("decide",)),
    (v_undlod_folg, ("council", "committee"), ("decide",)),
    (v_gruppe2, ("council",), ("decide",)),
    (v_named, ("committee",), ("decide",)),
    (v_mindretal, ("council", "committee"), ("decide",)),
    (v_forkastet, ("council", "committee"), ("proposal", "decide")),
]


# ----------------------------------------------------------------------------- people
def make_members(rng, n, parties):
    used, out = set(), []
    for i in range(n):
        while True:
            mid = rng.choice(B.MIDDLE_NAMES)
            last = rng.choice(B.LAST_NAMES)
            name = " ".join(x for x in (rng.choice(B.FIRST_NAMES), mid, last) if x)
            if name not in used and mid != last:
                used.add(name)
                break
        out.append((name, parties[i % len(parties)] if i < len(parties) else rng.choice(parties[:5])))
    return out


# ----------------------------------------------------------------------------- case numbers
def case_line(form, rng, ctx, closed=False):
    y = ctx["year"]
    yy = y % 100
    if form == "none":
        return None
    if form == "jnr":
        n = f"{y - rng.randint(0, 2)}-{rng.randint(10000, 99999)}"
        return {"number": n, "printed": f"J.nr.: {n}", "tag": "case:jnr"}
    if form == "sagsnr_colon":
        n = f"{yy - rng.randint(0, 1):02d}/{rng.randint(10000, 99999)}"
        return {"number": n, "printed": f"Sagsnr.: {n}", "tag": "case:sagsnr_colon"}
    if form == "sagsnr_plain":
        n = str(rng.randint(100000, 399999))
        return {"number": n, "printed": f"Sagsnr. {n}", "tag": "case:sagsnr_plain"}
    if form == "sag_dok":
        code = ctx["muni_code"]
        n = f"{code}-{y - rng.randint(0, 3)}-{rng.randint(100, 99999)}"
        d = f"{code}-{y}-{rng.randint(100000, 399999)}"
        ini = "".join(rng.choice("ABCDEFGHJKLMNOPRSTV") for _ in range(3))
        return {"number": n, "printed": f"Sag {n}\tDok. {d}\tInitialer: {ini}", "tag": "case:sag_dok"}
    if form in ("kle_plain", "kle_aabent", "kle_sagsbehandler"):
        a = rng.choice([0, 0, 1, 2, 27, 29])
        b = rng.choice([1, 2, 22, 3, 5])
        c = rng.choice([0, 2, 5, 4])
        n = f"{a:02d}.{b:02d}.{c:02d}-{rng.choice('AGPK')}{rng.randint(0, 26):02d}-{rng.randint(1, 1400)}-{(yy - rng.randint(0, 3)) % 100:02d}"
        if form == "kle_plain":
            return {"number": n, "printed": f"Sagsnr.: {n}", "tag": "case:kle"}
        if form == "kle_aabent":
            return {"number": n, "printed": f"{'Lukket' if closed else 'Åbent'} - {n}", "tag": "case:kle"}
        who = f"{rng.choice(B.FIRST_NAMES)} {rng.choice(B.LAST_NAMES)}"
        return {"number": n, "printed": f"Sagsnr.: {n} Sagsbehandler: {who}", "tag": "case:kle"}
    if form == "emn":
        n = f"EMN-{y}-{rng.randint(1, 9999):06d}"
        return {"number": n, "printed": n, "tag": "case:emn"}
    if form == "sag_kl":
        n = f"SAG-{y}-{rng.randint(100, 9999):05d}"
        return {"number": n, "printed": f"{n} {rng.choice(['hlth', 'hast', 'mbr', 'jkr'])}", "tag": "case:sag_kl"}
    raise KeyError(form)


# ----------------------------------------------------------------------------- blocks
def para(t):
    return {"type": "paragraph", "text": t}


def blist(items, style="bullet"):
    return {"type": "list", "style": style, "items": list(items)}


def section_text(blocks):
    out = []
    for b in blocks:
        if b["type"] in ("paragraph", "subheading"):
            out.append(b["text"])
        elif b["type"] == "list":
            if b["style"] == "numbered":
                out.append("\n".join(f"{i}. {t}" for i, t in enumerate(b["items"], 1)))
            else:
                out.append("\n".join(f"- {t}" for t in b["items"]))
    return "\n\n".join(out)


# ----------------------------------------------------------------------------- spec
def doc_context(doc_id, style, v, cfg, rng):
    ctx = {}
    muni = cfg.get("municipality")
    entry = next((m for m in B.MUNICIPALITIES if m[0] == muni), None) if muni else rng.choice(B.MUNICIPALITIES)
    ctx["muni"], ctx["town"], ctx["streets"] = entry
    ctx["muni_code"] = str(rng.randint(151, 860))
    year = rng.randint(2008, 2025)
    while True:
        d = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        if d.weekday() < 4 and d.month not in (7,):
            break
    ctx["date"], ctx["year"] = d, d.year
    ctx["start"] = rng.choice([(16, 0), (17, 0), (19, 0), (13, 0), (15, 30), (8, 30), (16, 30)])
    if cfg.get("body") == "kkr":
        ctx["start"] = rng.choice([(9, 30), (9, 0), (8, 30)])
    ctx["end"] = ((ctx["start"][0] + rng.randint(2, 3)) % 24, rng.choice([0, 15, 25, 30, 45]))
    body = cfg.get("body", "committee")
    ctx["body_kind"] = body
    ctx["committee_name"] = cfg.get("committee") or rng.choice(B.COMMITTEES)
    ctx["council"] = "Kommunalbestyrelsen" if ctx["committee_name"] == "Kommunalbestyrelsen" else "Byrådet"
    ctx["size"] = {"council": rng.choice([25, 27, 29, 31]), "committee": rng.choice([7, 9, 11]),
                   "kkr": 16, "region": 9}[body]
    parties = ["A", "V", "C", "F", "O", "Ø", "B", "I", "Å", "D"]
    rng.shuffle(parties[2:])
    if rng.random() < 0.5:
        parties[1], parties[0] = parties[0], parties[1]
    ctx["parties"] = parties[:8] if body == "council" else parties[:6]
    if style == "txt_stevns":
        ctx["parties"] = ["V", "A", "C", "O", "F", "N"]
    loc = cfg.get("location") or rng.choice(B.LOCATIONS)
    if cfg.get("placement") in ("kkr", "koege") or rng.random() < 0.2:
        loc = f"{rng.choice(['Hotel Scandic', 'Tapperiet', 'Kompas Hotel', 'Medborgerhuset', 'Rådhuset'])}, " \
              f"{rng.choice(ctx['streets'])} {rng.randint(1, 200)}, {rng.randint(1000, 9990)} {ctx['town']}"
    ctx["location"] = loc
    ctx["magistrat"] = cfg.get("magistrat", False)
    nmem = min(ctx["size"], {"council": 15, "committee": ctx["size"], "kkr": 16, "region": 9}[body])
    ctx["members"] = make_members(rng, nmem, ctx["parties"])
    ctx["absent"] = ctx["members"][-rng.randint(1, 2):]
    ctx["dept"] = rng.choice(B.DEPARTMENTS)
    return ctx


def slots_for(ctx, rng, extra=None):
    y = ctx["year"]
    d2 = ctx["date"] - dt.timedelta(days=rng.randint(20, 120))
    d3 = ctx["date"] - dt.timedelta(days=rng.randint(5, 19))
    s = {
        "year": y, "yearm1": y - 1, "yearm4": y - 4, "year1": y + 1, "year3": y + 3, "year4": y + 4, "year10": y + 10,
        "date": fmt_date(ctx["date"], "long"), "date2": fmt_date(d2, "long"), "date3": fmt_date(d3, "long"),
        "dept": ctx["dept"], "committee": ctx["committee_name"], "body": ctx["council"], "council": ctx["council"],
        "muni": ctx["muni"], "town": ctx["town"], "street": rng.choice(ctx["streets"]),
        "n": rng.randint(12, 1200), "k": rng.randint(1, 12), "k2": rng.randint(1, 9),
        "count": rng.randint(2, 14), "count2": rng.randint(40, 400), "weeks": rng.choice([4, 6, 8]),
        "amount": f"{rng.randint(1, 40)}.{rng.randint(0, 999):03d}.{rng.randint(0, 999):03d}",
        "amount2": f"{rng.randint(100, 999)}.{rng.randint(0, 999):03d}",
        "pct": f"{rng.randint(1, 9)},{rng.randint(0, 9)}",
        "area": rng.choice(B.AREAS), "building": rng.choice(B.BUILDINGS), "club": rng.choice(B.CLUBS),
        "assoc": rng.choice(B.ASSOCIATIONS), "service": rng.choice(B.SERVICES), "board": rng.choice(B.BOARDS),
        "care_service": rng.choice(B.CARE_SERVICES), "child_service": rng.choice(B.CHILD_SERVICES),
        "region": rng.choice(["Nordjylland", "Sjælland", "Syddanmark", "Midtjylland"]),
        "party_name": rng.choice(["Enhedslisten", "Alternativet", "Dansk Folkeparti", "SF", "Nye Borgerlige"]),
        "season": rng.choice(["foråret", "efteråret"]),
        "c1": rng.choice(["TMU", "BUU", "KIU", "SSU"]), "c2": "ØU",
    }
    s["area_slug"] = slug(s["area"])
    if extra:
        s.update(extra)
    return s


def make_title_block(cfg, ctx):
    """Printed title block lines: list of {kind, text} or {kind: label, label, value}."""
    pl = cfg.get("placement")
    label = cfg.get("doc_label")
    com = ctx["committee_name"]
    dfmt, tfmt = cfg.get("date_fmt", "long"), cfg.get("time_fmt", "none")
    d = ctx["date"]
    date_s = fmt_date(d, dfmt) if dfmt != "none" else None
    if tfmt == "range":
        time_s = f"{hhmm(ctx['start'])} - {hhmm(ctx['end'])}"
    elif tfmt == "none":
        time_s = None
    else:
        time_s = fmt_time(ctx["start"], tfmt)
    end_s = fmt_time(ctx["end"], tfmt) if cfg.get("labels", {}).get("end") and tfmt not in ("none", "range") else None
    lab = cfg.get("labels", {})
    meet = {"committee": com, "date": d.isoformat() if date_s else None,
            "start_time": hhmm(ctx["start"]) if time_s else None,
            "end_time": hhmm(ctx["end"]) if (end_s or tfmt == "range") else None,
            "location": ctx["location"] if lab.get("place") or pl in ("sentence_single", "sentence_multi", "kkr", "koege") or cfg.get("datetime_line") else None}
    tags = [f"placement:{pl}", f"date:{dfmt}" if date_s else "date:absent", f"time:{tfmt}" if time_s else "time:absent"]
    if tfmt in ("bare_h", "range"):
        tags.append("time:bare")
    lines = []
    verb = {"referat": "Referat", "dagsorden": "Dagsorden"}.get(cfg.get("doc_type"), label)
    labels = []

    def add_labels():
        for key in ("committee", "date", "time", "end", "place"):
            if key not in lab:
                continue
            val = {"committee": com, "date": date_s, "time": time_s, "end": end_s, "place": ctx["location"]}[key]
            if val is None:
                continue
            labels.append({"kind": "label", "label": lab[key], "value": val})
            tags.append(f"label:{lab[key]}")
            if key == "time" and tfmt == "range":
                tags.append("time:end_range")
        if labels:
            tags.append(f"label_layout:{cfg.get('label_layout')}")

    if pl == "below":
        lines += [{"kind": "doclabel", "text": label}, {"kind": "committee", "text": com}]
        add_labels()
    elif pl == "above":
        lines += [{"kind": "committee", "text": com}, {"kind": "doclabel", "text": label}]
        add_labels()
    elif pl == "header_only":
        lines += [{"kind": "doclabel", "text": label}]
        add_labels()
    elif pl == "label":
        if label:
            lines.append({"kind": "doclabel", "text": label})
        add_labels()
    elif pl == "none":
        if label:
            lines.append({"kind": "doclabel", "text": label})
        meet["committee"] = None
        add_labels()
    elif pl == "only_committee":
        lines.append({"kind": "committee", "text": com})
        add_labels()
    elif pl == "inline_dash":
        lines.append({"kind": "doclabel", "text": f"{com} - {label}"})
        add_labels()
    elif pl == "sentence_single":
        prep = "fra" if cfg["doc_type"] == "referat" else "for"
        tdot = f" {time_s}" if time_s else ""
        lines.append({"kind": "sentence", "text": f"{verb} {prep} mødet i {com} den {date_s}{tdot} i {ctx['location']}"})
    elif pl == "sentence_multi":
        lines += [{"kind": "doclabel", "text": verb}, {"kind": "sentence", "text": "til"},
                  {"kind": "sentence", "text": f"mødet i {com}"},
                  {"kind": "sentence", "text": f"den {date_s} {time_s}"},
                  {"kind": "sentence", "text": f"i {ctx['location']}"}]
    elif pl == "kkr":
        lines += [{"kind": "doclabel", "text": f"{label} {ctx['year']}"}, {"kind": "committee", "text": com}]
        labels += [{"kind": "label", "label": "Dato:", "value": f"{date_s} {time_s}"},
                   {"kind": "label", "label": "Sted:", "value": ctx["location"]}]
        tags += ["label:Dato:", "label:Sted:", "time:after_date"]
    elif pl == "koege":
        what = "Referat af møde i" if cfg["doc_type"] == "referat" else "Dagsorden til møde i"
        lines += [{"kind": "doclabel", "text": f"{what} {com}"},
                  {"kind": "sentence", "text": f"Den {date_s} {time_s} i {ctx['location']}"}]
    else:
        raise KeyError(pl)
    if not labels and pl in ("above", "below", "header_only", "label", "none", "only_committee", "inline_dash") \
            and date_s and not cfg.get("datetime_line"):
        lines.append({"kind": "plain", "text": f"{date_s} {time_s}" if time_s else date_s})
        if time_s:
            tags.append("time:after_date")
    if cfg.get("datetime_line"):
        lines.append({"kind": "plain", "text": f"{date_s} {time_s}"})
        lines.append({"kind": "plain", "text": ctx["location"]})
        tags.append("time:after_date")
    if pl not in ("none",) and meet["committee"] is None:
        pass
    if pl == "none" or (pl == "label" and "committee" not in lab):
        meet["committee"] = None
    return lines, labels, meet, tags


def participants_blocks(cfg, ctx, rng, items_range):
    out, labels = [], []
    mem, absent = ctx["members"], ctx["absent"]
    present = [m for m in mem if m not in absent]
    tags = []
    for kind in cfg.get("participants", []):
        if kind == "labels_afbud":
            labels.append({"kind": "label", "label": "Afbud:", "value": da_join([f"{n} ({p})" for n, p in absent])})
            labels.append({"kind": "label", "label": "Fraværende:", "value": ""})
            labels.append({"kind": "label", "label": "Bemærkninger:",
                           "value": f"{present[2][0]} deltog ikke i behandlingen af pkt. {int(items_range[0].split('.')[0]) + 2}, idet vedkommende var inhabil."})
            tags += ["part:afbud", "part:fravaerende"]
        elif kind == "labels_fravaer":
            labels.append({"kind": "label", "label": "Fraværende:", "value": ", ".join(f"{n} ({p})" for n, p in absent)})
            tags.append("part:fravaerende")
        elif kind == "deltagere":
            out.append({"heading": "Deltagere", "names": [f"{n} ({p})" for n, p in present]})
            tags.append("part:deltagere")
        elif kind == "deltagere_colon":
            out.append({"heading": "Deltagere:", "names": [f"{n}, ({p})" for n, p in mem]})
            tags.append("part:deltagere")
        elif kind == "afbud":
            out.append({"heading": "Afbud", "names": [f"{n} ({p})" for n, p in absent]})
            tags.append("part:afbud")
        elif kind == "medlemmer":
            names = [f"{n} ({p})" for n, p in mem]
            names[0] = "Formand " + names[0]
            out.append({"heading": "Medlemmer", "names": names})
            tags.append("part:medlemmer")
        elif kind == "fravaer_sag":
            n, p = absent[0]
            out.append({"heading": "Fraværende", "names": [f"{n} ({p}), sag {items_range[0]}-{items_range[1]}"]})
            tags.append("part:fravaerende")
        else:
            raise KeyError(kind)
    return out, labels, tags


def topic_title(topic, slots, rng, force=None):
    """(title, subject): the subject, used in the item's sentences, is the title without its '– ...' tail."""
    tpl = force or rng.choice(topic["titles"])
    title = fill(tpl, slots)
    subj = re.split(r" – | - ", title)[0]
    if len(subj) > 1 and subj[1].islower():
        subj = subj[0].lower() + subj[1:]
    return title, subj


ROLE_TEXT = {
    "resume": B.P_RESUME, "okonomi": B.P_OKONOMI, "lovgrundlag": B.P_LOVGRUNDLAG, "horing": B.P_HORING,
    "personale": B.P_PERSONALE, "effekt": B.P_EFFEKT, "sagsforlob": B.P_SAGSFORLOB, "kompetence": B.P_KOMPETENCE,
    "paategning": B.P_PAATEGNING, "supplerende": B.P_SUPPLERENDE, "baggrund": B.P_BAGGRUND, "kerne": B.P_RESUME,
    "tema": B.P_RESUME,
}


def role_blocks(role, slots, rng, ctx, routine=None):
    if routine:
        if role == "indstilling":
            if routine == "stedfortraeder":
                return [para(B.P_ROUTINE["stedfortraeder_ind"][0])]
            k = {"dagsorden": 1, "referat": 2}.get(routine, 0)
            return [para(fill(B.P_INDSTILLING_SINGLE[k], slots))]
        return [para(fill(t, slots)) for t in B.P_ROUTINE[routine]]
    if role in ("sagsfremstilling", "beskrivelse"):
        ps = rng.sample(B.P_SAGSFREMSTILLING, rng.randint(2, 3))
        blocks = [para(fill(t, slots)) for t in ps]
        r = rng.random()
        if r < 0.3:
            blocks.insert(1, {"type": "subheading", "text": rng.choice(B.SUBHEADINGS)})
        if rng.random() < 0.35:
            items = [fill(t, slots) for t in rng.sample(B.LIST_ITEMS, rng.randint(2, 4))]
            blocks.insert(len(blocks) - 1, blist(items, "numbered" if rng.random() < 0.3 else "bullet"))
        return blocks
    if role == "indstilling":
        r = rng.random()
        if r < 0.25:
            return [para(fill(rng.choice([B.P_INDSTILLING_SINGLE[0], B.P_INDSTILLING_SINGLE[3]]), slots))]
        intros = [t for t in B.P_INDSTILLING_INTRO if not (ctx["body_kind"] == "council" and "anbefaler over for" in t)]
        intro = fill(rng.choice(intros), slots)
        ats = [fill(t, slots) for t in rng.sample(B.AT_LINES, rng.randint(1, 3))]
        if r < 0.75:
            return [para(intro)] + [para(a) for a in ats]
        return [para(intro), blist(ats, "bullet")]
    if role == "beslutningspunkter":
        return [para(fill(t, slots)) for t in B.P_BESLUTNINGSPUNKTER[:rng.randint(1, 3)]]
    texts = ROLE_TEXT[role]
    n = 2 if role in ("resume", "kerne") and rng.random() < 0.35 else 1
    return [para(fill(t, slots)) for t in rng.sample(texts, n)]


def chain_heading(form, body, date, pkt, colon_style):
    if form == "i_body_dash":
        return f"Beslutning i {body} den {fmt_date(date, 'dmy_dash')}", colon_style
    if form == "i_body_long":
        return f"Beslutning i {body} den {fmt_date(date, 'long')}", colon_style
    if form == "body_line":
        return f"{body}, {fmt_date(date, 'dmy_dash')}, pkt. {pkt}", False
    if form == "fra_long":
        return f"Beslutning fra {body}, {fmt_date(date, 'long')}, pkt. {pkt}", True
    if form == "caps_i":
        return f"BESLUTNING I {body.upper()} DEN {fmt_date(date, 'dmy_dash')}", False
    if form == "plain":
        return "Beslutning", colon_style
    raise KeyError(form)


def own_heading(form, ctx, number, colon_style):
    body, d = ctx["committee_name"], ctx["date"]
    if form == "plain":
        return "Beslutning", colon_style, "dechead:plain"
    if form == "plural":
        return "Beslutninger", colon_style, "dechead:plural"
    if form == "caps":
        return "BESLUTNING", False, "dechead:caps"
    if form == "i_body_dash":
        tag = "dechead:i_udvalget" if body.startswith("Udvalget") else ("dechead:i_byraadet" if body in ("Byrådet", "Kommunalbestyrelsen") else "dechead:i_body")
        return f"Beslutning i {body} den {fmt_date(d, 'dmy_dash')}", colon_style, tag
    if form == "body_line":
        return f"{body}, {fmt_date(d, 'dmy_dash')}, pkt. {number}", False, "dechead:body_line"
    raise KeyError(form)


def outcome_for(kind, routine, ctx, rng):
    council = ctx["body_kind"] == "council"
    if routine in ("dagsorden", "referat", "stedfortraeder"):
        return "godkendt"
    if routine in ("meddelelser", "sporgetid"):
        return rng.choice(["taget til efterretning", "other", "taget til efterretning"])
    if routine in ("fravaer", "eventuelt"):
        return "other"
    if kind == "closed":
        return "godkendt"
    if kind == "orient":
        return rng.choice(["taget til efterretning", "taget til efterretning", "drøftet"])
    if kind == "proposal":
        return rng.choice(["afvist", "henvist", "afvist", "henvist", "godkendt"])
    r = rng.random()
    if r < 0.08:
        return "udsat"
    if r < 0.2:
        return "henvist"
    if r < 0.25:
        return "drøftet"
    if r < 0.31:
        return "afvist"
    return "godkendt" if council or rng.random() < 0.35 else "anbefalet"


def other_text(routine, ctx, rng):
    ab = ctx["absent"]
    if routine == "fravaer":
        return [f"{da_join([n for n, _ in ab])} var fraværende."]
    if routine == "eventuelt":
        return [rng.choice(["Intet.", "Formanden orienterede om den kommende temadag for udvalget."])]
    return [rng.choice(["Formanden orienterede om mødet i KKR og om status på budgetprocessen.",
                        "Borgmesteren orienterede om henvendelsen fra Vejdirektoratet."])]


def build_items(cfg, ctx, rng, style_id):
    """Item specs, in printed order, with group/part headings attached to the item after them."""
    numbering = cfg["numbering"]
    n_lo, n_hi = cfg["n_items"]
    n_top = rng.randint(n_lo, n_hi)
    n_closed = rng.randint(*cfg["n_closed"]) if cfg.get("closed") else 0
    topics = rng.sample(B.TOPICS, len(B.TOPICS))
    if cfg.get("force_budget2"):
        topics.sort(key=lambda t: t["key"] != "budget")

    used_titles = set()

    def topic_entry(t, forced=None):
        for _ in range(30):
            sl = slots_for(ctx, rng)
            title, subject = topic_title(t, sl, rng, forced)
            if title not in used_titles:
                break
        used_titles.add(title)
        sl["subject"] = subject
        return {"kind": t["kind"], "routine": None, "title": title, "slots": sl, "topic": t["key"]}

    def routine_entry(r):
        sl = slots_for(ctx, rng, {"absent": da_join([n for n, _ in ctx["absent"]]),
                                  "p": ctx["parties"][1], "sub": f"{rng.choice(B.FIRST_NAMES)} {rng.choice(B.LAST_NAMES)}"})
        sl["subject"] = "dagsordenen"
        return {"kind": "routine", "routine": r, "title": rng.choice(B.ROUTINE[r]), "slots": sl, "topic": r}

    def closed_entry():
        for _ in range(30):
            sl = slots_for(ctx, rng)
            title = fill(rng.choice(B.CLOSED_TITLES), sl)
            if title not in used_titles:
                break
        used_titles.add(title)
        sl["subject"] = "sagen"
        return {"kind": "closed", "routine": None, "title": title, "slots": sl, "topic": "closed"}

    entries = []  # flat list of dicts with number/level/group
    if numbering in ("dot_sub", "nodot_sub"):
        groups = []
        if numbering == "dot_sub":  # KKR: numbered parents that are items themselves
            parents = [("Godkendelse af referat", ["dagsorden", "referat"]), ("Siden sidst", ["meddelelser"]),
                       ("Sager til beslutning" if style_id != "lo_kkr" else "Regionalpolitiske sager", None),
                       ("Udpegninger", "leaf"), ("Eventuelt", "leaf_ev")][:max(3, n_top)]
            ti = 0
            for gi, (ptitle, subs) in enumerate(parents, 1):
                par_e = {"kind": "parent", "routine": None, "title": ptitle, "slots": slots_for(ctx, rng), "topic": "parent",
                         "number": str(gi), "level": 1}
                if subs == "leaf":
                    e = topic_entry(next(t for t in topics if t["key"] == "udpegning"))
                    e.update(number=str(gi), level=1, title=ptitle)
                    entries.append(e)
                    continue
                if subs == "leaf_ev":
                    e = routine_entry("eventuelt")
                    e.update(number=str(gi), level=1, title=ptitle)
                    entries.append(e)
                    continue
                entries.append(par_e)
                kids = [routine_entry(r) for r in subs] if subs else []
                if subs is None:
                    cand = [t for t in topics if t["key"] not in ("udpegning",)]
                    kids = [topic_entry(t) for t in cand[ti:ti + rng.randint(3, 4)]]
                    ti += 4
                for k, e in enumerate(kids, 1):
                    e.update(number=f"{gi}.{k}", level=2)
                    entries.append(e)
            if n_closed:
                gi = len(parents) + 1
                for k in range(n_closed):
                    e = closed_entry()
                    e.update(number=str(gi + k), level=1)
                    entries.append(e)
        else:  # region/Køge: unnumbered group headings, items g.k
            if cfg.get("groups") == "committee_caps":
                gnames = ["ØKONOMIUDVALGET", "TEKNIK- OG MILJØUDVALGET", "KULTUR- OG IDRÆTSUDVALGET"]
            else:
                gnames = ["Til beslutning – for åbne døre", "Til efterretning – for åbne døre", "Sager til drøftelse"]
            ti = 0
            for gi in range(1, n_top + 1):
                kids = []
                if gi == 1:
                    kids.append(routine_entry("dagsorden"))
                cnt = rng.randint(2, 3)
                kids += [topic_entry(t) for t in topics[ti:ti + cnt]]
                ti += cnt
                if gi == n_top and n_closed:
                    kids += [closed_entry() for _ in range(n_closed)]
                for k, e in enumerate(kids, 1):
                    e.update(number=f"{gi}.{k}", level=1)
                    if k == 1:
                        e["group_before"] = gnames[(gi - 1) % len(gnames)]
                    entries.append(e)
    else:
        n_open = n_top
        flat = []
        council = ctx["body_kind"] == "council"
        flat.append(routine_entry("dagsorden") if rng.random() < 0.75 else routine_entry("meddelelser"))
        if council and rng.random() < 0.5:
            flat.append(routine_entry(rng.choice(["fravaer", "stedfortraeder", "sporgetid"])))
        elif rng.random() < 0.5:
            flat.append(routine_entry("meddelelser" if flat[0]["routine"] != "meddelelser" else "referat"))
        tl = topics[:]
        while len(flat) < n_open - (1 if rng.random() < 0.5 else 0):
            t = tl.pop(0)
            forced = None
            if t["key"] == "budget" and cfg.get("force_budget2"):
                forced = t["titles"][0]
            flat.append(topic_entry(t, forced))
        if len(flat) < n_open:
            flat.append(routine_entry("eventuelt"))
        # order: decisions before orientations inside the open part
        head = [e for e in flat if e["kind"] == "routine" and e["routine"] != "eventuelt"]
        dec = [e for e in flat if e["kind"] in ("decide", "proposal")]
        ori = [e for e in flat if e["kind"] == "orient"]
        ev = [e for e in flat if e["routine"] == "eventuelt"]
        flat = head + dec + ori + ev
        if cfg.get("groups") == "open_closed":
            if dec:
                dec[0]["group_before"] = "Til beslutning – for åbne døre"
            if ori:
                ori[0]["group_before"] = "Til efterretning – for åbne døre"
        closed = [closed_entry() for _ in range(n_closed)]
        if closed and cfg.get("groups") == "open_closed":
            closed[0]["group_before"] = "For lukkede døre"
        flat += closed
        start = cfg.get("running") or 1
        for i, e in enumerate(flat):
            e.update(number=str(start + i), level=1)
        entries = flat
    return entries


def numbering_heading(numbering, number, title, level):
    """(num_part, title_part, printed single-line form) of a heading."""
    if numbering in ("dot", "spaces", "bullet"):
        num = f"{number}."
    elif numbering == "dot_sub":
        num = f"{number}."
    elif numbering == "nodot_sub":
        num = number
    elif numbering == "punkt":
        num = f"Punkt {number}:"
    elif numbering == "pkt":
        num = f"Pkt. {number}"
    elif numbering == "nr_dash":
        return f"Nr. {number} -", title, f"Nr. {number} - {title}"
    elif numbering == "nr_glued":
        return f"Nr.{number} -", title, f"Nr.{number} - {title}"
    elif numbering == "sagnr":
        num = f"Sag nr. {number}"
    elif numbering == "below":
        return f"Sag nr. {number}", title, f"{title}\nSag nr. {number}"
    else:
        raise KeyError(numbering)
    if numbering == "spaces":
        return num, title, f"{num}   {title}"
    if numbering == "bullet":
        return num, title, f" • {num} {title}"
    return num, title, f"{num} {title}"


NUM_TAG = {"dot": "num:dot", "dot_sub": "num:dot_sub", "nodot_sub": "num:nodot_sub", "punkt": "num:punkt", "pkt": "num:pkt",
           "nr_dash": "num:nr_dash", "nr_glued": "num:nr_glued", "sagnr": "num:sagnr_line", "below": "num:sagnr_below",
           "bullet": "num:bullet", "spaces": "num:dot"}


def make_attachments(form, heading, rng, slots, n, closed_ok=True):
    ents = []
    titles = rng.sample(B.ATTACHMENT_TITLES, n)
    files = rng.sample(B.ATTACHMENT_FILES, n)
    for i in range(1, n + 1):
        t = fill(titles[i - 1], slots)
        f = fill(files[i - 1], slots)
        y2 = slots["year"] % 100
        ref = f"{rng.randint(1000, 399999)}/{y2:02d}"
        if form == "bilag_n":
            ents.append({"index": i, "title": t, "access": None, "reference": None, "printed": f"Bilag {i}: {t}"})
        elif form == "bare":
            ents.append({"index": i, "title": t, "access": None, "reference": None, "printed": t})
        elif form == "files":
            ents.append({"index": i, "title": f, "access": None, "reference": None, "printed": f})
        elif form == "bilag_pdf":
            ents.append({"index": i, "title": t, "access": None, "reference": None, "printed": f"Bilag: {t} (PDF)"})
        elif form in ("table", "num_access_ref", "num_access_ref_txt"):
            acc = "Lukket" if (closed_ok and rng.random() < 0.25) else "Åben"
            e = {"index": i, "title": t, "access": acc.lower().replace("å", "å"), "reference": ref,
                 "cells": [str(i), acc, t, ref]}
            e["access"] = "åben" if acc == "Åben" else "lukket"
            if form == "num_access_ref":
                e["printed"] = f"{i}. {acc} {t} {ref}"
            elif form == "num_access_ref_txt":
                e["printed"] = f"{i} {acc} {t} {ref}"
            else:
                e["printed"] = f"{i} {acc} {t} {ref}"
            ents.append(e)
        elif form in ("pdf_icon", "pdf_icon_lines"):
            ents.append({"index": i, "title": f, "access": None, "reference": None, "printed": f"application/pdf icon {f}"})
        else:
            raise KeyError(form)
    return {"heading": heading, "form": form, "entries": ents}


def build_spec(doc_id, style_id, v):
    style = STYLES[style_id]
    cfg = {k: val for k, val in style.items() if k != "variants"}
    cfg.update(style["variants"][v])
    rng = random.Random(f"{SEED}/{doc_id}")
    fmt = "txt" if style["renderer"] == "text" else "pdf"
    spec = {"id": doc_id, "style": style_id, "variant": v, "renderer": style["renderer"], "format": fmt,
            "source": f"{fmt}/{doc_id}.{fmt}", "font": cfg.get("font"), "size": cfg.get("size"),
            "head_size": cfg.get("head_size"), "features": []}
    if cfg.get("notat"):
        return build_notat(spec, cfg, rng)
    ctx = doc_context(doc_id, style_id, v, cfg, rng)
    lines, labels, meet, tags = make_title_block(cfg, ctx)
    spec["features"] += tags
    entries = build_items(cfg, ctx, rng, style_id)
    nums = [e["number"] for e in entries]
    prange = (nums[0], nums[-1])
    parts, plabels, ptags = participants_blocks(cfg, ctx, rng, (entries[0]["number"], entries[-1]["number"]))
    spec["features"] += ptags
    spec.update({
        "doc_type": cfg.get("doc_type"), "doc_label": cfg.get("doc_label"), "municipality": ctx["muni"],
        "meeting": meet, "title_lines": lines, "labels": labels + plabels, "label_layout": cfg.get("label_layout", "inline"),
        "participants": parts, "toc": bool(cfg.get("toc")), "numbering": cfg["numbering"],
        "heading_layout": cfg.get("heading_layout", "inline"),
        "header": cfg.get("header"), "header_first": bool(cfg.get("header_first")), "footer": cfg.get("footer"),
        "signature": cfg.get("signature"), "grid": bool(cfg.get("grid")), "range_line": None,
        "header_text": None,
    })
    if style_id == "lo_kkr":
        spec["preamble"] = [
            ("Mission", "KL bidrager til at udvikle og fastholde et stærkt lokalt demokrati. KL varetager kommunernes fælles "
                        "interesser og er kommunernes samlede forhandlingsorganisation, videnscenter og forum for fælles "
                        "initiativer og beslutninger."),
            ("Vision", "KL opnår, med et helhedsperspektiv på opgaveløsningen, indflydelse og resultater på kommunernes vegne, "
                       "til gavn for borgerne og samfundet.")]
    if cfg.get("signature"):
        spec["signers"] = [n for n, _ in ctx["members"] if (n, _) not in ctx["absent"]]
    if style_id == "txt_rodovre":
        spec["range_line"] = f"Sager {prange[0]} - {prange[1]}"
    dl = {"referat": "Referat", "dagsorden": "Dagsorden"}.get(cfg.get("doc_type"), "Referat")
    if cfg.get("header") == "doc_line":
        spec["header_text"] = [f"{ctx['committee_name']}, {dl}, {fmt_date(ctx['date'], 'long')}"]
    elif cfg.get("header") == "referat_for_side":
        forw = "For" if ctx["body_kind"] == "council" else "for"
        spec["header_text"] = [f"{dl} {forw} {ctx['committee_name']}", "Side {page}"]
    elif cfg.get("header") == "page_right":
        spec["header_text"] = ["", "{page}"]
    if cfg.get("placement") == "header_only":
        spec["features"].append("committee:header_only")
        if cfg.get("header") == "referat_for_side":
            spec["features"].append("header:referat_for_side")
    if spec["header_text"]:
        spec["features"].append(f"furniture:header_{cfg.get('header')}")
    if cfg.get("footer"):
        spec["features"].append(f"furniture:footer_{cfg['footer']}")
    if cfg.get("signature"):
        spec["features"].append("furniture:signature_page")
    if spec["toc"]:
        spec["features"].append(f"toc:{style['renderer']}")
    spec["features"].append(NUM_TAG[cfg["numbering"]])
    if cfg.get("running") and cfg["running"] > 50:
        spec["features"].append("num:running")
    if doc_id and meet["committee"] is None:
        spec["features"].append("committee:absent")
    if meet["date"] is None:
        spec["features"].append("date:absent")
    if spec["doc_type"] is None:
        spec["features"].append("doctype:none")
    spec["features"].append(f"doclabel:{cfg.get('doc_label')}")

    # -------------------------------------------------------------- items
    case_form = cfg["case_forms"][v % len(cfg["case_forms"])]
    attach_form = cfg["attach_forms"][v % len(cfg["attach_forms"])]
    is_min = cfg.get("doc_type") != "dagsorden"
    items = []
    closed_mode = cfg.get("closed") or ""
    part_done = False
    for e in entries:
        it = {"number": e["number"], "level": e.get("level", 1), "kind": e["kind"], "topic": e["topic"]}
        title = e["title"]
        closed = e["kind"] == "closed"
        sl = e["slots"]
        if closed:
            if closed_mode.startswith("prefix:"):
                title = f"{closed_mode.split(':', 1)[1]} {title}"
                spec["features"].append("closed:" + closed_mode.split(":", 1)[1])
            elif closed_mode == "part":
                if not part_done:
                    it["part_before"] = "LUKKET MØDE"
                    part_done = True
                spec["features"].append("closed:part")
            elif closed_mode == "case_marker":
                spec["features"].append("closed:case_marker")
        if re.match(r"^\d+\. ", title):
            spec["features"].append("title:starts_with_number")
        it["title"] = title
        it["closed"] = closed
        if e.get("group_before"):
            it["group_before"] = e["group_before"]
            spec["features"].append("group_heading")
        num_part, title_part, printed = numbering_heading(cfg["numbering"], e["number"], title, it["level"])
        it["heading"] = {"num": num_part, "title": title_part, "printed": printed}
        # case line
        it["case"] = None
        if e["kind"] != "parent" and not (e["kind"] == "routine" and rng.random() < 0.4):
            c = case_line(case_form if not (closed and case_form == "none") else "none", rng, ctx, closed)
            if c:
                it["case"] = c
                spec["features"].append(c["tag"])
        # sections
        sections = []
        if e["kind"] == "parent":
            pass
        elif closed:
            if rng.random() < 0.5:
                role, head, _ = next(x for x in cfg["sections"] if x[0] not in ("kompetence", "sagsforlob", "indstilling"))
                sections.append({"role": "text", "kind": role, "heading": head, "colon": bool(cfg.get("colon")),
                                 "blocks": [para("Sagen behandles for lukkede døre.")]})
        else:
            for role, head, prob in cfg["sections"]:
                if e["kind"] == "routine":
                    first_text = next(r for r, _, p in cfg["sections"] if p >= 1.0 and r not in ("kompetence", "sagsforlob", "indstilling"))
                    if role == first_text or (role == "indstilling" and rng.random() < 0.5):
                        blocks = role_blocks(role, sl, rng, ctx, routine=e["routine"])
                    else:
                        continue
                else:
                    if rng.random() >= prob:
                        continue
                    blocks = role_blocks(role, sl, rng, ctx)
                sections.append({"role": "text", "kind": role, "heading": head, "colon": bool(cfg.get("colon")), "blocks": blocks})
                spec["features"].append(f"sec:{head.lower()}")
        # decisions
        dec_secs = []
        own = None
        if e["kind"] != "parent":
            chain = []
            council = ctx["body_kind"] == "council"
            if e["kind"] in ("decide",) and not closed:
                p_chain = 0.45 if council else (0.35 if style_id in ("txt_stevns", "txt_rodovre", "ty_rodovre", "lo_prepare", "ty_region") else 0.12)
                if rng.random() < p_chain:
                    if council:
                        pre = [rng.choice([c for c in B.COMMITTEES if c != "Økonomiudvalget"]), "Økonomiudvalget"]
                        if rng.random() < 0.4:
                            pre = pre[1:]
                    else:
                        pre = [rng.choice(["Direktionen", "Teknik- og Miljøudvalget", "Plan- og Boligudvalget", "Børne- og Ungeudvalget"])]
                        if ctx["committee_name"] == pre[0]:
                            pre = ["Direktionen"]
                    days = 7 * len(pre)
                    for body in pre:
                        d = ctx["date"] - dt.timedelta(days=days)
                        days -= 7
                        h, colon = chain_heading(cfg["chain_head"], body, d, rng.randint(3, 180), bool(cfg.get("colon")))
                        txt = CYCLE.next("chaintext", ["Anbefales.", "Indstilles godkendt.", f"Udvalget anbefaler indstillingen over for {ctx['council']}.",
                                                        "Anbefales, idet udvalget ønsker en status om et år."])
                        if body == "Direktionen":
                            txt = "Anbefales."
                        chain.append({"role": "decision", "kind": "chain", "heading": h, "colon": colon, "body": body,
                                      "blocks": [para(txt)]})
                        spec["features"].append("chain:" + cfg["chain_head"])
            if len(chain) >= 2:
                spec["features"].append("chain:long")
            dec_secs += chain
            if is_min:
                outcome = outcome_for(e["kind"], e["routine"], ctx, rng)
                votes = []
                vt_tag = None
                council_kind = "council" if council else "committee"
                p_vote = 0.3 if e["kind"] == "proposal" else (0.45 if council else 0.6)
                if e["kind"] in ("decide", "proposal") and not closed and rng.random() < p_vote:
                    fn = CYCLE.next(f"votes:{council_kind}:{e['kind']}", VOTE_TEMPLATES, ok=lambda t: council_kind in t[1] and e["kind"] in t[2])[0]
                    paras, votes, outcome, vt_tag = fn(ctx, rng, seats_for(ctx, rng))
                    spec["features"].append(vt_tag)
                elif outcome == "other":
                    paras = other_text(e["routine"], ctx, rng)
                    spec["features"].append("dec:other")
                else:
                    phrase = decision_phrase(outcome, ctx)
                    paras = [phrase]
                    if phrase == "Herefter godkendt.":
                        paras = [rng.choice(HERE_GODKENDT_LEAD), phrase]
                    spec["features"].append("dec:" + re.sub(r"\b(Byrådet|Kommunalbestyrelsen|Aarhus Byråd|Odense Byråd|Magistratens|Økonomiudvalgets)\b", "X", phrase))
                if rng.random() < 0.13 and outcome != "other" and not votes:
                    n, p = rng.choice(ctx["members"][:-2])
                    paras = [f"{n} ({p}) deltog ikke i behandlingen af punktet."] + paras
                    spec["features"].append("dec:absence_note_first")
                h, colon, htag = own_heading(cfg["dec_head"], ctx, e["number"], bool(cfg.get("colon")))
                spec["features"].append(htag)
                own = {"role": "own_decision", "kind": "own", "heading": h, "colon": colon, "body": ctx["committee_name"],
                       "blocks": [para(x) for x in paras]}
                dec_secs.append(own)
                it["outcome"] = outcome
                it["votes"] = votes
            else:
                it["outcome"] = None
                it["votes"] = []
        else:
            it["outcome"] = None
            it["votes"] = []
        pos = cfg.get("dec_pos", "end")
        if pos == "end":
            sections = sections + dec_secs
        elif pos == "first":
            sections = dec_secs + sections
        else:
            k = next((i + 1 for i, s in enumerate(sections) if s["kind"] == "indstilling"), len(sections))
            sections = sections[:k] + dec_secs + sections[k:]
        it["sections"] = sections
        # attachments
        it["attachments"] = None
        if e["kind"] in ("decide", "orient", "proposal") and rng.random() < 0.5:
            n = rng.randint(1, 3)
            it["attachments"] = make_attachments(attach_form, cfg.get("attach_heading"), rng, sl, n)
            spec["features"].append("att:" + {"pdf_icon_lines": "pdf_icon"}.get(attach_form, attach_form))
            if cfg.get("attach_heading"):
                spec["features"].append(f"atthead:{cfg['attach_heading']}")
        items.append(it)
    spec["items"] = items
    spec["notes"] = make_notes(spec, cfg, style)
    return spec


def make_notes(spec, cfg, style):
    bits = [style["desc"] + "."]
    m = spec["meeting"]
    if cfg.get("placement") == "header_only":
        bits.append("The committee is printed only in the running header.")
    if m["committee"] is None:
        bits.append("No committee is printed in the title block (committee null).")
    if m["date"] is None:
        bits.append("No meeting date is printed (date null).")
    if spec["doc_type"] is None:
        bits.append("No document type is printed; the decisions printed make it minutes (doc_type referat, as the real-text truth infers it).")
    if spec["doc_type"] == "dagsorden":
        bits.append("Agenda: decision_text and outcome are null; earlier bodies' decision blocks, if printed, are sections only.")
    if any(it["heading"]["title"][:1].isdigit() for it in spec["items"]):
        bits.append("A title begins with a number.")
    if spec.get("toc"):
        bits.append("A table of contents lists the items with their page numbers.")
    if spec.get("signature"):
        bits.append("The last page is an Underskriftsside with names in two columns (furniture).")
    return " ".join(bits)


NOTAT_SECTIONS = [
    ("Indledning", ["Dette notat beskriver {subject} og giver et overblik over de økonomiske og organisatoriske konsekvenser.",
                    "Notatet er udarbejdet af {dept} som bilag til sagen om {subject}, der behandles i {committee} den {date}.",
                    "Notatet bygger på oplysninger fra kommunens økonomisystem, de seneste regnskaber og drøftelser med de berørte afdelinger."]),
    ("Baggrund", ["Byrådet besluttede på mødet den {date2}, at der skulle udarbejdes en samlet analyse af området.",
                  "Analysen omhandler kun de borgere, som har modtaget en indsats i hele perioden, hvorfor den ikke kan sige noget om den samlede udvikling på området.",
                  "Med rammeaftalen blev det besluttet, at der skal udmøntes en udgiftsreduktion på 5 pct. i {year} sammenlignet med {yearm4}-niveauet. Udgiftsreduktionen skal indføres løbende og skal ske delvist gennem takstreduktioner og delvist gennem mere præcis visitering.",
                  "Kommuner og region har i perioden fulgt borgerne tæt og haft fokus på, at borgerne har fået de rigtige tilbud med henblik på at blive mere selvhjulpne."]),
    ("Økonomi", ["Tabellen viser udgifterne fordelt på de enkelte områder. Beløbene er angivet i kr. i løbende priser.",
                 "Samlet set forventes et mindreforbrug på {pct} % i forhold til det vedtagne budget. Den samlede anlægsudgift er opgjort til {amount} kr.",
                 "Merudgiften på {amount2} kr. i {year} foreslås finansieret af kassebeholdningen, mens de varige driftsudgifter indarbejdes i budgetlægningen for {year1}."]),
    ("Vurdering", ["Det er forvaltningens vurdering, at de foreslåede tiltag kan gennemføres inden for den eksisterende ramme.",
                   "Der er dog usikkerhed om udviklingen i antallet af borgere med behov for en særlig indsats. Fremadrettet er der flere forhold, der forventes at præge billedet, bl.a. bliver der flere unge med diagnoser, og der forventes et generelt pres på psykiatriområdet.",
                   "Udgiftsanalysen viser, at der er sket en reduktion i udgifterne på både dag- og døgnområdet for voksne samt for dagområdet for børn. Der har til gengæld været en mindre stigning i udgifterne på døgnområdet for børn, hvilket primært kan tilskrives udgiften til aflastning."]),
    ("Den videre proces", ["Notatet forelægges {committee} den {date}, hvorefter sagen sendes videre til Økonomiudvalget og Byrådet.",
                           "Forvaltningen følger op på udviklingen hvert halve år og forelægger en status for udvalget i forbindelse med budgetopfølgningen."]),
]


def build_notat(spec, cfg, rng):
    muni, town, streets = rng.choice(B.MUNICIPALITIES)
    year = rng.randint(2012, 2025)
    ctx = {"date": dt.date(year, rng.randint(1, 12), rng.randint(1, 28)), "year": year, "dept": rng.choice(B.DEPARTMENTS),
           "committee_name": rng.choice(B.COMMITTEES), "council": "Byrådet", "muni": muni, "town": town, "streets": streets}
    sl = slots_for(ctx, rng)
    t = rng.choice([tp for tp in B.TOPICS if tp["kind"] in ("decide", "orient")])
    title, subject = topic_title(t, sl, rng)
    sl["subject"] = subject
    secs = []
    for i, (h, ps) in enumerate(NOTAT_SECTIONS, 1):
        secs.append({"heading": f"{i}. {h}", "blocks": [para(fill(p, sl)) for p in ps]})
    rows = []
    for name in rng.sample(["Administration", "Dagtilbud", "Skoler", "Ældreområdet", "Veje og parker", "Kultur og fritid", "Beskæftigelse"], 4):
        a = rng.randint(1_000_000, 60_000_000)
        b = int(a * (1 + rng.uniform(-0.08, 0.08)))
        rows.append([name, f"{a:,}".replace(",", "."), f"{b:,}".replace(",", "."), f"{(b - a) / a * 100:.1f}".replace(".", ",") + " %"])
    spec.update({
        "doc_type": None, "doc_label": "Notat", "municipality": muni, "notat": True,
        "meeting": {"committee": None, "date": None, "start_time": None, "end_time": None, "location": None},
        "notat_head": [f"{muni} Kommune", ctx["dept"]], "notat_title": f"Notat: {cap1(title)}",
        "notat_meta": [("Til:", ctx["committee_name"]), ("Fra:", ctx["dept"]),
                       ("Emne:", cap1(subject))],
        "notat_sections": secs, "notat_table": {"after_section": 2, "caption": f"Tabel 1. Udgifter {year - 1} og {year} (kr.)",
                                                "header": ["Område", f"Regnskab {year - 1}", f"Budget {year}", "Ændring"], "rows": rows},
        "items": [], "header_text": None, "footer": cfg.get("footer"), "header_first": False, "signature": None, "toc": False,
        "features": ["notat"],
    })
    spec["notes"] = ("A readable attachment (Notat), not an agenda or minutes: numbered headings '1. Indledning', '2. Baggrund', "
                     "... must not become items; the table is not part of any truth. doc_type null, items [], all meeting fields null "
                     "(the Til:/Fra:/Emne: lines are not a meeting).")
    return spec


# ----------------------------------------------------------------------------- truth
def truth_of(spec, render_info):
    """The truth file: the spec's content in the truth format; pages/furniture from render_info."""
    pages = render_info.get("pages", {})
    items = []
    for i, it in enumerate(spec["items"]):
        secs = [{"heading": s["heading"], "text": section_text(s["blocks"])} for s in it["sections"]]
        own = next((s for s in it["sections"] if s["role"] == "own_decision"), None)
        minutes = spec["doc_type"] != "dagsorden"
        att = []
        if it.get("attachments"):
            for a in it["attachments"]["entries"]:
                att.append({"index": a["index"], "title": a["title"], "access": a["access"], "reference": a["reference"]})
        items.append({
            "number": it["number"], "title": it["title"], "closed": it["closed"],
            "case_number": it["case"]["number"] if it.get("case") else None,
            "page": pages.get(i) if spec["format"] == "pdf" else None,
            "sections": secs,
            "decision_text": section_text(own["blocks"]) if (own and minutes) else None,
            "outcome": it["outcome"] if minutes else None,
            "votes": it["votes"] if minutes else [],
            "attachments": att,
        })
    # As the real-text truth does: minutes that do not print their type are minutes when they
    # print decisions ("inferred (decisions present)").
    doc_type = spec["doc_type"]
    if doc_type is None and not spec.get("notat") and any(i["outcome"] for i in items):
        doc_type = "referat"
    return {
        "source": spec["source"], "style": spec["style"], "renderer": spec["renderer"], "doc_type": doc_type,
        "meeting": {k: spec["meeting"][k] for k in ("committee", "date", "start_time", "end_time", "location")},
        "items": items, "furniture": render_info.get("furniture", []), "notes": spec["notes"],
    }


# ----------------------------------------------------------------------------- coverage
REQUIRED = [
    # numbering
    "num:dot", "num:dot_sub", "num:nodot_sub", "num:punkt", "num:pkt", "num:nr_dash", "num:nr_glued", "num:sagnr_line",
    "num:sagnr_below", "num:running", "num:bullet", "title:starts_with_number",
    # title block
    "placement:above", "placement:below", "placement:sentence_single", "placement:sentence_multi", "committee:header_only",
    "placement:label", "committee:absent", "date:absent", "doctype:none",
    "label:Dato:", "label:Mødedato:", "label:MØDEDATO", "label:Tid:", "label:Tidspunkt:", "label:Starttidspunkt:", "label:Kl.",
    "label:Sluttidspunkt:", "label:Sted:", "label:Mødested:", "label:Lokale:", "label:Udvalg:", "time:end_range",
    "label_layout:tab", "label_layout:grid", "label_layout:nextline", "label_layout:inline",
    "date:dmy_dash", "date:dmy_dot", "date:wd_dash", "date:wd_long", "date:long", "time:kl_dot", "time:Kl_colon", "time:bare",
    "part:medlemmer", "part:deltagere", "part:afbud", "part:fravaerende",
    "doclabel:Referat", "doclabel:Dagsorden", "doclabel:Åbent referat", "doclabel:Beslutningsprotokol",
    # closed
    "closed:Lukket punkt:", "closed:Lukket:", "closed:Lukket sag:", "closed:part",
    # case lines
    "case:sagsnr_colon", "case:sagsnr_plain", "case:sag_dok", "case:jnr", "case:emn", "case:sag_kl", "case:kle",
    # sections
    "sec:resume", "sec:resumé", "sec:sagsresumé", "sec:sagens kerne", "sec:beslutningskompetence", "sec:økonomi",
    "sec:økonomi og organisatoriske konsekvenser", "sec:effekt", "sec:personale", "sec:lovgrundlag", "sec:høring",
    "sec:sagsforløb", "sec:beslutningspunkter", "sec:borgmesterens afdelings påtegning", "sec:supplerende sagsfremstilling",
    "sec:baggrund", "sec:indstilling", "sec:sagsfremstilling",
    "dechead:plain", "dechead:plural", "dechead:caps", "dechead:i_byraadet", "dechead:i_udvalget", "dechead:body_line",
    "chain:i_body_dash", "chain:body_line", "chain:fra_long", "chain:long",
    # decisions
    "dec:Godkendt.", "dec:Indstillingen godkendt.", "dec:Indstillingen er tiltrådt.", "dec:X tiltrådte indstillingen.",
    "dec:X har vedtaget X indstilling.", "dec:Herefter godkendt.", "dec:Vedtaget.", "dec:Anbefales.", "dec:Indstilles godkendt.",
    "dec:Udvalget anbefaler indstillingen over for X.", "dec:Taget til efterretning.",
    "dec:Orienteringen blev taget til efterretning.", "dec:Til orientering.", "dec:Drøftet.", "dec:Punktet blev drøftet.",
    "dec:Udsat.", "dec:Sagen blev udsat til næste møde.", "dec:Forslaget blev forkastet.", "dec:Afvist.",
    "dec:Fremsendes til Teknisk Udvalg til behandling.", "dec:Oversendes til Økonomiudvalget.",
    "dec:Henvises til Børne- og Ungeudvalget.", "dec:Sendt til Børn og Unge-udvalget.",
    "dec:Tilbagesendes forvaltningen til fornyet behandling.", "dec:other", "dec:absence_note_first",
    # votes
    "vote:stemt_om", "vote:named", "vote:for_stemte", "vote:undlod_folgende", "vote:liste", "vote:mindretal", "vote:gruppe_en",
    "vote:gruppe_flere", "vote:anbefales_med", "vote:medlemmer_plus", "vote:flertal", "vote:two_ballots", "vote:afvist_med",
    "vote:forkastet",
    # attachments
    "att:bilag_n", "att:table", "att:num_access_ref", "att:bare", "att:files", "att:bilag_pdf", "att:pdf_icon",
    "atthead:Bilag", "atthead:Bilag:", "atthead:Bilagsfortegnelse",
    # furniture, toc, groups
    "furniture:header_doc_line", "furniture:header_referat_for_side", "furniture:footer_side_af", "furniture:footer_bare",
    "furniture:signature_page", "furniture:til_toppen", "furniture:fold_alle_ud", "furniture:pdf_icon",
    "toc:libreoffice", "group_heading", "notat",
]


def coverage(specs):
    uses, styles = {}, {}
    for s in specs:
        for f in s["features"]:
            uses[f] = uses.get(f, 0) + 1
            styles.setdefault(f, set()).add(s["style"])
    bad = []
    for f in REQUIRED:
        n, st = uses.get(f, 0), styles.get(f, set())
        need_styles = 1 if f in ("furniture:header_referat_for_side",) else 2
        if n < 2 or len(st) < need_styles:
            bad.append(f"{f}: {n} uses in {sorted(st)}")
    return uses, styles, bad


# ----------------------------------------------------------------------------- main
def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-pdf", action="store_true", help="skip PDF rendering (specs, txt and txt truth only)")
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--keep-work", action="store_true", help="keep the intermediate .fodt/.typ files")
    ap.add_argument("--only", default=None, help="render only documents whose id contains this (for development)")
    args = ap.parse_args(argv)
    import render_txt
    import render_pdf

    specs = [build_spec(i, s, v) for i, s, v in plan()]
    for s in specs:
        if s["format"] == "txt":
            s["_txt"], s["_furniture"] = render_txt.render(s)
    uses, styles, bad = coverage(specs)
    for sub in ("specs", "pdf", "txt", "truth"):
        os.makedirs(os.path.join(args.out, sub), exist_ok=True)
    infos = {}
    if not args.no_pdf:
        infos = render_pdf.render_all([s for s in specs if s["format"] == "pdf" and (not args.only or args.only in s["id"])],
                                      args.out, keep=args.keep_work)
    for s in specs:
        clean = {k: v for k, v in s.items() if not k.startswith("_")}
        write_json(os.path.join(args.out, "specs", s["id"] + ".json"), clean)
        if s["format"] == "txt":
            with open(os.path.join(args.out, "txt", s["id"] + ".txt"), "w", encoding="utf-8") as f:
                f.write(s["_txt"])
            info = {"furniture": s["_furniture"]}
            render_txt.verify(s, truth_of(s, info))
        else:
            if args.no_pdf or s["id"] not in infos:
                continue
            info = infos[s["id"]]
        write_json(os.path.join(args.out, "truth", s["id"] + ".json"), truth_of(s, info))
    # stats
    truths = [truth_of(s, infos.get(s["id"], {"furniture": s.get("_furniture", [])})) for s in specs]
    stats = summary(specs, truths)
    stats["coverage"] = {f: {"uses": uses.get(f, 0), "styles": sorted(styles.get(f, ()))} for f in REQUIRED}
    stats["pdf_pages"] = {k: v["n_pages"] for k, v in sorted(infos.items())}
    write_json(os.path.join(args.out, "manifest.json"), stats)
    print(json.dumps({k: v for k, v in stats.items() if k not in ("documents", "coverage")}, ensure_ascii=False, indent=1))
    if bad:
        print("COVERAGE FAILURES:\n  " + "\n  ".join(bad), file=sys.stderr)
        return 1
    return 0


def summary(specs, truths):
    by_r, by_s = {}, {}
    n_items = n_closed = n_rows = n_who = n_att = n_dec = 0
    docs = []
    for s, t in zip(specs, truths):
        by_r[s["renderer"]] = by_r.get(s["renderer"], 0) + 1
        by_s[s["style"]] = by_s.get(s["style"], 0) + 1
        ni = len(t["items"])
        n_items += ni
        n_closed += sum(1 for i in t["items"] if i["closed"])
        n_rows += sum(len(i["votes"]) for i in t["items"])
        n_who += sum(len(v["who"]) for i in t["items"] for v in i["votes"])
        n_att += sum(len(i["attachments"]) for i in t["items"])
        n_dec += sum(1 for i in t["items"] if i["outcome"])
        docs.append({"id": s["id"], "style": s["style"], "renderer": s["renderer"], "source": s["source"],
                     "doc_type": s["doc_type"], "items": ni})
    return {"documents_total": len(specs), "by_renderer": by_r, "by_style": by_s, "items": n_items, "closed_items": n_closed,
            "items_with_outcome": n_dec, "vote_rows": n_rows, "vote_who_entries": n_who, "attachments": n_att,
            "seed": SEED, "documents": docs}


if __name__ == "__main__":
    sys.exit(main())
