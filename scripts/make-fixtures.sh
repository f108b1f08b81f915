#!/usr/bin/env bash
# Regenerates the committed test media in test/fixtures/.
# Tests never run ffmpeg; only this script does. Output is as deterministic as ffmpeg allows
# (bitexact flags, no metadata, fixed lavfi test sources).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/test/fixtures"
mkdir -p "$OUT"

for tool in ffmpeg ffprobe python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "make-fixtures: '$tool' is required" >&2; exit 1; }
done

FF=(ffmpeg -hide_banner -loglevel error -nostdin -y)
BITEXACT=(-fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1)

# Shared H.264 + AAC encode: 6 s, 320x180, 24 fps, keyframe every 24 frames, mono 48 kHz sine.
mp4() {
  local dest="$1"
  shift
  "${FF[@]}" \
    -f lavfi -i "testsrc2=size=320x180:rate=24:duration=6" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=6" \
    -map 0:v -map 1:a \
    -c:v libx264 -pix_fmt yuv420p -preset veryfast -crf 30 -g 24 -keyint_min 24 -sc_threshold 0 \
    -x264-params threads=1 \
    -c:a aac -ac 1 -ar 48000 -b:a 64k \
    -t 6 "${BITEXACT[@]}" "$@" "$dest"
}

echo "== moov-at-end.mp4"
mp4 "$OUT/moov-at-end.mp4"

echo "== faststart.mp4"
mp4 "$OUT/faststart.mp4" -movflags +faststart

echo "== short.webm"
"${FF[@]}" \
  -f lavfi -i "testsrc2=size=320x180:rate=24:duration=4" \
  -f lavfi -i "sine=frequency=660:sample_rate=48000:duration=4" \
  -map 0:v -map 1:a \
  -c:v libvpx-vp9 -pix_fmt yuv420p -b:v 200k -deadline realtime -cpu-used 8 -threads 1 -g 24 \
  -c:a libopus -ac 1 -ar 48000 -b:a 48k \
  -t 4 "${BITEXACT[@]}" "$OUT/short.webm"

echo "== subtitles.srt"
# UTF-8 with BOM, CRLF line endings.
{
  printf '\xEF\xBB\xBF'
  sed 's/$/\r/' <<'SRT'
1
00:00:00,500 --> 00:00:02,000
Bonjour, ça va? Très bien, merci.

2
00:00:02,500 --> 00:00:04,000
<i>italic</i>

3
00:00:04,250 --> 00:00:05,750
First line of the third cue
Second line of the third cue
SRT
} >"$OUT/subtitles.srt"

echo "== ffprobe"
for f in moov-at-end.mp4 faststart.mp4 short.webm; do
  dur="$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$OUT/$f")"
  codecs="$(ffprobe -v error -show_entries stream=codec_type,codec_name -of csv=p=0 "$OUT/$f" | paste -sd ' ' -)"
  size="$(wc -c <"$OUT/$f" | tr -d ' ')"
  printf '%-16s %8s bytes  duration=%ss  streams: %s\n' "$f" "$size" "$dur" "$codecs"
done

echo "== atom order"
# Prints the top-level box types in order; fails if moov/mdat are in the wrong order.
check_order() {
  python3 - "$1" "$2" <<'PY'
import struct, sys

path, want = sys.argv[1], sys.argv[2]
boxes = []
with open(path, 'rb') as f:
    f.seek(0, 2)
    end = f.tell()
    pos = 0
    while pos + 8 <= end:
        f.seek(pos)
        size, kind = struct.unpack('>I4s', f.read(8))
        if size == 1:
            (size,) = struct.unpack('>Q', f.read(8))
        elif size == 0:
            size = end - pos
        if size < 8:
            sys.exit(f'{path}: bad box size {size} at offset {pos}')
        boxes.append(kind.decode('latin-1'))
        pos += size
names = ' '.join(boxes)
if 'moov' not in boxes or 'mdat' not in boxes:
    sys.exit(f'{path}: missing moov or mdat ({names})')
got = 'moov-first' if boxes.index('moov') < boxes.index('mdat') else 'mdat-first'
if got != want:
    sys.exit(f'{path}: expected {want}, got {got} ({names})')
print(f'{path.rsplit("/", 1)[-1]}: {names} -> {got} OK')
PY
}
check_order "$OUT/moov-at-end.mp4" mdat-first
check_order "$OUT/faststart.mp4" moov-first

echo "fixtures written to $OUT"
