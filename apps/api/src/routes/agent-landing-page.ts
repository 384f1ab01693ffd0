import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findAgentById, updateAgentByCode } from '@opencma/db';
import QRCode from 'qrcode';
import { sellingCostBps } from '@opencma/contracts';
import { z } from 'zod';
import { agentAuth, identityOf } from '../agent-auth/identity';
import { MAX_PHOTO_BYTES, preparePhoto } from '../agent-auth/photo';
import type { AgentRouteDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { landingPageFor } from '../landing-page';
import { errorBody } from '../schemas';

const text = (max: number, what: string) =>
  z
    .string({ error: `${what} must be text.` })
    .trim()
    .min(1, `${what} cannot be empty.`)
    .max(max, `${what} holds at most ${max} characters.`);

export const landingPagePatch = z.strictObject({
  name: text(200, 'Name').optional(),
  headline: text(200, 'Headline').optional(),
  subheadline: text(500, 'Subheadline').optional(),
  cta_text: text(60, 'Call to action').optional(),
  /** null clears it (the account's name is used). */
  brokerage_name: text(200, 'Brokerage name').nullable().optional(),
  license_number: text(40, 'License number').nullable().optional(),
  /** The homeowner's net-proceeds calculator defaults on this agent's reports (decision 0029). */
  sale_commission_bps: sellingCostBps.optional(),
  closing_cost_bps: sellingCostBps.optional(),
});

const landingPageEditor = z
  .object({
    name: z.string(),
    headline: z.string(),
    subheadline: z.string(),
    cta_text: z.string(),
    photo_url: z.string().nullable(),
    landing_page_url: z.string(),
    qr_png_url: z.string(),
    qr_svg_url: z.string(),
    brokerage_name: z.string().nullable().describe("The agent's own brokerage name (null: the account's name is used)"),
    brokerage: z.string().nullable().describe('The brokerage the landing page, report, PDF and texts name'),
    license_number: z.string().nullable(),
    sale_commission_bps: z.number().describe("Default commission in the homeowner's net-proceeds calculator, basis points (550 = 5.5%)"),
    closing_cost_bps: z.number().describe("Default closing costs in the homeowner's net-proceeds calculator, basis points (150 = 1.5%)"),
    compliance_warning: z.string().nullable().describe('Set while the page is live without a brokerage name (decision 0026)'),
  })
  .meta({ id: 'AgentLandingPage' });

/** US advertising rules expect the brokerage on an agent's marketing (decision 0026): loud in the workspace until it is set. */
const MISSING_BROKERAGE_WARNING =
  'Your page is live without a brokerage name. US advertising rules expect your brokerage on your landing page and reports: add it below.';

const security = [{ agentSession: [] }];
const PHOTO_TYPES = /^image\/[\w.+-]+$|^application\/octet-stream$/;

/** The signed-in agent's own landing page: texts, photo, link and QR code. Changes show on /cma/{agent_code} at once. */
export const agentLandingPageRoutes: FastifyPluginAsyncZod<AgentRouteDeps> = async (app, deps) => {
  const db = deps.database.db;
  const requireAgent = agentAuth({ db, sessionDays: deps.config.AGENT_SESSION_DAYS });

  // Photos arrive as the raw file (Content-Type image/*), up to 5 MB; anything else is refused by type first.
  app.addContentTypeParser(PHOTO_TYPES, { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES + 1024 }, (_req, body, done) => done(null, body));

  const editorView = async (userId: string) => {
    const owner = await findAgentById(db, userId);
    if (!owner) throw notFound('Agent');
    const page = landingPageFor(owner);
    const url = `${deps.config.publicBaseUrl}/cma/${owner.agent.agent_code}`;
    return {
      name: owner.agent.name,
      headline: page.agent.headline,
      subheadline: page.agent.subheadline,
      cta_text: page.agent.ctaText,
      photo_url: owner.agent.photo_url,
      landing_page_url: url,
      qr_png_url: '/v1/agent/landing-page/qr.png',
      qr_svg_url: '/v1/agent/landing-page/qr.svg',
      brokerage_name: owner.agent.brokerage_name,
      brokerage: page.account.name,
      license_number: owner.agent.license_number,
      sale_commission_bps: owner.agent.sale_commission_bps,
      closing_cost_bps: owner.agent.closing_cost_bps,
      compliance_warning: page.account.name ? null : MISSING_BROKERAGE_WARNING,
    };
  };

  app.get(
    '/v1/agent/landing-page',
    {
      schema: {
        summary: "The signed-in agent's landing page texts, photo and link",
        tags: ['agent'],
        security,
        response: { 200: landingPageEditor, 401: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return editorView(identityOf(req).user.id);
    },
  );

  app.patch(
    '/v1/agent/landing-page',
    {
      schema: {
        summary: 'Edit the landing page texts (headline, subheadline, call to action, name) and compliance fields (brokerage name, license number)',
        tags: ['agent'],
        security,
        body: landingPagePatch,
        response: { 200: landingPageEditor, 400: errorBody, 401: errorBody, 403: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req) => {
      const { user } = identityOf(req);
      const b = req.body;
      await updateAgentByCode(db, user.agent_code, {
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.headline !== undefined ? { landing_page_headline: b.headline } : {}),
        ...(b.subheadline !== undefined ? { landing_page_subheadline: b.subheadline } : {}),
        ...(b.cta_text !== undefined ? { landing_page_cta_text: b.cta_text } : {}),
        ...(b.brokerage_name !== undefined ? { brokerage_name: b.brokerage_name } : {}),
        ...(b.license_number !== undefined ? { license_number: b.license_number } : {}),
        ...(b.sale_commission_bps !== undefined ? { sale_commission_bps: b.sale_commission_bps } : {}),
        ...(b.closing_cost_bps !== undefined ? { closing_cost_bps: b.closing_cost_bps } : {}),
      });
      return editorView(user.id);
    },
  );

  app.put(
    '/v1/agent/landing-page/photo',
    {
      schema: {
        summary: 'Upload the agent photo (raw JPEG, PNG, WebP or GIF body, up to 5 MB; stored as a 400×400 WebP)',
        tags: ['agent'],
        security,
        consumes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
        response: { 200: landingPageEditor, 400: errorBody, 401: errorBody, 403: errorBody, 413: errorBody, 415: errorBody },
      },
      preHandler: requireAgent,
    },
    async (req) => {
      const { user } = identityOf(req);
      if (!deps.storage.put) throw new ApiError(503, 'storage_unavailable', 'Photo uploads are not available right now.');
      if (!Buffer.isBuffer(req.body)) {
        const message = 'Upload the photo as an image file (JPEG, PNG, WebP or GIF).';
        throw new ApiError(415, 'unsupported_media_type', message, { photo: message });
      }
      const photo = await preparePhoto(user.id, req.body);
      if (!photo.ok)
        throw new ApiError(photo.status, photo.status === 413 ? 'photo_too_large' : 'invalid_photo', photo.message, { photo: photo.message });
      await deps.storage.put(photo.key, photo.body, 'image/webp');
      await updateAgentByCode(db, user.agent_code, { photo_url: `/v1/${photo.key}` });
      return editorView(user.id);
    },
  );

  app.get(
    '/v1/agent-photos/:user/:file',
    {
      schema: {
        summary: 'An uploaded agent photo (public, immutable)',
        tags: ['agents'],
        params: z.object({ user: z.uuid(), file: z.string().regex(/^[0-9a-f]{16}\.webp$/) }),
      },
    },
    async (req, reply) => {
      const stored = await deps.storage.get(`agent-photos/${req.params.user}/${req.params.file}`);
      if (!stored) throw notFound('Photo');
      reply.header('content-type', 'image/webp').header('cache-control', 'public, max-age=31536000, immutable');
      return reply.send(stored.body);
    },
  );

  for (const type of ['png', 'svg'] as const) {
    app.get(
      `/v1/agent/landing-page/qr.${type}`,
      {
        schema: {
          summary: `QR code of the landing page link (${type.toUpperCase()})`,
          tags: ['agent'],
          security,
          produces: [type === 'png' ? 'image/png' : 'image/svg+xml'],
        },
        preHandler: requireAgent,
      },
      async (req, reply) => {
        const { user } = identityOf(req);
        const url = `${deps.config.publicBaseUrl}/cma/${user.agent_code}`;
        const opts = { margin: 2, errorCorrectionLevel: 'M' as const };
        reply.header('content-disposition', `attachment; filename="opencma-${user.agent_code}-qr.${type}"`).header('cache-control', 'no-store');
        if (type === 'png') return reply.type('image/png').send(await QRCode.toBuffer(url, { ...opts, type: 'png', width: 768 }));
        return reply.type('image/svg+xml').send(await QRCode.toString(url, { ...opts, type: 'svg' }));
      },
    );
  }
};
