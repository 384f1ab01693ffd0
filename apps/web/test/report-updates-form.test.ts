import { describe, expect, it } from 'vitest';
import { readUpdatesForm, UPDATES_SMS_OPTED_OUT, updatesErrors } from '../lib/report/updates-submit';

const form = (s: string) => readUpdatesForm(new URLSearchParams(s));

describe("the report's value-updates forms as POST /r/{id} sends them to the API", () => {
  it('sends the posted fields as typed, and only the API’s fields; keeps what is shown again, never a consent box', () => {
    const email = form('email=+Pat%40Example.com+&frequency=quarterly&consent=on&consent_version=1&owed=%24300%2C000&price=&rate=6.5&evil=1');
    expect(email.channel).toBe('email');
    expect(email.body).toEqual({
      email: ' Pat@Example.com ',
      frequency: 'quarterly',
      consent: 'on',
      consent_version: '1',
      owed: '$300,000',
      price: '',
      rate: '6.5',
    });
    expect(email.values).toEqual({ email: 'Pat@Example.com', frequency: 'quarterly', owed: '$300,000', rate: '6.5' });

    const texts = form('channel=sms&frequency=monthly&sms_consent=on&sms_consent_version=1');
    expect(texts.channel).toBe('sms');
    expect(texts.body).toEqual({ channel: 'sms', frequency: 'monthly', sms_consent: 'on', sms_consent_version: '1' });
    expect(texts.values).toEqual({ frequency: 'monthly' });
    // a frequency that is not one of the two is not shown again (the API says what is wrong)
    expect(form('frequency=daily').values).toEqual({});
  });

  it('puts each of the API’s field errors beside its field in the form that was sent, any other at the top', () => {
    const refused = {
      status: 400,
      retryAfter: null,
      body: {
        error: {
          code: 'validation_failed',
          message: 'Some fields need attention.',
          fields: {
            owed: 'Enter what you owe in dollars, e.g. 250,000',
            consent_version: 'This page is out of date. Please reload it and try again.',
          },
        },
      },
    };
    expect(updatesErrors('email', refused)).toEqual({
      owed: 'Enter what you owe in dollars, e.g. 250,000',
      form: 'This page is out of date. Please reload it and try again.',
    });
    // the text form has no owed fields: its error is said at its top
    expect(updatesErrors('sms', refused).form).toBe('Enter what you owe in dollars, e.g. 250,000');
    expect(
      updatesErrors('sms', {
        status: 400,
        retryAfter: null,
        body: { error: { code: 'validation_failed', message: 'x', fields: { sms_consent: 'Tick it' } } },
      }),
    ).toEqual({ sms_consent: 'Tick it' });
    // no fields: the API's message; no body: a general one
    expect(updatesErrors('email', { status: 400, retryAfter: null, body: { error: { code: 'bad', message: 'Bad request' } } })).toEqual({
      form: 'Bad request',
    });
    expect(updatesErrors('email', { status: 400, retryAfter: null, body: null }).form).toMatch(/^Nothing was saved yet/);
  });

  it('a number that replied STOP: says so and how to turn texts on again (reply START), or to choose e-mail', () => {
    const stop = {
      status: 409,
      retryAfter: null,
      body: { error: { code: 'sms_opted_out', message: 'This number replied STOP to our texts. Reply START to it first, or choose e-mail.' } },
    };
    expect(updatesErrors('sms', stop)).toEqual({ form: UPDATES_SMS_OPTED_OUT });
    expect(UPDATES_SMS_OPTED_OUT).toMatch(/replied STOP.*reply START.*e-mail/);
  });
});
