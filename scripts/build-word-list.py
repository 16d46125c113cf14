#!/usr/bin/env python3
"""Writes src/policy/data/ordinary-words.txt: the Korean words of wordfreq's small Korean list
(words seen in Wikipedia, subtitles, news, web and social text; data CC BY-SA 4.0, notice in
src/policy/data/ordinary-words.NOTICE), two syllables or more, most frequent first. The scanner
reads it to tell a word spelt out across a space (씨 발) from two ordinary words (병 신청서).

    pip install wordfreq && python3 scripts/build-word-list.py
"""
import re
from pathlib import Path

from wordfreq import iter_wordlist

OUT = Path(__file__).resolve().parent.parent / "src/policy/data/ordinary-words.txt"

words = [w for w in iter_wordlist("ko", wordlist="small") if re.fullmatch(r"[가-힣]{2,}", w)]
OUT.write_text("\n".join(words) + "\n", encoding="utf-8")
print(f"{OUT}: {len(words)} words")
