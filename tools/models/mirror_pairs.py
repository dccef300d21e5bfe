"""Prints FaceMesh's mirror pairs: for each of the 468 landmarks, the one at the same place on the
other side of the face (itself on the midline), as the Java array in io.facefuse.vision.FaceMesh.

    python3 mirror_pairs.py   # after npm ci, from tools/models

The pairs come from the canonical face mesh's texture coordinates (MediaPipe's UV map, as the
@vladmandic/human package carries it in src/face/facemeshcoords.ts): the map is symmetric about
u = 0.5, so a landmark's partner is the one nearest its (1 - u, v). The script checks that every
point finds a partner within 0.002 and that the pairing is its own inverse.
"""
import re
import sys

SOURCE = 'node_modules/@vladmandic/human/src/face/facemeshcoords.ts'


def main():
    text = open(SOURCE, encoding='utf-8').read()
    start = text.index('export const UV468')
    body = text[start:text.index('];', start)]
    uv = [(float(u), float(v)) for u, v in re.findall(r'\[([0-9.]+),\s*([0-9.]+)\]', body)]
    if len(uv) != 468:
        sys.exit(f'expected 468 texture coordinates, found {len(uv)}')
    pairs = []
    for u, v in uv:
        distance, partner = min(((pu - (1 - u)) ** 2 + (pv - v) ** 2, j) for j, (pu, pv) in enumerate(uv))
        if distance ** 0.5 > 0.002:
            sys.exit(f'no mirror partner near ({1 - u}, {v})')
        pairs.append(partner)
    if any(pairs[p] != i for i, p in enumerate(pairs)):
        sys.exit('the pairing is not its own inverse')
    rows = [', '.join(str(p) for p in pairs[i:i + 20]) for i in range(0, len(pairs), 20)]
    print('    public static final int[] MIRROR = {\n            ' + ',\n            '.join(rows) + '};')


if __name__ == '__main__':
    main()
