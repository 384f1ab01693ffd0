import { z } from 'zod';
import {
  CONSENT_VERSIONS,
  isConsentVersion,
  isHomeUpdateConsentVersion,
  isHomeUpdateSmsConsentVersion,
  OWED_FIELDS,
  parseOwed,
  REPORT_FAILURE_CODES,
  type OwedValues,
  type Valuation,
} from '@opencma/core';

export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .meta({ id: 'Error' });

export const agentCodeParam = z.object({
  agent_code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/, 'Not an agent code'),
});

export const reportIdParam = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'Not a report id'),
});

export const placeSchema = z.object({
  mlsId: z.string().max(64).nullish(),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
  postalCode: z.string().max(16).nullish(),
});

const THIS_YEAR = new Date().getUTCFullYear();

/** What a consumer may correct about their home; bounds reject typos such as 30 bedrooms or 250,000 sq ft. */
export const consumerFacts = z
  .strictObject({
    bedrooms: z.number().int('Bedrooms must be a whole number').min(0).max(20, 'At most 20 bedrooms'),
    bathrooms: z
      .number()
      .min(0)
      .max(20, 'At most 20 bathrooms')
      .refine((n) => Number.isInteger(n * 4), 'Bathrooms in steps of 0.25 (e.g. 2.5)'),
    sqftLiving: z.number().int('Square feet must be a whole number').min(200, 'At least 200 sq ft').max(30000, 'At most 30,000 sq ft'),
    yearBuilt: z
      .number()
      .int()
      .min(1800, 'Year built from 1800')
      .max(THIS_YEAR + 1, `Year built up to ${THIS_YEAR + 1}`),
  })
  .partial();

export const createConsumerReportBody = z.object({
  agent_code: z.string().min(1, 'Agent code is required').max(32),
  phone: z.string({ error: 'Phone number is required' }).trim().min(1, 'Phone number is required').max(32),
  address: z.string({ error: 'Property address is required' }).trim().min(5, 'Enter the full property address').max(300, 'Address is too long'),
  place: placeSchema.optional(),
  consent: z.literal(true, { error: 'Please agree to be contacted so we can send your report' }),
  consent_version: z
    .number({ error: 'Please reload the page and try again.' })
    .int()
    .refine(isConsentVersion, 'This page is out of date. Please reload it and try again.')
    .meta({
      description: `The version of the consent disclosure the page showed (one of ${CONSENT_VERSIONS.join(', ')}; the landing page sends the current one). The server renders that version for the agent and stores its text, hash and the agent's page URL as the consent record.`,
    }),
  consent_text: z
    .string()
    .max(2000)
    .optional()
    .meta({ deprecated: true, description: 'Deprecated and ignored: the server renders the text of consent_version itself.' }),
  page_url: z
    .string()
    .max(2000)
    .optional()
    .meta({ deprecated: true, description: "Deprecated and ignored: the record holds the agent's page URL built by the server." }),
  /** Honeypot: people never see this field; bots fill it. */
  website: z.string().max(500).optional(),
  /** Facts of the home the consumer confirmed or corrected (used by the valuation, marked on the report). */
  facts: consumerFacts.optional(),
  /** Cloudflare Turnstile token (required when Turnstile is configured). */
  turnstile_token: z.string().max(2048).optional(),
  personal_valuation: z.boolean().optional().meta({
    description:
      'The page could not locate the address and the consumer asked for a personal valuation from the agent instead: the lead is flagged "needs a personal valuation".',
  }),
});
export type CreateConsumerReportBody = z.infer<typeof createConsumerReportBody>;

export const createConsumerReportAccepted = z.object({
  report_id: z.string(),
  /** pending for a new report; a repeat of a recent submission returns the existing report's status. */
  status: z.enum(['pending', 'processing', 'completed', 'failed']),
  status_url: z.string(),
});

