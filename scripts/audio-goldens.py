#!/usr/bin/python3
"""Golden log-mel and MFCC values for test/unit/audio, computed once with torchaudio (Debian's
python3-torchaudio 0.13) so the project's own TypeScript features can be checked against a
reference implementation.

What is matched (state it wherever the numbers are used):
  * mel scale 'htk' (2595*log10(1 + f/700)), filterbank norm None (triangles of peak 1);
  * periodic Hann window, center=False (frames start at sample 0), power spectrum (power=2);
  * log-mel = ln(mel + 1e-6); MFCC = torchaudio.transforms.MFCC(log_mels=True): DCT-II norm='ortho'
    of that log-mel; no per-utterance normalisation (the TS side tests it separately).
  * A frame shorter than n_fft: the window is hann(frame) followed by zeros, i.e. the frame is
    zero-padded at its end (the project's convention; torch would centre the window instead).

Input: data/spoken-digits/train/7/usm1_1.wav (8 kHz, 16-bit PCM), samples = int16 / 32768.
Usage: /usr/bin/python3 scripts/audio-goldens.py   (writes test/fixtures/audio/goldens.json)
"""
import json
import os
import wave

import numpy as np
import torch
import torchaudio

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLIP = 'data/spoken-digits/train/7/usm1_1.wav'

with wave.open(os.path.join(ROOT, CLIP), 'rb') as w:
    assert w.getsampwidth() == 2 and w.getnchannels() == 1
    rate = w.getframerate()
    pcm = np.frombuffer(w.readframes(w.getnframes()), dtype='<i2')
x = torch.tensor(pcm.astype(np.float64) / 32768.0, dtype=torch.float64)

CASES = [
    {'name': 'frame256-hop80-mels20', 'frameLength': 256, 'hop': 80, 'nFft': 256, 'mels': 20, 'fMin': 0.0, 'fMax': 4000.0, 'mfcc': 13},
    {'name': 'frame200-nfft256-hop80-mels40-fmin60-fmax3800', 'frameLength': 200, 'hop': 80, 'nFft': 256, 'mels': 40, 'fMin': 60.0, 'fMax': 3800.0, 'mfcc': 20},
]


def window_fn(frame_length, n_fft):
    def make(_length, **_kw):
        w = torch.hann_window(frame_length, periodic=True, dtype=torch.float64)
        return torch.cat([w, torch.zeros(n_fft - frame_length, dtype=torch.float64)])
    return make


out = {
    'about': 'torchaudio %s goldens from scripts/audio-goldens.py: mel_scale htk, norm None, periodic Hann, center False, power 2, '
             'logmel = ln(mel + 1e-6), mfcc = DCT-II ortho of logmel (MFCC log_mels=True)' % torchaudio.__version__,
    'clip': CLIP,
    'sampleRate': rate,
    'cases': [],
}
for c in CASES:
    mel_kwargs = dict(sample_rate=rate, n_fft=c['nFft'], win_length=c['nFft'], hop_length=c['hop'], f_min=c['fMin'], f_max=c['fMax'],
                      n_mels=c['mels'], window_fn=window_fn(c['frameLength'], c['nFft']), power=2.0, center=False, norm=None, mel_scale='htk')
    mel = torchaudio.transforms.MelSpectrogram(**mel_kwargs).to(torch.float64)(x)  # [mels, frames]
    logmel = torch.log(mel + 1e-6).T
    mfcc = torchaudio.transforms.MFCC(sample_rate=rate, n_mfcc=c['mfcc'], log_mels=True, melkwargs={k: v for k, v in mel_kwargs.items() if k != 'sample_rate'}).to(torch.float64)(x).T
    fb = torchaudio.functional.melscale_fbanks(c['nFft'] // 2 + 1, c['fMin'], c['fMax'], c['mels'], rate, None, 'htk')  # [freqs, mels]
    out['cases'].append({**c,
                         'frames': logmel.shape[0],
                         'filterbank': [[round(v, 8) for v in row] for row in fb.T.tolist()],
                         'logmel': [[round(v, 6) for v in row] for row in logmel.tolist()],
                         'mfccValues': [[round(v, 6) for v in row] for row in mfcc.tolist()]})

path = os.path.join(ROOT, 'test/fixtures/audio/goldens.json')
with open(path, 'w') as f:
    json.dump(out, f, separators=(',', ':'))
    f.write('\n')
print('wrote', path, os.path.getsize(path), 'bytes')
