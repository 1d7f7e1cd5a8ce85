"""Audit every question the bot offers (examples and suggestion buttons) on every public passage (a dev script).

    python bench/offer_audit.py            # counts per shape, then every flagged offer with its answer
    python bench/offer_audit.py --all      # also every offer that is not flagged

Passages: the bundled article, ../shared/eval/news, attribution, external and squad_pool (a text that is
byte-identical to one already read is read once).  Each offer is asked of the engine and printed with
its answer.  The flags are read from the question and the engine's answer alone, by rules of their own
(not the checker's in bot/engine/offers.py), so they can disagree with it:

- "no deed": "What did X do/say?" answered by a sentence where no name of X (nor "by X") is followed by a
  lower-case word ending as a verb does and more words ("Newton proposed.", "Conservatives support had
  held firm", "He ordered Isaac to ...");
- "unowned role": "Who is X?" answered "X is his/her/their ...";
- "junk in list": "Who is involved?" answered with a lower-case or one-letter name ("member", "P");
- "vague count": "How many ...?" whose counted words are only qualifiers and a generic noun ("How many
  different ways?") or a unit ("How many cubic metres?");
- "bad role": "Who is X?" answered "X is the <one word>." where the article never puts that word right
  before or after a name of X ("Albert Einstein is the general.");
- "role unquoted": "Who is X?" answered "X is the <role>." with a quote that neither sets the role beside a
  name of X nor, naming no X, calls someone by it as a doer ("James Watt is the governor." quoting "The
  centrifugal governor was adopted by James Watt"; "Lord Advocate is the First Minister." quoting "The First
  Minister, Scottish cabinet ministers and Law officers sit ...");
- "vague count": also "How many ...?" answered with a word for "some" ("Several layers.", "Millions of
  copies.");
- "torn clause": "What did X do/say?" answered with a clause that hangs on another ("Where their prince
  Bohemond I founded ...");
- "denied": a question without "not" answered with a saying the sentence denies ("Kestrel has not yet said
  how it will vote." for "Who will vote?");
- "no name": "Who ...?" answered with no name first ("But he said Pacely had never sold data ...");
- "cut answer": "What did X do?" answered with a line that stops on a verb whose object was cut away ("... Mercury's orbit and found.",
  "William invaded Scotland in 1072, riding.");
- "no one": "Who ...?" answered with a name that opens with an adverb-like adjective ("Early Norman.");
- "pasted opening": a capitalised "About", "Nearly", "The" ... inside a question, before a lower-case word
  ("How much did About a quarter of the app’s UK users pay?");
- "stitched deed": "What did X do?" answered "X <word> ..." where the quote has "X, <word>" (a participle
  after a comma names X, it is not X's verb: "the first Internet2 Network, called Abilene,").
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine.conversation import Conversation  # noqa: E402
from bot.engine.engine import Engine  # noqa: E402
from knowledge.build import BUNDLED_ARTICLE, build_knowledge  # noqa: E402
from knowledge.people import load_people_words  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
GENERIC = frozenset("ways types kinds classes parts methods things objects situations events elements ideas "
                    "developments differences subtypes forms sorts items cases people".split())
UNITS = frozenset("metres meters miles feet inches kilometres kilometers litres tonnes tons grams kilograms "
                  "seconds minutes hours days weeks months years".split())
QUALIFIERS = frozenset("different various distinct separate main major key important basic fundamental other "
                       "several possible general specific individual certain particular additional similar "
                       "cubic square".split())
IRREGULAR_PAST = frozenset("told took led made gave won lost held left met paid sold sent spent wrote said "
                           "began brought came chose fell found got grew kept knew put ran rose saw spoke "
                           "stood thought went struck hit set cut".split())


def passages() -> list[tuple[str, str]]:
    """(name, text) of every passage, byte-identical texts once."""
    paths = [BUNDLED_ARTICLE] + [p for sub in ("news", "attribution", "external", "squad_pool")
                                 for p in sorted((EVAL / sub).glob("*.txt"))]
    seen: set[str] = set()
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if text not in seen:
            seen.add(text)
            out.append((path.stem, text))
    return out


VAGUE = re.compile(r"(?:several|many|a few|a handful of|dozens of|hundreds of|thousands of|millions of|numerous|"
                   r"various|countless)\s+(?!hundred|thousand|million|billion)[a-z]", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|never|no)\b|n[’']t\b", re.IGNORECASE)
DENIED_SAYING = re.compile(r"\b(?:not|never)\s+(?:yet\s+)?(?:said|say|says|decided|confirmed|announced|revealed)\b"
                           r"|n[’']t\s+(?:yet\s+)?(?:said|say|decided|confirmed)\b", re.IGNORECASE)
NO_NAME = frozenset("he she they it this these those but and yet so however".split())
SPEECH_VERBS = frozenset("said says told added claimed insisted warned argued stated".split())  # close an apposition
SUBORDINATORS = frozenset("where when which who whom whose while whereas as because although though if since "
                          "after before until unless once that".split())


def flag(question: str, answer: str, quote: str, names: list[str], text: str) -> str:
    """The shape that makes an offer bad, or ""."""
    if question.startswith("What did ") and re.search(
            r"(?:,|\band)\s+(?:[a-z]+(?:ed|ing)|found|made|took|gave|saw|left|held)\.$", answer):
        return "cut answer"
    if question.startswith("Who ") and re.fullmatch(r"[A-Z][a-z]+ly\s+[A-Z]\w+\.", answer):
        return "no one"
    if re.search(r"\s(?:About|Nearly|Around|Over|Some|Several|More|Almost|Roughly|The|A|An)\s+[a-z]", question):
        return "pasted opening"
    denial = DENIED_SAYING.search(answer)
    if denial and not NEGATION.search(question) and not re.search(r"\b(?:said|says|told)\b", answer[:denial.start()]):
        return "denied"  # (not "A spokesman said the company ... had not yet decided": that is what was said)
    if question.startswith("Who ") and answer.split(maxsplit=1)[0].lower() in NO_NAME:
        return "no name"
    did = re.match(r"What did (?:the )?(.+) (do|say)\?$", question)
    if did:
        if answer.split(maxsplit=1)[0].lower() in SUBORDINATORS:
            return "torn clause"
        if _stitched(answer, quote, [did.group(1), *names]):
            return "stitched deed"
        return "" if _shows_deed(answer, [did.group(1), *names]) else "no deed"
    who = re.match(r"Who is (?:the )?(.+)\?$", question)
    if who and re.search(r"\bis (?:his|her|their|its) ", answer):
        return "unowned role"
    if question == "Who is involved?":
        listed = answer.removeprefix("The article mentions ").rstrip(".").split(", ")
        nouns = load_people_words().person_nouns
        if any(n[:1].islower() and " " not in n and n not in nouns or len(n.strip()) <= 2
               or re.search(r"\. (?:This|Not)\b", n) for n in listed):
            return "junk in list"
        return ""
    count = re.match(r"How many (.+)\?$", question)
    if count:
        words = count.group(1).lower().split()
        if words[-1] in GENERIC | UNITS and all(w in QUALIFIERS for w in words[:-1]) or VAGUE.match(answer):
            return "vague count"
    said = re.match(r"(.+?) is (?:the |a |an )?(.+)\.$", answer)
    role = said.group(2).lower() if said else ""
    if who and said and not _role_in_quote(said.group(2), quote, [n for n in names if n.lower() not in role
                                                                   and role not in n.lower()]):
        return "role unquoted"
    role = re.match(r"(.+) is the ([a-z]+)\.$", answer)
    if who and role:
        word = role.group(2)
        beside = any(re.search(rf"\b{re.escape(word)},?\s+{re.escape(n)}\b|\b{re.escape(n)},?\s+(?:the |a )?"
                               rf"{re.escape(word)}\b", text, re.IGNORECASE) for n in names)
        if not beside and not _calls_someone(word, text):
            return "bad role"
    return ""


def _shows_deed(answer: str, names: list[str]) -> bool:
    """Whether the answer has a name of the subject (not a possessive) then, past "who" or a comma-closed
    aside, a verb (a past, "has/have/had", "will/would", an -s form) with words after it; or "by" and the
    name (a passive's agent)."""
    for name in dict.fromkeys(n for n in names if n):
        for found in re.finditer(rf"(?<![\w’'-]){re.escape(name)}(?![\w’'-])", answer, re.IGNORECASE):
            if re.search(r"\bby\s+(?:the\s+)?$", answer[:found.start()]):
                return True
            rest = re.sub(r"^\s*,[^,]{1,120},|^\s*,", "", answer[found.end():])
            verb = re.match(r"\s*(?:who\s+)?([a-z’'-]+)(?:\s+|:\s*)\S", rest)
            if verb and (verb.group(1).endswith(("ed", "s")) or verb.group(1) in IRREGULAR_PAST
                         or verb.group(1) in ("has", "have", "had", "will", "would")) \
                    and verb.group(1) not in ("is", "was", "has been", "its"):
                return True
    return False


def _stitched(answer: str, quote: str, names: list[str]) -> bool:
    """Whether the answer joins a name to a word the quote keeps apart by a comma ("X called Abilene" from
    "X, called Abilene,"), the name not itself set between commas ("his sister, Joanne Pellow, said")."""
    for name in dict.fromkeys(n for n in names if n):
        opened = re.match(rf"{re.escape(name)}\s+([a-z]+)\b", answer, re.IGNORECASE)
        if opened is None:
            continue
        word = opened.group(1)
        if word not in SPEECH_VERBS and re.search(rf"(?<!,\s){re.escape(name)},\s+{word}\b", quote) \
                and not re.search(rf"{re.escape(name)}\s+{word}\b", quote):
            return True
    return False


def _role_in_quote(role: str, quote: str, names: list[str]) -> bool:
    """Whether the quote backs "X is the <role>": the role right before or after a name of X (", " or "is"
    between), or, where no name of X is there, someone called by the role and doing something ("The French
    president told", "A landlord who attacked", "his tenant")."""
    owned = re.match(r".+?[’']s\s+(.+)$", role)  # "Graham Pellow’s sister": "his sister, Joanne Pellow"
    title, _, of = role.partition(" of ")  # "Detective Sergeant of Westmoor Police": "Detective Sergeant X, of ..."
    r = rf"(?:{re.escape(role)}|(?:his|her|their|its)\s+{re.escape(owned.group(1))})" if owned else re.escape(role)
    for n in (re.escape(n) for n in names if n):
        if re.search(rf"{r},?\s+{n}\b|\b{n},(?:\s+\d{{1,3}},)?\s+(?:(?:the|a|an)\s+)?{r}"
                     rf"|\b{n}\s+(?:is|was|as|became)\s+(?:(?:the|a|an)\s+)?{r}", quote, re.IGNORECASE) \
                or of and re.search(rf"{re.escape(title)}\s+{n},?\s+of\s+{re.escape(of)}", quote):
            return True
    if any(re.search(rf"(?<![\w’'-]){re.escape(n)}(?![\w-])", quote) for n in names if n):
        return False
    if role.startswith("who ") or role[:1].isdigit() or "’s " in role or "'s " in role:
        return True  # a clause, an age or whose role it is: read beside the name when the line was made
    called = re.search(rf"\b(?:(?:the|a|an)\s+{r}(?:\s+(?:who|[a-z]+ed|told|said|says|has|had|is|was|will)\b)"
                       rf"|(?:his|her|their)\s+{r}\b)", quote, re.IGNORECASE)
    return called is not None


def _calls_someone(word: str, text: str) -> bool:
    """ "A landlord who attacked", "the tenant said", "his tenant": the word stands for a person somewhere,
    not only as a modifier ("the general theory")."""
    for found in re.finditer(rf"\b(?:a|an|the|his|her|their)\s+{re.escape(word)}\b(\s*[,.]|\s+\w+)?", text,
                             re.IGNORECASE):
        after = (found.group(1) or "").strip().lower()
        if found.group(0).split()[0].lower() in ("his", "her", "their") or not after or after in ",." \
                or after in ("who", "has", "had", "is", "was", "will", "would") or after.endswith("ed") \
                or after in IRREGULAR_PAST:
            return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="print every offer, not only the flagged ones")
    args = parser.parse_args()
    shapes: Counter[str] = Counter()
    offers = 0
    lines = []
    read = passages()
    for name, text in read:
        knowledge = build_knowledge(text, source=name)
        engine = Engine(knowledge)
        pairs = {p.id: p for p in knowledge.qa}
        subject_of = {q: pid for pid, q in engine._suggestible.items()}  # noqa: SLF001 - a dev script
        for question in engine.suggestible:
            offers += 1
            reply = engine.reply(question, Conversation())[0]
            answer, quote = reply.text, reply.quote.text if reply.quote else ""
            pair = pairs.get(subject_of.get(question, ""))
            entity = None
            if pair is not None:
                fact = next((f for f in knowledge.facts if f.id == pair.fact), None) if pair.fact else None
                entity = knowledge.entity(fact.subject if fact else (pair.terms[0] if pair.terms else None))
            names = [n for n in ((entity.name, *entity.aliases) if entity else ()) if n]
            shape = flag(question, answer, quote, names, text)
            shapes[shape] += 1
            if shape or args.all:
                lines.append(f"{shape or '-':13} {name}\t{question}\t=> {answer[:120]}")
    print(f"{len(read)} passages, {offers} offers, {offers - shapes['']} flagged")
    for shape, count in sorted(shapes.items(), key=lambda s: -s[1]):
        if shape:
            print(f"  {shape}: {count}")
    print(*lines, sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