export const landingPageResponse = z.object({
  agent: z.object({
    name: z.string(),
    photoUrl: z.string().nullable(),
    agentCode: z.string(),
    headline: z.string(),
    subheadline: z.string(),
    ctaText: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
  }),
  account: z.object({
    name: z.string().nullable(),
    logoUrl: z.string().nullable(),
    primaryColor: z.string().nullable(),
    secondaryColor: z.string().nullable(),
    brandingEnabled: z.boolean(),
  }),
  compliance: z.object({
    licenseNumber: z.string().nullable(),
    brokerageLicenseNumber: z.string().nullable(),
    equalHousingOpportunity: z.boolean(),
  }),
});

export const addressQuery = z.object({
  q: z.string().trim().min(2, 'Type at least 2 characters').max(200),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});

export const addressSuggestion = z.object({
  address: z.string(),
  city: z.string().nullable(),
  postalCode: z.string().nullable(),
  /** Null for Google Places predictions until resolved with GET /v1/addresses/place. */
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  mlsId: z.string().nullable(),
  /** Google place id (Google Places only). */
  placeId: z.string().nullable().optional(),
});

export const placeIdQuery = z.object({ id: z.string().trim().min(1).max(512) });

export const propertyLookupQuery = z.object({
  address: z.string().trim().min(5, 'Enter the full property address').max(300),
  mlsId: z.string().trim().max(64).optional(),
  postalCode: z.string().trim().max(16).optional(),
});

export const propertyLookupResponse = z.object({
  /** The home as the MLS knows it; null when the MLS does not know it. */
  property: z
    .object({
      address: z.string(),
      bedrooms: z.number().nullable(),
      bathrooms: z.number().nullable(),
      sqftLiving: z.number().nullable(),
      yearBuilt: z.number().nullable(),
    })
    .nullable(),
});

export const addressSuggestions = z.object({ suggestions: z.array(addressSuggestion) });

/** How the estimate was put together (ValuationBlend in @opencma/core, decision 0023). */
const valuationBlend = z
  .object({
    compsValue: z.number().describe('What the comparable sales suggest, in dollars'),
    marketModelValue: z.number().nullable().describe("What the market's model suggests, in dollars; null when there is no model yet"),
    compsWeight: z.number().describe('Share of the comps in the estimate (geometric weights, sum 1)'),
    marketModelWeight: z.number().describe('Share of the market model; 0 without one'),
    marketDrift: z
      .number()
      .optional()
      .describe(
        "Market movement applied on top of the weighted parts (fraction, 0.004 = +0.4%), measured on the model's most recent backtested sales",
      ),
    marketModelVersion: z.string().nullable().describe('Stored model version used, e.g. "king-county@2015-04-01"; null without one'),
    calibrationSource: z.string().describe('Where the range and confidence calibration come from, in words'),
  })
  .meta({ id: 'ValuationBlend' });

/** The Valuation: described down to its blend; its other fields pass through as they are. */
const valuationResponse = z
  .looseObject({
    valuationDate: z.string(),
    blend: valuationBlend
      .nullish()
      .describe('Comps vs market model: "comparable sales suggest …, the market model suggests …"; absent on reports made before valuation v2'),
  })
  .nullable()
  .describe('Valuation (estimate, range, confidence, comps, blend) or null') as unknown as z.ZodType<Valuation | null>;

