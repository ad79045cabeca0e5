#!/usr/bin/env bash
# Makes data/spoken-digits/: the words "zero".."nine" spoken by espeak-ng in 20 synthetic "speakers"
# (accent × voice variant × pitch × rate, plus a little white noise), as 8 kHz mono 16-bit WAV files.
#
# Layout (what `data.kind: audio` reads): one folder per label, file names <speaker>_<take>.wav.
#   data/spoken-digits/train/<digit>/<speaker>_1.wav   16 speakers (validation is split off by speaker)
#   data/spoken-digits/test/<digit>/<speaker>_1.wav     4 further speakers, never seen in training
# The part of the file name before the first "_" is the speaker: `audio.splitBy: speaker` keeps all
# clips of one speaker on the same side of the train/validation split, so validation voices are unseen.
#
# Needs: espeak-ng, sox (Debian packages of the same names). Deterministic: espeak-ng is, and sox runs
# with -R (fixed seed for the noise). Usage: scripts/make-spoken-digits.sh [out-dir]
set -euo pipefail

OUT="${1:-$(cd "$(dirname "$0")/.." && pwd)/data/spoken-digits}"
RATE=8000
WORDS=(zero one two three four five six seven eight nine)

# speaker id : espeak voice : pitch (0-99) : words per minute : noise amplitude
TRAIN_SPEAKERS=(
  "usm1:en-us+m1:45:150:0.004"
  "usm3:en-us+m3:30:170:0.008"
  "usf2:en-us+f2:60:140:0.003"
  "usf4:en-us+f4:70:175:0.006"
  "gbm2:en-gb+m2:40:160:0.005"
  "gbf1:en-gb+f1:65:150:0.004"
  "gbm7:en-gb+m7:35:185:0.007"
  "scm1:en-gb-scotland+m1:50:155:0.004"
  "scf3:en-gb-scotland+f3:75:165:0.005"
  "lcm4:en-gb-x-gbclan+m4:40:145:0.006"
  "lcf1:en-gb-x-gbclan+f1:55:170:0.003"
  "rpm5:en-gb-x-rp+m5:45:150:0.005"
  "wmm6:en-gb-x-gbcwmd+m6:35:160:0.004"
  "wmf2:en-gb-x-gbcwmd+f2:62:180:0.006"
  "cbm3:en-029+m3:50:150:0.005"
  "nyk:en-us-nyc+klatt:48:165:0.004"
)
TEST_SPEAKERS=(
  "usm2:en-us+m2:38:160:0.005"
  "gbf4:en-gb+f4:68:155:0.004"
  "rpf2:en-gb-x-rp+f2:58:170:0.006"
  "cbm6:en-029+m6:42:175:0.005"
)

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

make_set() {
  local set="$1"
  shift
  for spec in "$@"; do
    IFS=: read -r speaker voice pitch wpm noise <<<"$spec"
    for d in "${!WORDS[@]}"; do
      local dir="$OUT/$set/$d"
      mkdir -p "$dir"
      espeak-ng -v "$voice" -p "$pitch" -s "$wpm" -w "$TMP/raw.wav" "${WORDS[$d]}"
      # Resample, trim leading/trailing silence (below 1% for 20 ms), normalise to -3 dBFS.
      sox -R "$TMP/raw.wav" -r "$RATE" -c 1 -b 16 "$TMP/trim.wav" \
        silence 1 0.02 1% reverse silence 1 0.02 1% reverse norm -3
      local dur
      dur="$(soxi -D "$TMP/trim.wav")"
      sox -R -n -r "$RATE" -c 1 -b 16 "$TMP/noise.wav" synth "$dur" whitenoise vol "$noise"
      sox -R -m "$TMP/trim.wav" "$TMP/noise.wav" -b 16 "$dir/${speaker}_1.wav"
    done
  done
}

rm -rf "$OUT/train" "$OUT/test"
make_set train "${TRAIN_SPEAKERS[@]}"
make_set test "${TEST_SPEAKERS[@]}"
echo "wrote $(find "$OUT" -name '*.wav' | wc -l) files, $(du -sh "$OUT" | cut -f1), to $OUT"
