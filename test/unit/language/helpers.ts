import * as path from 'path';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/language');
export const fixture = (name: string): string => path.join(FIXTURES, name);