/** The report as the page and PDF render it (see ReportModel in @opencma/core). */
export const reportModelResponse = z
  .object({
    id: z.string(),
    status: z.enum(['pending', 'processing', 'completed', 'failed']),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
    failureReason: z.string().nullable(),
    failureCode: z.enum(REPORT_FAILURE_CODES).nullable().describe('Why the report failed, when the cause is known; null: unknown'),
    needsPersonalValuation: z.boolean().describe('No instant estimate was possible: the agent prepares a personal valuation'),
    propertyAddress: z.string(),
    subject: z.unknown().describe('Subject (facts of the home) or null'),
    valuation: valuationResponse,
    market: z.unknown().describe('MarketStats or null'),
    agent: z.object({
      name: z.string(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      photoUrl: z.string().nullable(),
      agentCode: z.string(),
      brokerage: z.string().nullable(),
      logoUrl: z.string().nullable(),
      primaryColor: z.string().nullable(),
      secondaryColor: z.string().nullable(),
      licenseNumber: z.string().nullable(),
      brokerageLicenseNumber: z.string().nullable(),
      equalHousingOpportunity: z.boolean(),
      saleCommissionPct: z.number().describe("The agent's default commission for the net-proceeds calculator, % of the sale price"),
      closingCostPct: z.number().describe("The agent's default closing costs for the net-proceeds calculator, % of the sale price"),
    }),
    pdf: z.object({ status: z.enum(['pending', 'ready', 'failed']), url: z.string().nullable() }),
    dataAsOf: z.string().nullable(),
    disclaimer: z.string(),
    maskedPhone: z
      .string()
      .nullable()
      .optional()
      .describe('The homeowner\'s number masked, e.g. "(206) •••-••34", for the text-updates option; never the number itself'),
  })
  .meta({ id: 'ConsumerReport' });

const ticked = (error: string) => z.union([z.literal(true), z.literal('on')], { error });
const versionField = (isVersion: (v: unknown) => boolean, description: string) =>
  z
    .union([z.number().int(), z.string().regex(/^\d{1,3}$/)], { error: 'Please reload the page and try again.' })
    .refine((v) => isVersion(Number(v)), 'This page is out of date. Please reload it and try again.')
    .meta({ description });

const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * What the homeowner owes, optional, for the equity line of their updates (decision 0035): what they
 * owe today, or the purchase (price, down payment, month YYYY-MM, rate %, term years) from which each
 * update estimates the balance. Strings as typed in the form, or numbers in JSON.
 */
const owedInputFields = {
  owed: z
    .union([z.string().max(32), z.number()])
    .optional()
    .meta({ description: "What you owe today, dollars (e.g. '310,000')" }),
  price: z
    .union([z.string().max(32), z.number()])
    .optional()
    .meta({ description: 'Or: the purchase price, dollars' }),
  down: z
    .union([z.string().max(32), z.number()])
    .optional()
    .meta({ description: 'The down payment, dollars' }),
  start: z.string().max(16).optional().meta({ description: 'The month the loan started, YYYY-MM' }),
  rate: z
    .union([z.string().max(16), z.number()])
    .optional()
    .meta({ description: 'The interest rate, % a year (0–25)' }),
  term: z
    .union([z.string().max(8), z.number()])
    .optional()
    .meta({ description: 'The loan term in years (1–40; default 30)' }),
};

/** The owed fields of a parsed body as the strings core's parseOwed reads. */
export function owedValuesOf(body: Partial<Record<(typeof OWED_FIELDS)[number], string | number | undefined>>): OwedValues {
  return Object.fromEntries(OWED_FIELDS.map((k) => [k, body[k] === undefined ? undefined : String(body[k])]));
}

/** Adds parseOwed's field errors to a body's issues (one message per field, in the one error shape). */
function checkOwed(body: Partial<Record<(typeof OWED_FIELDS)[number], string | number | undefined>>, ctx: z.RefinementCtx) {
  const { errors } = parseOwed(owedValuesOf(body), todayUtc());
  for (const [field, message] of Object.entries(errors)) ctx.addIssue({ code: 'custom', path: [field], message });
}

/**
 * Opting in to recurring home-value updates on the report page (JSON, or the page's form posted without
 * JavaScript): by e-mail (decision 0028), by text to the report's own number (decision 0034), or both —
 * each channel its own subscription with its own express consent.
 */
export const createHomeSubscriptionBody = z
  .object({
    channel: z.enum(['email', 'sms', 'both'], { error: 'Choose e-mail, text messages or both' }).default('email').meta({
      description:
        "How the updates come: e-mail, text messages to the number the report was requested with (never another), or both. Default 'email'.",
    }),
    email: z
      .union([
        z.literal(''),
        z
          .string({ error: 'E-mail address is required' })
          .trim()
          .toLowerCase()
          .max(254, 'E-mail address is too long')
          .email('Enter a valid e-mail address'),
      ])
      .optional()
      .meta({ description: "Required for 'email' and 'both'; ignored for 'sms'." }),
    frequency: z.enum(['monthly', 'quarterly'], { error: 'Choose monthly or quarterly' }).default('monthly'),
    consent: ticked('Please tick the box to agree to the e-mails')
      .optional()
      .meta({ description: "The e-mail consent box, required for 'email' and 'both'." }),
    consent_version: versionField(
      isHomeUpdateConsentVersion,
      'The version of the e-mail consent disclosure the page showed; the server renders that version and stores it as the record.',
    ).optional(),
    sms_consent: ticked('Please tick the box to agree to the texts')
      .optional()
      .meta({ description: "The text-message consent box (express written consent, unticked by default), required for 'sms' and 'both'." }),
    sms_consent_version: versionField(
      isHomeUpdateSmsConsentVersion,
      'The version of the text-message consent disclosure the page showed; the server renders that version and stores it as the record.',
    ).optional(),
    ...owedInputFields,
  })
  .superRefine((body, ctx) => {
    checkOwed(body, ctx);
    const missing = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (body.channel !== 'sms') {
      if (!body.email) missing('email', 'E-mail address is required');
      if (body.consent === undefined) missing('consent', 'Please tick the box to agree to the e-mails');
      if (body.consent_version === undefined) missing('consent_version', 'Please reload the page and try again.');
    }
    if (body.channel !== 'email') {
      if (body.sms_consent === undefined) missing('sms_consent', 'Please tick the box to agree to the texts');
      if (body.sms_consent_version === undefined) missing('sms_consent_version', 'Please reload the page and try again.');
    }
  });

export const homeSubscriptionCreated = z
  .object({
    status: z.literal('active'),
    frequency: z.enum(['monthly', 'quarterly']),
    channels: z.array(z.enum(['email', 'sms'])).describe('The channels now subscribed (one subscription each)'),
  })
  .meta({ id: 'HomeSubscription' });

export const unsubscribeTokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'Not an unsubscribe token') });

