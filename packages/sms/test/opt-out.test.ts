import { describe, expect, it } from 'vitest';
import { classifyReply } from '../src/index';

describe('classifyReply: opt-out by any reasonable means, opt-in by keyword', () => {
  it.each([
    'STOP',
    'stop',
    'Stop!',
    'stop texting me',
    'Please stop',
    'please stop.',
    'STOP TEXTING ME!!!',
    'Unsubscribe',
    'unsubscribe me please',
    'stopall',
    'Cancel',
    'end',
    'quit',
    'revoke',
    'opt out',
    'OPT-OUT',
    'optout',
    'Stop messaging me, thanks',
    "Don't text me again",
    'Do not contact me',
    'remove me from your list',
    'no more texts',
    'Thanks but I already sold the house last month and I am not interested, please take me off this list',
    'Who is this? I never asked for a report and I want you to stop texting this number right now',
    '  stop  ',
  ])('%j opts out', (body) => {
    expect(classifyReply(body)).toBe('opt_out');
  });

  it.each(['START', 'start', 'Unstop', 'YES', 'optin'])('%j opts back in', (body) => {
    expect(classifyReply(body)).toBe('opt_in');
  });

  it.each([
    '',
    'Thanks!',
    'What is the estimate based on?',
    'Can you call me tomorrow?',
    'Great report, I would like to talk about listing the house before the end of the month, when are you free to meet',
    'Yes please call me',
    'start the listing process',
  ])('%j is neither', (body) => {
    expect(classifyReply(body)).toBeNull();
  });

  it('a reply that says stop and start stays an opt-out', () => {
    expect(classifyReply("don't start, stop")).toBe('opt_out');
  });
});
