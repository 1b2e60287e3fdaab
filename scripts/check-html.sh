#!/usr/bin/env bash
# Renders the plan's HTML page in headless Chromium (Debian package `chromium`) and checks that
# the screenshot is not blank (enough non-white pixels, the charts' colours present) and that the
# browser logged no console message (the page has no script, so any message is an error, such as
# a blocked external asset), then that it prints to a PDF. A deliberately broken page is checked
# first, so a check that passes everything fails loudly. Uses Python's standard library only.
#
# Usage: scripts/check-html.sh [PAGE.html] [--screenshot OUT.png]
#   default page: Tests/ReportingTests/Golden/plan-small.html (what `--html` writes for the fixed
#   plan of the golden tests). CHROMIUM=… picks the browser.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
page=$root/Tests/ReportingTests/Golden/plan-small.html
keep=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --screenshot) keep=$2; shift 2 ;;
    *) page=$1; shift ;;
  esac
done
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z $browser ]]; then echo "check-html: chromium not found (apt-get install chromium)" >&2; exit 1; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# render PAGE PNG LOG: a 1000-pixel-wide screenshot and the browser's log.
render() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" --enable-logging=stderr --v=0 --window-size=1000,1800 \
    --screenshot="$2" "file://$1" > "$3" 2>&1 || true
}

# verdict PNG LOG: prints what is wrong, nothing when the page rendered cleanly.
verdict() {
  python3 - "$1" "$2" <<'PY'
import struct, sys, zlib

png, log = sys.argv[1], sys.argv[2]
problems = [line.strip() for line in open(log, errors="replace") if ":CONSOLE" in line]
try:
    data = open(png, "rb").read()
except OSError:
    print("no screenshot was written"); sys.exit()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, chunks, header = 8, [], None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        chunks.append(body)
    pos += 12 + length
width, height, depth, colour, _, _, interlace = header
channels = {2: 3, 6: 4}.get(colour)
if depth != 8 or channels is None or interlace:
    print(f"unexpected PNG format (depth {depth}, colour type {colour})"); sys.exit()
raw = zlib.decompress(b"".join(chunks))
stride = width * channels
previous = bytearray(stride)
nonwhite = 0
colours = set()
chart_blue = 0  # pixels near #0072B2, the CPU line and markers
for row in range(height):
    start = row * (stride + 1)
    kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
    for i in range(stride):
        left = line[i - channels] if i >= channels else 0
        up = previous[i]
        if kind == 1: line[i] = (line[i] + left) & 255
        elif kind == 2: line[i] = (line[i] + up) & 255
        elif kind == 3: line[i] = (line[i] + (left + up) // 2) & 255
        elif kind == 4:
            upleft = previous[i - channels] if i >= channels else 0
            p = left + up - upleft
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
            line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else upleft)) & 255
    previous = line
    for i in range(0, stride, channels * 2):  # every other pixel is plenty
        r, g, b = line[i], line[i + 1], line[i + 2]
        if r < 245 or g < 245 or b < 245:
            nonwhite += 1
        colours.add((r >> 4, g >> 4, b >> 4))
        if abs(r - 0x00) < 40 and abs(g - 0x72) < 40 and abs(b - 0xB2) < 40:
            chart_blue += 1
sampled = width * height // 2
if nonwhite < sampled * 0.01:
    problems.append(f"screenshot is blank: {nonwhite} of {sampled} sampled pixels are not white")
if len(colours) < 16:
    problems.append(f"screenshot has only {len(colours)} colours")
if chart_blue < 50:
    problems.append("no chart colour (#0072B2) in the screenshot: the SVG charts did not render")
for problem in problems:
    print(problem)
PY
}

# The broken page: an external image and an inline script, both blocked by the page's policy.
cat > "$work/broken.html" <<'HTML'
<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'">
</head><body><img src="http://example.invalid/a.png"><script>console.error("x")</script></body></html>
HTML
render "$work/broken.html" "$work/broken.png" "$work/broken.log"
if [[ -z $(verdict "$work/broken.png" "$work/broken.log") ]]; then
  echo "check-html: a broken page passed; the check is not working" >&2
  exit 1
fi

render "$(cd "$(dirname "$page")" && pwd)/$(basename "$page")" "$work/page.png" "$work/page.log"
problems=$(verdict "$work/page.png" "$work/page.log")
if [[ -n $problems ]]; then
  echo "check-html: $page:" >&2
  echo "$problems" | sed 's/^/  /' >&2
  exit 1
fi
# Printable: the browser's print path produces a PDF of more than one page's worth of content.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
  --no-pdf-header-footer --print-to-pdf="$work/page.pdf" "file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")" \
  > "$work/pdf.log" 2>&1 || true
if [[ ! -s $work/page.pdf ]] || [[ $(head -c 4 "$work/page.pdf") != "%PDF" ]] || [[ $(grep -ac "/Type /Page\b" "$work/page.pdf") -lt 2 ]]; then
  echo "check-html: $page did not print to a PDF of at least two pages" >&2
  exit 1
fi
if [[ -n $keep ]]; then cp "$work/page.png" "$keep"; fi
echo "check-html: $page rendered in $($browser --version 2>/dev/null | head -1): not blank, no console messages, prints"
