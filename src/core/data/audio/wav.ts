/**
 * A WAV (RIFF/WAVE) reader written for the project, so `data.kind: audio` needs no native decoder:
 * PCM 8-bit (unsigned), 16/24/32-bit (signed), IEEE float 32/64-bit, and WAVE_FORMAT_EXTENSIBLE
 * whose sub-format is PCM or float. Any channel count is mixed down to mono (the mean of the channels).
 * Chunks the reader does not need (LIST, fact, cue, ...) are skipped; odd-sized chunks are followed by
 * a pad byte, as RIFF requires. A corrupt or unsupported file is a WavError naming the file and why.
 */
import * as fs from 'node:fs';

export interface WavAudio {
  sampleRate: number;
  /** Channels in the file (the samples are already mixed down to one). */
  channels: number;
  bitsPerSample: number;
  encoding: 'pcm' | 'float';
  /** Mono samples scaled to [-1, 1). */
  samples: Float32Array;
}

export class WavError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: not a readable WAV file: ${reason}`);
    this.name = 'WavError';
  }
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;
const STREAMED_SIZE = 0xffffffff;

interface Fmt {
  tag: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

export function readWav(file: string): WavAudio {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new WavError(file, (e as Error).message);
  }
  return decodeWav(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
}

export function decodeWav(bytes: Uint8Array, file = '<buffer>'): WavAudio {
  const fail = (reason: string): never => {
    throw new WavError(file, reason);
  };
  if (bytes.length < 12) fail(`only ${bytes.length} bytes: too short for a RIFF header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riff = fourcc(bytes, 0);
  if (riff === 'RIFX' || riff === 'RF64') fail(`${riff} files are not supported (only little-endian RIFF WAVE)`);
  if (riff !== 'RIFF' || fourcc(bytes, 8) !== 'WAVE') fail(`no RIFF/WAVE header (starts with "${printable(bytes.subarray(0, 4))}")`);
  let fmt: Fmt | undefined;
  let data: Uint8Array | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = fourcc(bytes, at);
    const body = at + 8;
    let size = view.getUint32(at + 4, true);
    // A writer that streams (to a pipe) cannot seek back to fill in the size and leaves 0xFFFFFFFF:
    // the data then runs to the end of the file.
    if (id === 'data' && size === STREAMED_SIZE) size = bytes.length - body;
    if (body + size > bytes.length) {
      if (id === 'data') fail(`the data chunk says ${size} bytes but only ${bytes.length - body} follow (truncated file)`);
      fail(`the "${printable(bytes.subarray(at, at + 4))}" chunk at byte ${at} runs past the end of the file (truncated or corrupt)`);
    }
    if (id === 'fmt ') fmt = parseFmt(view, body, size, fail);
    else if (id === 'data') data = bytes.subarray(body, body + size);
    // Chunks are word-aligned: an odd size is followed by one pad byte.
    at = body + size + (size & 1);
  }
  if (!fmt) return fail('no "fmt " chunk');
  if (!data) return fail('no "data" chunk');
  return { ...fmt, encoding: fmt.tag === FORMAT_FLOAT ? 'float' : 'pcm', samples: decodeSamples(data, fmt, fail) };
}

function parseFmt(view: DataView, at: number, size: number, fail: (r: string) => never): Fmt {
  if (size < 16) fail(`the "fmt " chunk has ${size} bytes (at least 16 expected)`);
  let tag = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bitsPerSample = view.getUint16(at + 14, true);
  if (tag === FORMAT_EXTENSIBLE) {
    if (size < 40) fail(`WAVE_FORMAT_EXTENSIBLE needs a 40-byte "fmt " chunk (this one has ${size})`);
    // The sub-format GUID starts with the plain format tag (…-0000-0010-8000-00aa00389b71).
    tag = view.getUint16(at + 24, true);
  }
  if (tag !== FORMAT_PCM && tag !== FORMAT_FLOAT) fail(`format tag ${tag} (${formatName(tag)}) is not supported: only PCM (1), IEEE float (3) and WAVE_FORMAT_EXTENSIBLE of those`);
  if (channels < 1) fail('0 channels');
  if (sampleRate < 1) fail('sample rate 0');
  const pcmOk = tag === FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample);
  const floatOk = tag === FORMAT_FLOAT && [32, 64].includes(bitsPerSample);
  if (!pcmOk && !floatOk) fail(`${bitsPerSample}-bit ${tag === FORMAT_PCM ? 'PCM' : 'float'} samples are not supported (PCM: 8, 16, 24, 32; float: 32, 64)`);
  if (blockAlign !== channels * (bitsPerSample / 8)) fail(`block align ${blockAlign} does not match ${channels} channel(s) × ${bitsPerSample / 8} bytes`);
  return { tag, channels, sampleRate, blockAlign, bitsPerSample };
}

function decodeSamples(data: Uint8Array, fmt: Fmt, fail: (r: string) => never): Float32Array {
  const { channels, blockAlign, bitsPerSample, tag } = fmt;
  // A trailing partial frame (some writers leave one) is dropped rather than failing the file.
  const frames = Math.floor(data.length / blockAlign);
  if (frames === 0 && data.length > 0) fail(`the data chunk (${data.length} bytes) is shorter than one sample frame`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const bytesPer = bitsPerSample / 8;
  const read = sampleReader(view, tag, bitsPerSample);
  const out = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read(f * blockAlign + c * bytesPer);
    out[f] = sum / channels;
  }
  return out;
}

function sampleReader(view: DataView, tag: number, bits: number): (at: number) => number {
  if (tag === FORMAT_FLOAT) return bits === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  switch (bits) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128; // 8-bit WAV is unsigned, centred on 128
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) => {
        const v = view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16);
        return v / 8388608;
      };
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

function printable(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
}

function formatName(tag: number): string {
  return { 2: 'Microsoft ADPCM', 6: 'A-law', 7: 'µ-law', 0x11: 'IMA ADPCM', 0x55: 'MP3' }[tag] ?? 'unknown';
}
