#!/usr/bin/env python3
"""How many disguised spellings of the shipped terms the scanner catches: 150 terms sampled (fixed
seed) from policies/dict/profanity.txt, each written nine ways a user hides a word (spaced, dotted,
a digit or a star between syllables, typed jamo, typed on an English keyboard, zero-width and
ideographic spaces between syllables, a tilde inside), inside a sentence, through
`checkpoint scan` with the shipped policy. Prints the share caught per way and the misses.

    cargo build --release && python3 benches/disguised_terms.py
"""
import collections
import json
import random
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
JONG = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
KEYS = dict(zip("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎㅏㅐㅑㅒㅓㅔㅕㅖㅗㅛㅜㅠㅡㅣ", "rRseEfaqQtTdwWczxvgkoiOjpuPhynbml"))
KEYS.update({"ㅘ": "hk", "ㅙ": "ho", "ㅚ": "hl", "ㅝ": "nj", "ㅞ": "np", "ㅟ": "nl", "ㅢ": "ml", "ㄳ": "rt", "ㄵ": "sw",
             "ㄶ": "sg", "ㄺ": "fr", "ㄻ": "fa", "ㄼ": "fq", "ㄽ": "ft", "ㄾ": "fx", "ㄿ": "fv", "ㅀ": "fg", "ㅄ": "qt"})


def jamo(word):
    out = []
    for c in word:
        i = ord(c) - 0xAC00
        out += [CHO[i // 588], JUNG[i % 588 // 28]] + ([JONG[i % 28]] if i % 28 else [])
    return "".join(out)


WAYS = {
    "spaced": lambda w: " ".join(w),
    "dotted": lambda w: ".".join(w),
    "digit": lambda w: "1".join(w),
    "star": lambda w: "*".join(w),
    "typed jamo": jamo,
    "English keyboard": lambda w: "".join(KEYS[j] for j in jamo(w)),
    "zero-width space": lambda w: "\u200b".join(w),
    "ideographic space": lambda w: "\u3000".join(w),
    "tilde inside": lambda w: w[0] + "~" + w[1:],
}


def main():
    lines = (ROOT / "policies/dict/profanity.txt").read_text(encoding="utf-8").splitlines()
    terms = [t for t in lines if t and not t.startswith("#") and all("가" <= c <= "힣" for c in t) and 2 <= len(t) <= 4]
    sample = random.Random(7).sample(terms, 150)
    cases = [(way, term, f"아 {spell(term)} 진짜") for way, spell in WAYS.items() for term in sample]
    stdin = "".join(json.dumps({"text": text}, ensure_ascii=False) + "\n" for _, _, text in cases)
    out = subprocess.run([str(ROOT / "target/release/checkpoint"), "scan", "--policy", str(ROOT / "policies/marketplace.toml")],
                         input=stdin, capture_output=True, text=True, check=True).stdout.splitlines()
    caught, misses = collections.Counter(), collections.defaultdict(list)
    for (way, _, text), verdict in zip(cases, out):
        if json.loads(verdict).get("matches"):
            caught[way] += 1
        else:
            misses[way].append(text)
    for way in WAYS:
        print(f"{way:18} {caught[way]:4} of {len(sample)}  {' | '.join(misses[way][:3])}")
    print(f"{'all':18} {sum(caught.values()):4} of {len(cases)} ({sum(caught.values()) / len(cases):.1%})")


if __name__ == "__main__":
    main()
