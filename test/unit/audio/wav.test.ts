/**
 * The WAV reader on every format it claims (8/16/24/32-bit PCM, 32/64-bit float, WAVE_FORMAT_EXTENSIBLE,
 * stereo mixed down, odd-sized and unknown chunks) and on broken files (each error names the file and
 * the reason). Two independent writers: our own (wav-write.ts, every format and option, into a temp
 * folder) and sox (test/fixtures/audio/sox/*.wav, committed, made by make-fixtures.sh there); the
 * committed corrupt.wav is a real clip cut off inside its data chunk.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeWav, readWav, WavError } from '../../../src/core/data/audio/wav';
import { encodeWav, type WavWriteOptions } from '../../../src/core/data/audio/wav-write';
import { resample } from '../../../src/core/data/audio/resample';

const FIXTURES = path.resolve(__dirname, '../../fixtures/audio');
const N = 400;
const left = Array.from({ length: N }, (_, i) => 0.8 * Math.sin((2 * Math.PI * 440 * i) / 8000));
const right = Array.from({ length: N }, (_, i) => 0.4 * Math.cos((2 * Math.PI * 1000 * i) / 8000));

/** Quantisation step of each format: the reader must return the written signal within it. */
const FORMATS: Array<[string, WavWriteOptions, number]> = [
  ['pcm8', { sampleRate: 8000, bitsPerSample: 8 }, 1 / 128],
  ['pcm16', { sampleRate: 8000, bitsPerSample: 16 }, 1 / 32768],
  ['pcm24', { sampleRate: 8000, bitsPerSample: 24 }, 1 / 8388608],
  ['pcm32', { sampleRate: 8000, bitsPerSample: 32 }, 1e-7],
  ['float32', { sampleRate: 8000, bitsPerSample: 32, encoding: 'float' }, 1e-7],
  ['float64', { sampleRate: 8000, bitsPerSample: 64, encoding: 'float' }, 1e-7], // returned as float32
  ['extensible-pcm24', { sampleRate: 8000, bitsPerSample: 24, extensible: true }, 1 / 8388608],
  ['extensible-float32', { sampleRate: 8000, bitsPerSample: 32, encoding: 'float', extensible: true }, 1e-7],
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-wav-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

for (const [name, opts, step] of FORMATS) {
  for (const channels of [[left], [left, right]]) {
    const label = `${name}-${channels.length === 1 ? 'mono' : 'stereo'}`;
    test(`reads ${label} (stereo is mixed down to the mean of the channels)`, () => {
      const file = path.join(tmp, `${label}.wav`);
      fs.writeFileSync(file, encodeWav(channels, opts));
      const wav = readWav(file);
      assert.equal(wav.sampleRate, 8000);
      assert.equal(wav.channels, channels.length);
      assert.equal(wav.bitsPerSample, opts.bitsPerSample);
      assert.equal(wav.encoding, opts.encoding ?? 'pcm');
      assert.equal(wav.samples.length, N);
      for (let i = 0; i < N; i++) {
        const want = channels.length === 1 ? (left[i] as number) : ((left[i] as number) + (right[i] as number)) / 2;
        assert.ok(Math.abs((wav.samples[i] as number) - want) <= step, `${label} sample ${i}: ${wav.samples[i]} vs ${want}`);
      }
    });
  }
}

test('reads what sox writes: 8/16/24/32-bit PCM, float, stereo and 3-channel WAVE_FORMAT_EXTENSIBLE', () => {
  const read = (f: string): Float32Array => readWav(path.join(FIXTURES, 'sox', `${f}.wav`)).samples;
  const reference = read('pcm24-mono'); // 0.5·sin(440 Hz) for 20 ms
  assert.equal(reference.length, 160);
  // sox's sine generator is not exactly the formula (≈ 0.04 apart), but a wrong scale, sign or
  // 8-bit offset would be off by far more.
  reference.forEach((v, i) => assert.ok(Math.abs(v - 0.5 * Math.sin((2 * Math.PI * 440 * i) / 8000)) < 0.05, `sample ${i}`));
  // sox dithers when it writes 8 and 16 bits (up to ~2 steps of noise): allow 3 quantisation steps.
  const steps: Record<string, number> = { 'pcm8-mono': 3 / 128, 'pcm16-mono': 3 / 32768, 'pcm32-mono': 1e-6, 'float32-mono': 1e-6, 'pcm16-3ch-extensible': 3 / 32768 };
  for (const [f, step] of Object.entries(steps)) {
    const x = read(f);
    assert.equal(x.length, 160, f);
    x.forEach((v, i) => assert.ok(Math.abs(v - (reference[i] as number)) <= step, `${f} sample ${i}: ${v} vs ${reference[i]}`));
  }
  const stereo = readWav(path.join(FIXTURES, 'sox', 'pcm16-stereo.wav'));
  assert.equal(stereo.channels, 2);
  stereo.samples.forEach((v, i) => assert.ok(Math.abs(v - 0.25 * (Math.sin((2 * Math.PI * 440 * i) / 8000) + Math.sin((2 * Math.PI * 1000 * i) / 8000))) < 0.05, `stereo ${i}`));
});

test('skips unknown chunks and honours the pad byte after an odd-sized chunk', () => {
  const odd = { id: 'LIST', body: new Uint8Array([73, 78, 70, 79, 1]) }; // 5 bytes: one pad byte follows
  const junk = { id: 'junk', body: new Uint8Array(7).fill(0xff) };
  const bytes = encodeWav([left], { sampleRate: 8000, bitsPerSample: 16, extraChunks: [odd, junk] });
  const wav = decodeWav(bytes, 'odd.wav');
  assert.equal(wav.samples.length, N);
  assert.ok(Math.abs((wav.samples[5] as number) - (left[5] as number)) < 1e-4);
});

test('a data chunk of unknown size (0xFFFFFFFF, written to a pipe) runs to the end of the file', () => {
  const bytes = encodeWav([left], { sampleRate: 8000, bitsPerSample: 16 });
  const v = new DataView(bytes.buffer);
  v.setUint32(4, 0xffffffff, true);
  v.setUint32(40, 0xffffffff, true); // the data chunk's size field (after a 16-byte fmt chunk)
  assert.equal(decodeWav(bytes, 'piped.wav').samples.length, N);
});

test('a corrupt or unsupported file is an error naming the file and the reason', () => {
  const good = encodeWav([left], { sampleRate: 8000, bitsPerSample: 16 });
  const corrupt = path.join(FIXTURES, 'corrupt.wav'); // committed: a 16-bit clip cut off in its data chunk
  assert.throws(() => readWav(corrupt), (e: unknown) => e instanceof WavError && e.message.includes('corrupt.wav') && /truncated/.test(e.message));
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['empty.wav', new Uint8Array(0), /too short/],
    ['text.wav', new TextEncoder().encode('hello, this is not a wav file'), /no RIFF\/WAVE header/],
    ['adpcm.wav', withFormatTag(good, 2), /format tag 2 \(Microsoft ADPCM\) is not supported/],
    ['nodata.wav', good.subarray(0, 36), /no "data" chunk/],
    ['pcm12.wav', withBits(good, 12), /12-bit PCM samples are not supported/],
  ];
  for (const [name, bytes, reason] of cases) {
    assert.throws(() => decodeWav(bytes, name), (e: unknown) => e instanceof WavError && e.message.startsWith(`${name}: `) && reason.test(e.message), name);
  }
  assert.throws(() => readWav(path.join(FIXTURES, 'missing.wav')), /missing\.wav.*ENOENT/);
});

