import { z } from 'zod';

/** The event types Follow Up Boss's POST /v1/events accepts ("Inquiry" is shorthand FUB converts). */
export const FUB_TYPES = [
  'Registration',
  'Inquiry',
  'Seller Inquiry',
  'Property Inquiry',
  'General Inquiry',
  'Viewed Property',
  'Saved Property',
  'Visited Website',
  'Incoming Call',
  'Unsubscribed',
  'Property Search',
  'Saved Property Search',
  'Visited Open House',
  'Viewed Page',
] as const;

const contact = z.object({ value: z.string().trim().min(1), type: z.string().optional() });
const address = z.object({
  type: z.string().optional(),
  street: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  code: z.string().optional(),
  country: z.string().optional(),
});

/**
 * The stand-in's check of an event body, as strict as Follow Up Boss is on what OpenCMA sends: a known
 * type, a person with at least one phone, well-formed property and page fields. Unknown fields pass
 * (FUB ignores what it does not know).
 */
export const fubEventSchema = z
  .object({
    source: z.string().optional(),
    system: z.string().optional(),
    type: z.enum(FUB_TYPES),
    message: z.string().optional(),
    description: z.string().optional(),
    sourceUrl: z.string().optional(),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    person: z.object(
      {
        id: z.number().int().optional(),
        firstName: z.string().optional(),
        lastName: z.string().optional(),
        emails: z.array(contact).optional(),
        phones: z.array(contact).min(1, 'person.phones: at least one phone is required'),
        addresses: z.array(address).optional(),
        tags: z.array(z.string()).optional(),
      },
      { error: 'person is required' },
    ),
    property: z
      .object({
        street: z.string().optional(),
        city: z.string().optional(),
        state: z.string().optional(),
        code: z.string().optional(),
        mlsNumber: z.string().optional(),
        price: z.number().nonnegative().optional(),
        url: z.string().optional(),
        forRent: z.boolean().optional(),
      })
      .optional(),
    pageUrl: z.url().optional(),
    pageTitle: z.string().optional(),
  })
  .refine((b) => b.type !== 'Viewed Page' || Boolean(b.pageUrl), { message: 'pageUrl is required for Viewed Page events', path: ['pageUrl'] });

export type FubEventInput = z.infer<typeof fubEventSchema>;
