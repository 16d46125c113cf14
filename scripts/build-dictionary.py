#!/usr/bin/env python3
"""Builds the shipped policy's term files (policies/dict/*.txt) from the open word list in
policies/dict/sources/ (doublems/korean-bad-words, MIT) and the stems below, cleaned with the
labelled comments in benches/data: a word whose matches there are mostly in text labelled benign
is left out, so a word is judged by how it reads across many texts, never by one row.

    python3 scripts/build-dictionary.py        # rewrites policies/dict/*.txt

Needs only Python 3.11 (tomllib). Matching here is a plain substring test on the text with spaces
and punctuation removed, close to what the scanner's letters view does.
"""
import json
import re
import tomllib
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "policies/dict/sources/korean-bad-words.txt"
LABELLED = ROOT / "benches/data/korean-abuse-dev.jsonl"
POLICY = ROOT / "policies/marketplace.toml"

# A listed word whose matches are benign more often than this is left out.
MIN_PRECISION = 0.7
# A word that is the only listed word in at least SOLE_SUPPORT texts is left out when those texts
# are mostly benign: whatever else it catches, other words catch too (놈이, 년이: 학년이, 5년이).
SOLE_SUPPORT = 4
MIN_SOLE_PRECISION = 0.5

# Words of the list that are sexual (the rest is swearing).
SEXUAL = re.compile(r"섹|쎅|야동|포르노|porno|누드|자위|보지|자지|봊|잦|몸캠|조건만남|딸딸|오랄|애무|질싸|사까시|꼴리|에로|강간|창녀|걸레|야설|야사|성인|성기|젖|유두|콘돔|페니스|음란|폰팅|원나잇|풋잡|펠라|69|변태|노출|sex", re.I)

# What the list lacks and real comments are full of: insults aimed at a person, with the
# compounds they are said in, slurs, and the consonant spellings chat uses for them (ㅈㄹ, ㅁㅊ). Each is checked against the labelled texts like the list's words.
INSULTS = """
새끼 새기 색기 쌔끼 개소리 개솔 대가리 대갈 아가리 주둥이 닥쳐 닥치 꺼져 꺼지 버러지 벌레 기생충 쓰레기 찌꺼기
병신같 븅 병1신 등신 멍청 멍충 머저리 바보새 한심 찐따 찐다 호구 빡대가리 돌대가리 머가리 뇌없 무뇌 노답
느금 느금마 니애미 니어미 니미 느그 애미 애비 애미뒤 니엄마 엄마없 부모없 호로 후레 쌍놈 상놈 잡놈 잡년 미친 미친년 미친놈 또라이 돌아이 정신병
년아 년이 년들 년은 놈아 놈이 놈들 놈은 것들 새퀴 쉐끼 쉑 시키 애새끼 개새 개같 개돼지 개독 개쓰레기 개념없 좆같 좆밥 좆도 ㅈ같 ㅈㄴ ㅉㅉ 꼴값 꼴깝
재앙 틀니 빨갱 좌빨 북괴 좌좀 우좀 일베충 대깨 수꼴 뒤져 뒤지 디져 디질 죽어라 죽어버 자살해 뒈져 칼빵 패죽 쳐맞 처맞 처먹 쳐먹 쳐 처발
저능아 저능 정신병자 베충이 일게이 게이들 매국노 골빈 역겹 역겨워 극혐 꼬라지 개빡 쓰래기 샛끼 졵나 조올라
좃나 좃같 좃밥 좃도 쳐올 쳐빨 처빨
ㅈㄹ ㅁㅊ ㅂㅅ ㄱㅅㄲ ㅅㄲ ㅈㄴ ㄲㅈ ㄷㅊ ㅁㅊㄴ ㅉㅉ ㅂㄷㅂㄷ
""".split()

# Slurs against a region, a nationality or a sex (discrimination), checked the same way.
SLURS = "홍어 짱개 쪽발 섬숭이 센징 착짱죽짱 한남 한녀 스시녀 쿵쾅".split()

