"""Weigh the IIIF viewers as a browser downloads them: gzipped (level 9) JS + CSS of each standalone bundle.

    python benchmarks/viewer_weights.py                      # frontend/node_modules (OSD, Mirador)
    python benchmarks/viewer_weights.py path/to/node_modules [more/node_modules ...]
    python benchmarks/viewer_weights.py --install            # npm-installs all four into a temp dir
    python benchmarks/viewer_weights.py --install --keep -v  # keep the temp dir, list every file

For each viewer the files are found from the installed package, not from a list of names kept here:

- OpenSeadragon: build/openseadragon/openseadragon.min.js (its button images are loaded only as
  needed and not counted).
- Mirador: the package's CommonJS/"main" entry, if it is a self-contained UMD bundle (Mirador 4:
  dist/mirador.min.js, React, MUI and its own OpenSeadragon inside; its styles are injected by JS).
- Clover IIIF: the web-component UMD bundle dist/web-components/*.js (styles injected by JS).
- Universal Viewer: dist/umd/UV.js + dist/uv.css + the webpack chunks that UV.js loads to show an
  image manifest: the IIIF content handler's chunks, then the OpenSeadragon extension's chunks and
  the en-GB strings, all read from the loader code in the bundle (checked against what a browser
  fetches for UV 4.4.0).

Sizes are in kB (1000 bytes). Needs npm only with --install.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What --install fetches (the versions weighed when the viewers were chosen); --spec overrides.
INSTALL_SPECS = {
    "openseadragon": "openseadragon@6.1.1",
    "mirador": "mirador@4.0.0",
    "@samvera/clover-iiif": "@samvera/clover-iiif@3.3.8",
    "universalviewer": "universalviewer@4.4.0",
}


@dataclass
class Weight:
    viewer: str
    package: str
    version: str = ""
    files: list[Path] = field(default_factory=list)
    note: str = ""
    base: Path | None = None

    @property
    def raw(self) -> int:
        return sum(f.stat().st_size for f in self.files)

    @property
    def gzipped(self) -> int:
        return sum(gzip_size(f) for f in self.files)


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def find_package(dirs: list[Path], name: str) -> Path | None:
    for d in dirs:
        candidate = d / name
        if (candidate / "package.json").is_file():
            return candidate
    return None


def package_json(pkg: Path) -> dict:
    return json.loads((pkg / "package.json").read_text(encoding="utf-8"))


def is_umd(path: Path) -> bool:
    """A script a page can load with <script src>: a UMD wrapper that pulls in no external modules."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return "define.amd" in text[:2000] and not re.search(r"""(require\(|define\()\[?["']react["']""", text)


def weigh_openseadragon(pkg: Path, w: Weight) -> None:
    f = pkg / "build" / "openseadragon" / "openseadragon.min.js"
    if f.is_file():
        w.files = [f]
        w.note = "standalone script (window.OpenSeadragon)"
    else:
        w.note = "no build/openseadragon/openseadragon.min.js"


def weigh_mirador(pkg: Path, w: Weight) -> None:
    meta = package_json(pkg)
    exports = meta.get("exports", {})
    dot = exports.get(".", {}) if isinstance(exports, dict) else {}
    candidates = [
        dot.get("require") if isinstance(dot, dict) else None,
        meta.get("unpkg"),
        meta.get("jsdelivr"),
        meta.get("browser") if isinstance(meta.get("browser"), str) else None,
        meta.get("main"),
    ]
    candidates += [str(p.relative_to(pkg)) for p in sorted((pkg / "dist").glob("*.min.js"))]
    for rel in candidates:
        if rel and (pkg / rel).is_file() and is_umd(pkg / rel):
            w.files = [pkg / rel]
            w.files += [p for p in sorted((pkg / rel).parent.glob("*.css"))]
            w.note = f"UMD bundle {Path(rel)}"
            return
    shipped = ", ".join(sorted(str(p.relative_to(pkg)) for p in (pkg / "dist").glob("*.js"))) or "nothing"
    w.note = f"no standalone browser (UMD) bundle; dist/ ships: {shipped}"


def weigh_clover(pkg: Path, w: Weight) -> None:
    wc = pkg / "dist" / "web-components"
    js = [p for p in sorted(wc.glob("*.js")) if is_umd(p)] if wc.is_dir() else []
    if not js:
        w.note = "no dist/web-components UMD bundle"
        return
    w.files = js + sorted(wc.glob("*.css"))
    w.note = "web components (<clover-viewer>)"


# webpack: Promise.all([t.e(3885),t.e(560)]).then(...) or t.e(2152).then(...)
_CHUNK_CALL = re.compile(r"\b[A-Za-z_$][\w$]*\.e\((\d+)\)")


def _chunk_ids(loader_src: str) -> list[str]:
    return _CHUNK_CALL.findall(loader_src)


def _loader_after(text: str, marker: str) -> str | None:
    """The source of the loader function that follows `marker`, up to its `.then(`."""
    i = text.find(marker)
    if i < 0:
        return None
    j = text.find(".then(", i)
    return text[i:j] if j > 0 else None


def weigh_uv(pkg: Path, w: Weight) -> None:
    umd = pkg / "dist" / "umd"
    core = umd / "UV.js"
    if not core.is_file():
        w.note = "no dist/umd/UV.js"
        return
    chunk_files = {}
    for p in umd.glob("*.js"):
        m = re.match(r"(\d+)\.[0-9a-f]+\.js$", p.name)
        if m:
            chunk_files[m.group(1)] = p
    text = core.read_text(encoding="utf-8", errors="replace")
    # The IIIF content handler: "[x.IIIF]=function(){return Promise.all([i.e(561),i.e(132)])..."
    iiif = _loader_after(text, ".IIIF]=function")
    if not iiif:
        w.files = [core]
        w.note = "IIIF content handler not found in UV.js: core only"
        return
    needed = _chunk_ids(iiif)
    # The OpenSeadragon (image) extension's loader, in one of those chunks.
    osd = None
    for cid in needed:
        if cid in chunk_files:
            osd = _loader_after(
                chunk_files[cid].read_text(encoding="utf-8", errors="replace"),
                'name:"uv-openseadragon-extension"',
            )
            if osd:
                break
    if osd:
        needed += _chunk_ids(osd)
        w.note = "UV.js + uv.css + IIIF handler + OpenSeadragon extension chunks"
    else:
        w.note = "OpenSeadragon extension loader not found: UV.js + IIIF handler only"
    # The UI strings of the default locale, loaded by the extension's base chunk.
    for cid in list(needed):
        if cid in chunk_files:
            locale = _loader_after(
                chunk_files[cid].read_text(encoding="utf-8", errors="replace"), '"en-GB":function'
            )
            if locale:
                needed += _chunk_ids(locale)
                w.note += " + en-GB strings"
                break
    ids = list(dict.fromkeys(needed))
    missing = [i for i in ids if i not in chunk_files]
    if missing:
        w.note += f" (chunks not found: {', '.join(missing)})"
    w.files = [core] + [chunk_files[i] for i in ids if i in chunk_files]
    css = pkg / "dist" / "uv.css"
    if css.is_file():
        w.files.append(css)


VIEWERS = [
    ("OpenSeadragon", "openseadragon", weigh_openseadragon),
    ("Mirador", "mirador", weigh_mirador),
    ("Clover IIIF", "@samvera/clover-iiif", weigh_clover),
    ("Universal Viewer", "universalviewer", weigh_uv),
]


def weigh(dirs: list[Path]) -> list[Weight]:
    out = []
    for viewer, package, fn in VIEWERS:
        w = Weight(viewer, package)
        pkg = find_package(dirs, package)
        if pkg is None:
            w.note = "not installed"
        else:
            w.version = package_json(pkg).get("version", "?")
            w.base = pkg
            fn(pkg, w)
        out.append(w)
    return out


def npm_install(target: Path, specs: list[str]) -> Path:
    npm = shutil.which("npm")
    if not npm:
        sys.exit("--install needs npm (Node.js)")
    (target / "package.json").write_text('{"name": "viewer-weights", "private": true}\n', encoding="utf-8")
    subprocess.run(
        [
            npm,
            "install",
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
            "--legacy-peer-deps",
            "--loglevel=error",
            *specs,
        ],
        cwd=target,
        check=True,
        stdout=sys.stderr,  # keep stdout for the table / JSON
    )
    return target / "node_modules"


def kb(n: int) -> str:
    return f"{n / 1000:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("node_modules", nargs="*", type=Path, help="node_modules directories to search")
    parser.add_argument("--install", action="store_true", help="npm-install the four viewers into a temp dir")
    parser.add_argument(
        "--spec", action="append", default=[], help="npm spec to install instead (repeatable), e.g. mirador@4"
    )
    parser.add_argument("--keep", action="store_true", help="keep the --install temp dir")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="list each file")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="no npm install: weigh what is installed (checks the script runs)",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.install = False

    dirs = list(args.node_modules)
    tmp = None
    if args.install:
        specs = args.spec or list(INSTALL_SPECS.values())
        tmp = Path(tempfile.mkdtemp(prefix="viewer-weights-"))
        print(f"npm install {' '.join(specs)} in {tmp} …", file=sys.stderr)
        dirs.insert(0, npm_install(tmp, specs))
    if not dirs:
        dirs = [ROOT / "frontend" / "node_modules"]

    try:
        weights = weigh(dirs)
        if args.json:
            print(
                json.dumps(
                    [
                        {
                            "viewer": w.viewer,
                            "package": w.package,
                            "version": w.version,
                            "gzip_bytes": w.gzipped,
                            "raw_bytes": w.raw,
                            "files": [str(f.relative_to(w.base)) for f in w.files],
                            "note": w.note,
                        }
                        for w in weights
                    ],
                    indent=2,
                )
            )
            return 0
        print(f"{'viewer':<18} {'version':<9} {'gzip kB':>8} {'raw kB':>8} {'files':>5}  what")
        for w in weights:
            if not w.files:
                print(f"{w.viewer:<18} {w.version or '-':<9} {'-':>8} {'-':>8} {0:>5}  {w.note}")
                continue
            gz, raw = kb(w.gzipped), kb(w.raw)
            print(f"{w.viewer:<18} {w.version:<9} {gz:>8} {raw:>8} {len(w.files):>5}  {w.note}")
            if args.verbose:
                for f in w.files:
                    gz, raw = kb(gzip_size(f)), kb(f.stat().st_size)
                    print(f"{'':<29}{gz:>8} {raw:>8}        {f.relative_to(w.base)}")
        print("gzip -9 of each file as served; kB = 1000 bytes.")
        return 0
    finally:
        if tmp and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp:
            print(f"kept {tmp}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
