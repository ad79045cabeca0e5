/**
 * Writes WAV bytes in any format the reader accepts. Used by the tests to make fixtures of every
 * format in code (so they cannot drift from what the test asserts), and handy for exporting audio.
 */
export interface WavWriteOptions {
  sampleRate: number;
  /** PCM: 8, 16, 24, 32; float: 32, 64. */
  bitsPerSample: number;
  encoding?: 'pcm' | 'float';
  /** Write a 40-byte WAVE_FORMAT_EXTENSIBLE "fmt " chunk instead of the plain 16-byte one. */
  extensible?: boolean;
  /** Extra chunks written before "data" (to exercise skipping and odd-size padding). */
  extraChunks?: Array<{ id: string; body: Uint8Array }>;
}

/** `channels[c][i]`: sample i of channel c, in [-1, 1]. */
export function encodeWav(channels: ArrayLike<number>[], o: WavWriteOptions): Uint8Array {
  const nCh = channels.length;
  const frames = channels[0]?.length ?? 0;
  const bytesPer = o.bitsPerSample / 8;
  const float = o.encoding === 'float';
  const fmtSize = o.extensible ? 40 : 16;
  const dataSize = frames * nCh * bytesPer;
  const extras = o.extraChunks ?? [];
  const extraSize = extras.reduce((n, c) => n + 8 + c.body.length + (c.body.length & 1), 0);
  const total = 12 + 8 + fmtSize + extraSize + 8 + dataSize + (dataSize & 1);
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  let at = 0;
  const id = (s: string): void => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
    at += 4;
  };
  const u32 = (x: number): void => {
    v.setUint32(at, x, true);
    at += 4;
  };
  const u16 = (x: number): void => {
    v.setUint16(at, x, true);
    at += 2;
  };
  id('RIFF');
  u32(total - 8);
  id('WAVE');
  id('fmt ');
  u32(fmtSize);
  const tag = float ? 3 : 1;
  u16(o.extensible ? 0xfffe : tag);
  u16(nCh);
  u32(o.sampleRate);
  u32(o.sampleRate * nCh * bytesPer);
  u16(nCh * bytesPer);
  u16(o.bitsPerSample);
  if (o.extensible) {
    u16(22); // cbSize
    u16(o.bitsPerSample); // valid bits
    u32(nCh === 1 ? 0x4 : 0x3); // channel mask: centre, or front left + right
    // Sub-format GUID: the format tag, then the fixed tail 0000-0010-8000-00aa00389b71.
    u16(tag);
    for (const b of [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]) out[at++] = b;
  }
  for (const c of extras) {
    id(c.id);
    u32(c.body.length);
    out.set(c.body, at);
    at += c.body.length + (c.body.length & 1);
  }
  id('data');
  u32(dataSize);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nCh; c++) {
      const x = Math.max(-1, Math.min(1, (channels[c] as ArrayLike<number>)[i] as number));
      writeSample(v, at, x, o.bitsPerSample, float);
      at += bytesPer;
    }
  }
  return out;
}

function writeSample(v: DataView, at: number, x: number, bits: number, float: boolean): void {
  if (float) {
    if (bits === 32) v.setFloat32(at, x, true);
    else v.setFloat64(at, x, true);
    return;
  }
  const full = 2 ** (bits - 1);
  const q = Math.max(-full, Math.min(full - 1, Math.round(x * full)));
  if (bits === 8) v.setUint8(at, q + 128);
  else if (bits === 16) v.setInt16(at, q, true);
  else if (bits === 32) v.setInt32(at, q, true);
  else {
    v.setUint8(at, q & 0xff);
    v.setUint8(at + 1, (q >> 8) & 0xff);
    v.setUint8(at + 2, (q >> 16) & 0xff);
  }
}