# Sexual words the list lacks, checked the same way.
SEXUAL_STEMS = "질싸 보빨 육변기".split()

# Threats (harassment), checked the same way.
THREATS = "죽여 죽일 죽인다 죽는다 칼로 찌른 찔러 묻어버 매장 패버 두들겨 가만안 찾아가 찾아간 신상털".split()


def squeeze(text):
    return re.sub(r"[\s.,!?~\-_^*'\"]+", "", text.lower())


def alone_mostly_benign(texts, words):
    """Words that, where no other listed word matches, are mostly in benign texts."""
    sole = {}
    for text, want in texts:
        found = [w for w in words if w in text]
        # Words inside a longer match (놈 in 미친놈) do not count as others.
        outer = [w for w in found if not any(w != o and w in o for o in found)]
        if len(outer) == 1:
            sole.setdefault(min(found, key=len), []).append(want)
    return {w for w, wants in sole.items() if len(wants) >= SOLE_SUPPORT and sum(wants) / len(wants) < MIN_SOLE_PRECISION}


def main():
    rows = [json.loads(line) for line in LABELLED.open(encoding="utf-8")]
    texts = [(squeeze(r["text"]), r["want"]) for r in rows]
    policy = tomllib.loads(POLICY.read_text(encoding="utf-8"))
    inline = {c["id"]: {t if isinstance(t, str) else t["term"] for t in c.get("terms", [])} for c in policy["category"]}

    def kept(word):
        """Whether the word's matches in the labelled texts are mostly in abusive ones."""
        w = squeeze(word)
        hits = [want for text, want in texts if w in text]
        return len(w) >= 2 and (not hits or sum(hits) / len(hits) >= MIN_PRECISION)

    listed = [w.strip() for w in SOURCE.read_text(encoding="utf-8").splitlines()[1:] if w.strip()]
    # Latin words of the list are spam names (ALBA, WEBMASTER); the policy lists English words itself.
    # Words in decorated letters (ⓒⓐ, ㉥㉥ㅏ) fold to two or three plain letters that ordinary words
    # contain (radical); the plain spellings are listed anyway.
    plain = re.compile(r"[가-힣ㄱ-ㅣ0-9 ]+")
    listed = [w for w in dict.fromkeys(listed) if plain.fullmatch(unicodedata.normalize("NFC", w))]
    files = {
        "profanity": ("dict/profanity.txt", [w for w in listed if not SEXUAL.search(w)]),
        "sexual": ("dict/sexual.txt", [w for w in listed if SEXUAL.search(w)] + SEXUAL_STEMS),
        "insult": ("dict/insults.txt", INSULTS),
        "harassment": ("dict/threats.txt", THREATS),
        "discrimination": ("dict/discrimination.txt", SLURS),
    }
    chosen = {
        category: [w for w in dict.fromkeys(words) if kept(w) and w not in inline.get(category, set())]
        for category, (_, words) in files.items()
    }
    alone = alone_mostly_benign(texts, {squeeze(w) for ws in chosen.values() for w in ws} | {squeeze(w) for ws in inline.values() for w in ws})
    for category, (path, words) in files.items():
        dropped = [w for w in dict.fromkeys(words) if not kept(w) or squeeze(w) in alone]
        chosen[category] = [w for w in chosen[category] if squeeze(w) not in alone]
        header = (
            f"# {category}: built by scripts/build-dictionary.py; edit that script's lists or this file.\n"
            "# One term a line, matched after normalisation like the policy's own terms. Words from\n"
            "# doublems/korean-bad-words (MIT, notice in sources/korean-bad-words.LICENSE).\n"
        )
        (ROOT / "policies" / path).write_text(header + "\n".join(chosen[category]) + "\n", encoding="utf-8")
        print(f"{path}: {len(chosen[category])} terms, {len(dropped)} left out as mostly benign: {' '.join(dropped[:30])}")


if __name__ == "__main__":
    main()
