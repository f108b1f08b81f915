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

# Real-release shapes the browser cannot play as they are: 12 s, 320x180, 24 fps, a keyframe every
# 2 s, a 440 Hz tone (880 Hz on a second language), so a test can tell which audio track it hears.
release() {
  local dest="$1" seconds="${2:-12}"
  shift 2
  "${FF[@]}" \
    -f lavfi -i "testsrc2=size=320x180:rate=24:duration=$seconds" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$seconds" \
    -f lavfi -i "sine=frequency=880:sample_rate=48000:duration=$seconds" \
    "$@" -t "$seconds" "${BITEXACT[@]}" "$dest"
}
SURROUND='[1:a]pan=5.1|FL=c0|FR=c0|FC=c0|LFE=c0|BL=c0|BR=c0[a]'
X264=(-c:v libx264 -pix_fmt yuv420p -preset veryfast -crf 34 -g 48 -keyint_min 48 -sc_threshold 0 -x264-params threads=1)

echo "== h264-ac3-5.1.mkv"
release "$OUT/h264-ac3-5.1.mkv" 12 -filter_complex "$SURROUND" -map 0:v -map '[a]' \
  "${X264[@]}" -c:a ac3 -b:a 96k

echo "== hevc10-eac3.mkv"
release "$OUT/hevc10-eac3.mkv" 12 -filter_complex "$SURROUND" -map 0:v -map '[a]' \
  -c:v libx265 -pix_fmt yuv420p10le -preset ultrafast -crf 34 \
  -x265-params "keyint=48:min-keyint=48:scenecut=0:pools=1:frame-threads=1:log-level=error" \
  -c:a eac3 -b:a 96k

echo "== h264-ac3.mp4"
release "$OUT/h264-ac3.mp4" 12 -map 0:v -map 1:a "${X264[@]}" -c:a ac3 -ac 2 -b:a 64k -movflags +faststart

echo "== xvid-mp3.avi"
release "$OUT/xvid-mp3.avi" 12 -map 0:v -map 1:a \
  -c:v libxvid -q:v 24 -g 48 -threads 1 -c:a libmp3lame -ac 2 -b:a 64k

echo "== mpeg2-mp2.ts"
release "$OUT/mpeg2-mp2.ts" 12 -map 0:v -map 1:a \
  -c:v mpeg2video -q:v 24 -g 48 -c:a mp2 -ac 2 -b:a 64k

echo "== h264-aac.ts"
release "$OUT/h264-aac.ts" 12 -map 0:v -map 1:a "${X264[@]}" -c:a aac -ac 2 -b:a 64k

echo "== wmv2-wma.wmv"
release "$OUT/wmv2-wma.wmv" 12 -map 0:v -map 1:a \
  -c:v wmv2 -q:v 24 -g 48 -c:a wmav2 -ac 2 -b:a 64k

echo "== two-languages.mkv"
# English AAC (default, 440 Hz) and French AC3 (880 Hz); English SRT and French ASS subtitles.
SUBS="$(mktemp -d)"
trap 'rm -rf "$SUBS"' EXIT
cat >"$SUBS/en.srt" <<'SRT'
1
00:00:01,000 --> 00:00:03,000
English cue one

2
00:00:07,000 --> 00:00:09,500
English cue at seven seconds
SRT
cat >"$SUBS/fr.ass" <<'ASS'
[Script Info]
ScriptType: v4.00+
PlayResX: 320
PlayResY: 180

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,16,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.50,0:00:03.50,Default,,0,0,0,,Premier sous-titre
Dialogue: 0,0:00:07.50,0:00:10.00,Default,,0,0,0,,{\i1}Sous-titre a sept secondes{\i0}
ASS
release "$OUT/two-languages.mkv" 12 -i "$SUBS/en.srt" -i "$SUBS/fr.ass" \
  -map 0:v -map 1:a -map 2:a -map 3:s -map 4:s "${X264[@]}" \
  -c:a:0 aac -ac:a:0 2 -b:a:0 64k -c:a:1 ac3 -ac:a:1 2 -b:a:1 64k -c:s:0 srt -c:s:1 ass \
  -metadata:s:a:0 language=eng -metadata:s:a:1 language=fre \
  -metadata:s:s:0 language=eng -metadata:s:s:1 language=fre \
  -disposition:a:0 default -disposition:a:1 0 -disposition:s:0 0 -disposition:s:1 0

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
for f in moov-at-end.mp4 faststart.mp4 short.webm h264-ac3-5.1.mkv hevc10-eac3.mkv h264-ac3.mp4 \
  xvid-mp3.avi mpeg2-mp2.ts h264-aac.ts wmv2-wma.wmv two-languages.mkv; do
  dur="$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$OUT/$f")"
  codecs="$(ffprobe -v error -show_entries stream=codec_type,codec_name -of csv=p=0 "$OUT/$f" | paste -sd ' ' -)"
  size="$(wc -c <"$OUT/$f" | tr -d ' ')"
  printf '%-20s %8s bytes  duration=%ss  streams: %s\n' "$f" "$size" "$dur" "$codecs"
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
