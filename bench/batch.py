"""Batch throughput: files/s and pages/s with 1 and 2 workers, peak memory, and the ratio of
end-to-end batch time to raw pypdf text extraction of the same PDFs in one process.

    .venv/bin/python bench/batch.py [--files 1000]

The archive (bench/_data/archive/) is the corpus PDFs replicated with small variations (each
copy gets its own metadata, so every file has its own sha256) until --files is reached; the
default, 1,000 files, is about 20,000 pages and takes a long time on two cores: pass a smaller
--files for a quick look. Peak RSS is read from the operating system for the batch parent and
its workers (the largest single process).
"""
from __future__ import annotations

import argparse
import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARCHIVE = ROOT / "bench" / "_data" / "archive"


def build_archive(n_files: int) -> list[Path]:
    from pypdf import PdfReader, PdfWriter

    sources = sorted((ROOT / "corpus_samples").glob("*.pdf"))
    ARCHIVE.mkdir(parents=True, exist_ok=True)
    existing = sorted(ARCHIVE.glob("*.pdf"))
    if len(existing) >= n_files:
        return existing[:n_files]
    out = list(existing)
    k = len(existing)
    while len(out) < n_files:
        src = sources[k % len(sources)]
        writer = PdfWriter(clone_from=PdfReader(src))
        writer.add_metadata({"/Title": f"Archive copy {k}", "/Subject": f"{src.stem} variant {k}"})
        path = ARCHIVE / f"{k:05d}_{src.name}"
        with open(path, "wb") as fh:
            writer.write(fh)
        out.append(path)
        k += 1
    return out


def raw_extraction(files: list[Path]) -> tuple[float, int]:
    import pypdf

    pages = 0
    start = time.perf_counter()
    for p in files:
        reader = pypdf.PdfReader(io.BytesIO(p.read_bytes()))
        for page in reader.pages:
            page.extract_text()
            pages += 1
    return time.perf_counter() - start, pages


def run_batch(files: list[Path], workers: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for p in files:
            (folder / p.name).symlink_to(p)
        db = Path(tmp) / "b.sqlite"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "qa", "batch", str(folder), "--out", str(db), "--workers", str(workers)],
                       check=True, capture_output=True)
        seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    files = build_archive(args.files)
    raw_s, pages = raw_extraction(files)
    print(f"archive: {len(files)} PDFs, {pages} pages")
    print(f"raw pypdf extract_text, one process: {raw_s:8.1f} s  {pages / raw_s:7.1f} pages/s")
    for workers in (1, 2):
        seconds, peak_kb = run_batch(files, workers)
        print(f"batch, {workers} worker(s): {seconds:8.1f} s  {len(files) / seconds:6.2f} files/s  "
              f"{pages / seconds:7.1f} pages/s  ratio to raw {seconds / raw_s:4.2f}x  "
              f"peak RSS (largest process so far) {peak_kb / 1024:6.0f} MB")


if __name__ == "__main__":
    main()
