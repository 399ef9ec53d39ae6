"""Speed of `assess()` after ingestion: seconds per report and words per second.

    .venv/bin/python bench/assess.py [--words 10000] [--repeat 5]

Assesses every corpus sample (already ingested, so only analysis and checks are timed) and a
synthetic report of about --words words built from paragraphs of the corpus (or a fixed text
when the corpus is absent). The target is under 0.5 s for a 10,000-word report.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FALLBACK = """# Rapid Review: Child K

## 1. Background

Child K is a nine-year-old boy of Pakistani heritage who lives with his mother and two sisters. He told his teacher that he was "scared when Dad shouts" and said he wanted to stay with his grandmother.

## 2. Key practice episodes

On 3 May 2023 the school nurse saw Child K after he disclosed that his father had hit him. The nurse made a referral the same day and children's social care held a strategy discussion on 5 May 2023.

The strategy discussion did not include the school, and the decision to close the case was made without speaking to Child K. This reflects a pattern in which the voice of the child was recorded but not acted upon, because practitioners assumed that the family's culture explained his quietness.

## 3. Recommendations

1. The partnership should review how schools take part in strategy discussions.
2. Children's social care should record the child's wishes and the reasons for any decision that does not follow them.
"""


def synthetic_report(words_wanted: int) -> str:
    parts = []
    samples = sorted((ROOT / "corpus_samples" / "sources").glob("*.md"))
    texts = [p.read_text(encoding="utf-8") for p in samples[:12]] or [FALLBACK]
    total = 0
    k = 0
    while total < words_wanted:
        text = texts[k % len(texts)]
        parts.append(text)
        total += len(text.split())
        k += 1
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from qa import assess, load_document

    doc = load_document(synthetic_report(args.words).encode("utf-8"), filename="synthetic.md")
    assess(doc)  # warm: pipeline, lexicons and matchers built once per process
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        a = assess(doc)
        times.append(time.perf_counter() - start)
    t = statistics.median(times)
    print(f"synthetic report: {a.stats.words:,} words, {len(a.checks)} checks")
    print(f"assess(): {t:.3f} s per report (median of {args.repeat}), {a.stats.words / t:,.0f} words/s (target < 0.5 s)")

    corpus = [p for p in sorted((ROOT / "corpus_samples").iterdir()) if p.suffix in (".pdf", ".docx", ".txt")]
    if corpus:
        docs = [load_document(p) for p in corpus]
        start = time.perf_counter()
        words = 0
        for d in docs:
            words += assess(d).stats.words
        t = time.perf_counter() - start
        print(f"corpus: {len(docs)} reports, {words:,} words: {t / len(docs):.3f} s per report, {words / t:,.0f} words/s")


if __name__ == "__main__":
    main()
