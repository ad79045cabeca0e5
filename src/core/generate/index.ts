/** `seqlab generate`: continue a prompt with a finished text or midi run (see ./load and ./generate). */
export { loadRunForGeneration, GenerateError, type LoadedRun } from './load';
export { generate, resultMidi, type GenerateOptions, type GenerateResult } from './generate';
