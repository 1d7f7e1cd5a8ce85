"""Audit the derived knowledge of every public passage against issue 10's Deliver bullets (a dev script).

    python bench/audit_knowledge.py [--show N] [FOLDER ...]   # default: ../shared/eval news, squad_pool, external

Builds each passage (and the bundled article) and counts, per check, the entities, roles, facts and
answers that break a bullet, with up to N examples each.  The checks are independent of the
extractor's own rules (they re-read the text), so they can find what the extractor gets wrong:

- ``person-is-body`` / ``person-is-place``: a person whose name ends in an organisation or place word,
  or that the text puts after "in/at/the" in most mentions;
- ``place-is-person``: a place whose name opens with a known given name or that says something;
- ``fragment``: an entity whose every mention in the text is part of a longer capitalised name;
- ``same-referent``: two entities of one kind where one's name is the other's with words dropped;
- ``bad-role``: a role with a comma (not "34, from Leeds"), or whose head word names no person;
- ``outlet-speaker``: a quote credited to the outlet the sentence says it was told to or reported by;
- ``beyond-quote``: an answer line with a content word its quote does not have;
- ``fragment-answer``: an answer cut with "…" or ending on a word that cannot end a clause;
- ``number-unnamed``: a how-many answer that is a bare number, or an age offered for "how many years";
- ``odd-offer``: a generated question about "the it".

A dev check, not a test: the tests never read ../shared.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.build import BUNDLED_ARTICLE, build_knowledge, read_article  # noqa: E402
from knowledge.lexicon import load_lexicon  # noqa: E402
from knowledge.model import SPEECH_KINDS, Knowledge  # noqa: E402
from knowledge.people import load_people_words  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
DEFAULT = [EVAL / "news", EVAL / "squad_pool", EVAL / "external"]
OUTLET_WORDS = {"Times", "Post", "News", "Herald", "Guardian", "Telegraph", "Journal", "Gazette", "Chronicle",
                "Mirror", "Observer", "Echo", "Tribune", "BBC", "Reuters", "Sky", "ITV", "CNN", "Press",
                "Courier", "Mail", "Express", "Independent", "Standard", "Radio", "Television", "Magazine"}
_STOP = set("""a an the of to in on at for by with from and or but as is are was were be been being has have had
will would could should may might can must not no that this these those it its he she they them his her their
him we our you your i me my said says say told tell added adding also about into over than then there here who whom
which what when where why how did do does done so if up out all any some more most very just only own such""".split())
_WORD = re.compile(r"[A-Za-z][\w’'-]*")
# a run of capitalised words on one line, not across a sentence's end ("News\nEmmanuel Macron", "Y. There")
# (a possessive ends it: "Hooke's law" is Hooke's)
_CAP_RUN = re.compile(r"\b(?:[A-Z][\w&-]*|(?:of|and|the|for|de|van|von)\b)(?:[ \t]+(?:[A-Z][\w&-]*|(?:of|and|the|for|de|van|von)\b))*")
_CANNOT_END = {"the", "a", "an", "of", "to", "and", "or", "but", "with", "for", "by", "from", "in", "on", "at",
               "was", "were", "is", "are", "be", "that", "which", "who", "his", "her", "their", "its", "as", "now"}


def passages(folders: list[Path]) -> list[tuple[str, str]]:
    out = [(BUNDLED_ARTICLE.name, BUNDLED_ARTICLE.read_text(encoding="utf-8"))]
    for folder in folders:
        out += [(p.name, read_article(p)) for p in sorted(folder.glob("*.txt"))]
    return out


def audit(name: str, k: Knowledge, found: dict[str, list[str]]) -> None:
    lex, people = load_lexicon(), load_people_words()
    text = k.text
    org_words = set(lex.organisation_words) | set(lex.public_body_words)
    place_words = set(lex.place_words)
    given = set(lex.given_names)
    person_words = set(people.person_nouns) | {r.split()[-1] for r in lex.roles}
    names_of = {n for e in k.entities for n in (e.name, *e.aliases)}
    title_words = {w for r in lex.roles for w in r.split()} | {a.casefold() for c in lex.countries for a in c.adjectives}

    def note(check: str, what: str) -> None:
        found[check].append(f"{name}: {what}")

    def mentions(n: str) -> list[re.Match[str]]:
        return list(re.finditer(rf"(?<![\w’'-]){re.escape(n)}(?![\w-])", text))

    for e in k.entities:
        words = e.name.split()
        if e.kind == "person":
            if words[-1] in org_words:
                note("person-is-body", e.name)
            elif words[-1] in place_words or any(e.name in (c.name, *c.aliases) for c in lex.countries):
                note("person-is-place", e.name)
            else:
                ms = mentions(e.name)
                placed = [m for m in ms if re.search(r"\b(?:in|at|from|near|to|the)\s+$", text[max(0, m.start() - 6):m.start()])]
                office = words[-1].casefold().removesuffix("s") in person_words  # "the Presiding Officer"
                if ms and 2 * len(placed) > len(ms) and not office and not any(
                        a.startswith(("Mr ", "Ms ", "Mrs ", "Dr ")) for a in e.aliases):
                    note("person-is-place", f"{e.name} ({len(placed)}/{len(ms)} after in/at/the)")
        if e.kind == "place" and len(words) > 1 and words[0] in given and words[-1] not in place_words:
            note("place-is-person", e.name)
        if e.kind in ("person", "place", "organisation") and len(words) >= 1:
            ms = mentions(e.name)
            inside, example = 0, ""
            for m in ms:
                run = next((r for r in _CAP_RUN.finditer(text, max(0, m.start() - 60), min(len(text), m.end() + 60))
                            if r.start() <= m.start() and r.end() >= m.end()), None)
                if run is None:
                    continue
                longer = run.group().strip()
                if " and " not in e.name:  # "Thomas and Hugh Brennan", "France and Germany": two names, not one
                    pieces = re.split(r"\s+and\s+", longer)
                    longer = next((p for p in pieces if e.name in p), longer)
                if re.search(r"(?:^|[.!?:]\s+|\n)$", text[max(0, run.start() - 3) : run.start()]):
                    opener = longer.split()[0]  # "Convening the Parliamentary Bureau": a sentence's first word
                    if opener not in e.name.split() and not any(opener in n.split() for n in names_of):
                        longer = longer[len(opener):].strip()
                longer = re.sub(r"^(?:(?:the|and|of|for)\s+)+|(?:\s+(?:the|and|of|for))+$", "", longer)
                parts = re.split(r"\s+(?:of|for)\s+(?:the\s+)?", longer)
                if len(parts) > 1 and all(p in names_of for p in parts):
                    continue  # "Henry I of England", "X for the US Air Force": two names, both read
                first = longer.split()[0] if longer else ""
                extra = longer.replace(e.name, " ").split()
                if longer != e.name and extra and not all(
                        w in lex.honorifics or w.rstrip(".") in lex.abbreviations or w.casefold() in lex.sentence_starters
                        or w in ("of", "and", "the", "for") or w in lex.weekdays or w in lex.months
                        or w.casefold() in person_words or w.casefold() in title_words for w in extra) \
                        and first not in lex.honorifics:
                    inside += 1
                    example = longer
            if ms and inside == len(ms):
                note("fragment", f"{e.name} ({e.kind}) always inside a longer name ({example!r})")
    by_kind: dict[str, list] = defaultdict(list)
    for e in k.entities:
        by_kind[e.kind].append(e)
    for kind, es in by_kind.items():
        if kind not in ("person", "place", "organisation"):
            continue
        for a in es:
            for b in es:
                wa, wb = a.name.split(), b.name.split()
                if a.id != b.id and len(wa) < len(wb) and any(wb[i:i + len(wa)] == wa for i in range(len(wb))) and (
                        kind != "organisation" or wb[-1] not in org_words or wa[-1] == wb[-1]):
                    note("same-referent", f"{a.name} / {b.name} ({kind})")
    for e in k.entities:
        if e.kind != "person" or not e.role:
            continue
        role = e.role
        if re.match(r"\d{1,3}(?:,|$)", role) or role.startswith(("who ", "which ")):
            continue
        if "," in role:
            note("bad-role", f"{e.name}: {role!r}")
            continue
        head = re.split(r"\s+(?:of|at|for|from|in|with|on|and)\s+", role)[0]
        last = _WORD.findall(head)[-1].casefold() if _WORD.findall(head) else ""
        if last and last not in person_words and not last.endswith("-year-old") and not re.match(
                r"(?:from|of|at|for)\s", role) and role.casefold() not in people.court_roles and not re.fullmatch(
                r"[A-Z][\w’'&-]*(?:\s+[A-Z][\w’'&-]*){0,2}", role):
            note("bad-role", f"{e.name}: {role!r}")
    entity = {e.id: e for e in k.entities}
    for f in k.facts:
        if f.kind in SPEECH_KINDS and f.subject in entity and entity[f.subject].kind == "organisation":
            body = entity[f.subject]
            said_to = any(re.search(rf"\b(?:told|to|according to|reported by|in)\s+(?:the\s+)?{re.escape(n)}\b", f.quote.text)
                          for n in (body.name, *body.aliases) if n[:1].isupper())
            if said_to or (f.venue and f.venue.removeprefix("the ").removeprefix("The ") in (body.name, *body.aliases)):
                note("outlet-speaker", f"{body.name} credited with {f.quote.text[:90]!r}")
    names = {w.casefold() for e in k.entities for n in (e.name, *e.aliases) for w in _WORD.findall(n)}
    for p in k.qa:
        if p.kind in ("summary", "headline", "people", "identity") or not p.fact:
            continue
        quote = p.quote.text.casefold()
        qwords = {w.casefold() for w in _WORD.findall(p.quote.text)}
        extra = [w for w in _WORD.findall(p.answer) if w.casefold() not in _STOP and w.casefold() not in names
                 and w.casefold() not in qwords and w.casefold()[:5] not in quote]
        if extra:
            note("beyond-quote", f"{p.answer[:100]!r} adds {extra[:4]} to {p.quote.text[:70]!r}")
        last = re.findall(r"[\w’'-]+", p.answer)
        if "…" in p.answer or (last and last[-1].casefold() in _CANNOT_END and p.answer.rstrip().endswith(".")
                                and not p.answer.rstrip(".").endswith("”")):
            note("fragment-answer", f"{p.kind}: {p.answer[:100]!r}")
        if p.kind == "how_many":
            bare = re.fullmatch(r"[\d.,%£$€-]+\.?", p.answer.strip())
            age = re.search(r"\d+-year-old", p.answer) and any("how many years" in q or "how long" in q for q in p.questions)
            if bare or age:
                note("number-unnamed", f"{p.answer!r} for {p.questions[0]!r}")
        if any(re.search(r"\bthe it\b", q) for q in p.questions):
            note("odd-offer", f"{p.questions[0]!r} from {p.quote.text[:70]!r}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=5, help="examples printed per check")
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args(argv)
    found: dict[str, list[str]] = defaultdict(list)
    items = passages(args.folders or DEFAULT)
    for name, text in items:
        audit(name, build_knowledge(text, source=name), found)
    for check in ("person-is-body", "person-is-place", "place-is-person", "fragment", "same-referent", "bad-role",
                  "outlet-speaker", "beyond-quote", "fragment-answer", "number-unnamed", "odd-offer"):
        hits = found.get(check, [])
        print(f"{check}: {len(hits)}")
        for hit in hits[: args.show]:
            print(f"    {hit}")
    print(f"{len(items)} passages audited; {sum(len(v) for v in found.values())} findings")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
