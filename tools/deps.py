#!/usr/bin/env python3
"""Module dependencies of src/ (issue 21): prints import cycles and layer violations.

A module is a file's path under src/ (`run/batch.rs` -> run::batch, `views/csv/mod.rs` ->
views::csv; submodules of a folder module count as the folder module when --depth 2).
Exit status 1 when there is a cycle or a layer violation."""
import re, sys, pathlib, itertools

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"
DEPTH = 2  # modules are compared at two path levels: run::batch, structure::tables

def module_of(path):
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "mod":
        parts = parts[:-1]
    if parts in (["lib"], ["main"]):
        return None
    return "::".join(parts[:DEPTH])

def strip_tests(text):
    # unit tests may use anything; cut `#[cfg(test)] mod tests {...}` at the end of a file
    i = text.find("#[cfg(test)]\nmod tests")
    if i < 0:
        i = text.find("#[cfg(test)]\npub(crate) mod tests")
    return text if i < 0 else text[:i]

files = [p for p in SRC.rglob("*.rs") if p.name != "tests.rs"]
mods = {m for m in (module_of(p) for p in files) if m}
edges = {}
for p in files:
    m = module_of(p)
    if not m:
        continue
    text = strip_tests(p.read_text())
    text = re.sub(r"//[^\n]*", "", text)  # comments and doc links are not imports
    here = m.split("::")
    targets = set()
    for path in re.findall(r"\bcrate::([a-z_]+(?:::[a-z_]+)?)", text):
        targets.add("::".join(path.split("::")[:DEPTH]))
    for path in re.findall(r"\bsuper::([a-z_]+)", text):
        rel = list(p.relative_to(SRC).with_suffix("").parts)
        parent = rel[:-1] if rel[-1] != "mod" else rel[:-2]
        targets.add("::".join((parent + [path])[:DEPTH]))
    # `use crate::x::{a, b}` groups
    for group in re.findall(r"\bcrate::([a-z_]+)::\{([^}]*)\}", text):
        for name in re.findall(r"\b([a-z_]+)\b", group[1]):
            targets.add("::".join([group[0], name][:DEPTH]))
    for t in targets:
        # a path to an item of a top-level module (crate::model::Document) is the module
        while t not in mods and "::" in t:
            t = t.rsplit("::", 1)[0]
        if t in mods and t != m and not t.startswith(m + "::") and not m.startswith(t + "::"):
            edges.setdefault(m, set()).add(t)

# strongly connected components (Tarjan)
index, low, stack, on, sccs, counter = {}, {}, [], set(), [], itertools.count()
def visit(v):
    index[v] = low[v] = next(counter); stack.append(v); on.add(v)
    for w in edges.get(v, ()):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(sorted(comp))
sys.setrecursionlimit(10000)
for v in sorted(mods):
    if v not in index:
        visit(v)

STAGES = ("input", "repair", "structure", "model", "language", "error", "settings", "files")
bad = []
for m, ts in sorted(edges.items()):
    top = m.split("::")[0]
    for t in sorted(ts):
        ttop = t.split("::")[0]
        if top in STAGES and ttop in ("run", "views", "pipeline", "cli") and not (m == "settings" and t == "run::store"):
            bad.append(f"stage {m} imports {t}")
        if m in ("run::worker", "run::store", "run::pool") and ttop == "views":
            bad.append(f"{m} imports the view {t}")
for c in sccs:
    print("cycle:", " <-> ".join(c))
for b in bad:
    print("layer:", b)
if "-v" in sys.argv:
    for m, ts in sorted(edges.items()):
        print(f"{m} -> {', '.join(sorted(ts))}")
print(f"{len(mods)} modules, {sum(len(t) for t in edges.values())} imports, {len(sccs)} cycles, {len(bad)} layer violations")
sys.exit(1 if sccs or bad else 0)
