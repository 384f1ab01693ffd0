import { describe, expect, it } from 'vitest';
import { splitAddress } from '../src/address';

describe('splitAddress', () => {
  it.each([
    ['1156 N 93rd St, Seattle, WA 98103', { street: '1156 N 93rd St', city: 'Seattle', state: 'WA', code: '98103' }],
    ['1156 N 93rd St, Seattle, WA 98103, USA', { street: '1156 N 93rd St', city: 'Seattle', state: 'WA', code: '98103' }],
    ['12211 SE 65th St, Apt 4, Bellevue, wa 98006-1234', { street: '12211 SE 65th St, Apt 4', city: 'Bellevue', state: 'WA', code: '98006-1234' }],
    ['800 Robson St, Vancouver, BC V6Z 3B7, Canada', { street: '800 Robson St', city: 'Vancouver', state: 'BC', code: 'V6Z 3B7' }],
    ['1 Main St, Springfield, IL', { street: '1 Main St', city: 'Springfield', state: 'IL' }],
    ['1156 N 93rd St Seattle', { street: '1156 N 93rd St Seattle' }],
    ['1 Main St, Springfield, Illinois 62701', { street: '1 Main St, Springfield, Illinois 62701' }],
  ])('%s', (input, expected) => {
    expect(splitAddress(input)).toEqual(expected);
  });
});
