"""Rebuild the cats vs dogs photos bundled in assets/sample/cats_vs_dogs/ (see assets/README.md).

150 cats and 150 dogs drawn with seed 0 from the 1,000 of each class in ../shared/data/cats_vs_dogs/
(the Kaggle "Dogs vs. Cats" photos, see the README there), files copied byte for byte.

Usage: python scripts/build_photo_sample.py [source folder]
"""
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "cats_vs_dogs"
OUT = ROOT / "assets" / "sample" / "cats_vs_dogs"
PER_CLASS = 150


def main(source: Path = SOURCE) -> None:
    rng = np.random.default_rng(0)
    for folder in ("cats", "dogs"):
        files = sorted((source / folder).glob("*.jpg"), key=lambda p: p.name)
        chosen = sorted(rng.choice(len(files), PER_CLASS, replace=False))
        target = OUT / folder
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for i in chosen:
            shutil.copyfile(files[i], target / files[i].name)
        size = sum(p.stat().st_size for p in target.iterdir())
        print(f"{folder}: {PER_CLASS} of {len(files)} photos, {size / 2**20:.1f} MB -> {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