export const unsubscribed = z.object({ status: z.literal('unsubscribed') });

const frequencyField = z.enum(['monthly', 'quarterly'], { error: 'Choose monthly or quarterly' });

/** A subscription's preferences as its page shows them (GET by token). */
export const homeUpdatePreferences = z
  .object({
    status: z.enum(['active', 'unsubscribed']),
    frequency: frequencyField,
    address: z.string().describe("The home's address, as the update e-mails name it"),
    reportId: z.string().describe('The report (and value history) of the home'),
    owed: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('owed'), amount: z.number(), asOf: z.string() }),
        z.object({ kind: z.literal('loan'), amount: z.number(), start: z.string(), ratePct: z.number(), termYears: z.number() }),
      ])
      .nullable()
      .describe('What the homeowner gave for the equity line, or null'),
  })
  .meta({ id: 'HomeUpdatePreferences' });

/** Changing a subscription's preferences by its token: any of frequency, what is owed, or forgetting it. */
export const updateHomeUpdatePreferencesBody = z
  .object({
    frequency: frequencyField.optional(),
    forget_owed: z
      .union([z.boolean(), z.literal('on')])
      .optional()
      .meta({ description: 'Forget what I owe (no equity line in the updates)' }),
    ...owedInputFields,
  })
  .superRefine(checkOwed);

export const homeUpdatePreferencesSaved = z.object({ status: z.literal('saved') });

/** The value history of a report's home: the first report and each sent update, oldest first. */
export const reportHistoryResponse = z
  .object({
    reportId: z.string(),
    entries: z.array(
      z.object({
        kind: z.enum(['report', 'update']),
        date: z.string().describe('YYYY-MM-DD the home was valued as of'),
        estimate: z.object({ value: z.number(), low: z.number(), high: z.number() }).nullable(),
        change: z.number().nullable().describe('Change of the estimate since the previous entry with one, dollars'),
      }),
    ),
  })
  .meta({ id: 'ReportHistory' });