function withFormatTag(bytes: Uint8Array, tag: number): Uint8Array {
  const b = bytes.slice();
  new DataView(b.buffer).setUint16(20, tag, true);
  return b;
}

function withBits(bytes: Uint8Array, bits: number): Uint8Array {
  const b = bytes.slice();
  new DataView(b.buffer).setUint16(34, bits, true);
  return b;
}

/** Frequency of the strongest DFT bin between 20 Hz and Nyquist (a tone's pitch). */
function dominantHz(x: Float32Array, rate: number): number {
  let best = 0;
  let bestHz = 0;
  for (let hz = 20; hz < rate / 2; hz += 5) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < x.length; i++) {
      re += (x[i] as number) * Math.cos((2 * Math.PI * hz * i) / rate);
      im += (x[i] as number) * Math.sin((2 * Math.PI * hz * i) / rate);
    }
    if (re * re + im * im > best) [best, bestHz] = [re * re + im * im, hz];
  }
  return bestHz;
}

test('resampling keeps a tone at its frequency (down and up) and removes what the new rate cannot hold', () => {
  const tone = (hz: number, rate: number, seconds: number): Float32Array =>
    Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.sin((2 * Math.PI * hz * i) / rate));
  const down = resample(tone(440, 16000, 0.25), 16000, 8000);
  assert.equal(down.length, 2000);
  assert.equal(dominantHz(down, 8000), 440);
  const up = resample(tone(1000, 8000, 0.25), 8000, 22050);
  assert.equal(dominantHz(up, 22050), 1000);
  // Amplitude is kept in the pass band (the middle, away from the edges).
  const mid = down.subarray(500, 1500);
  assert.ok(Math.abs(Math.max(...mid) - 1) < 0.02, `peak ${Math.max(...mid)}`);
  // A 6 kHz tone is above the new 4 kHz Nyquist: it must be filtered out, not alias to 2 kHz.
  const alias = resample(tone(6000, 16000, 0.25), 16000, 8000).subarray(200, 1800);
  const rms = Math.sqrt(alias.reduce((s, v) => s + v * v, 0) / alias.length);
  assert.ok(rms < 0.01, `6 kHz tone leaks through at rms ${rms}`);
});
