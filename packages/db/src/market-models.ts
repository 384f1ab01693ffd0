import type { MarketModel } from '@opencma/core';
import { and, desc, eq, like, notInArray, sql } from 'drizzle-orm';
import type { Db } from './client';
import { market_models } from './schema';

/** How many versions of a market are kept (the active one and the newest others); older ones are deleted. */
export const MARKET_MODEL_VERSIONS_KEPT = 5;

/** What identifies the active version, without its trees (cheap to read on every report). */
export interface MarketModelHead {
  id: string;
  version: string;
  as_of: string;
  sales_count: number;
  trained_at: Date;
}

const head = {
  id: market_models.id,
  version: market_models.version,
  as_of: market_models.as_of,
  sales_count: market_models.sales_count,
  trained_at: market_models.trained_at,
};

export async function getActiveMarketModelHead(db: Db, market: string): Promise<MarketModelHead | null> {
  const rows = await db
    .select(head)
    .from(market_models)
    .where(and(eq(market_models.market, market), eq(market_models.active, true)))
    .limit(1);
  return rows[0] ?? null;
}

/** A stored version as the core's MarketModel (null when the id is unknown). */
export async function getMarketModel(db: Db, id: string): Promise<MarketModel | null> {
  const [r] = await db.select().from(market_models).where(eq(market_models.id, id)).limit(1);
  if (!r) return null;
  return {
    version: r.version,
    market: r.market,
    asOf: r.as_of,
    trainedOn: { sales: r.sales_count, firstSale: r.first_sale, lastSale: r.trained_through },
    gbt: r.model,
    blend: r.blend,
    calibration: r.calibration,
    validation: r.validation,
  };
}

/**
 * Stores a new version and makes it the market's active one, in one transaction (the one-active
 * index holds it). A version name already taken gets a suffix ("@2015-04-01.2"). Keeps the newest
 * MARKET_MODEL_VERSIONS_KEPT versions of the market.
 */
export async function storeMarketModel(db: Db, model: MarketModel, trainedAt: Date): Promise<MarketModelHead> {
  return db.transaction(async (tx) => {
    const taken = await tx
      .select({ version: market_models.version })
      .from(market_models)
      .where(and(eq(market_models.market, model.market), like(market_models.version, `${model.version}%`)));
    const names = new Set(taken.map((t) => t.version));
    let version = model.version;
    for (let n = 2; names.has(version); n++) version = `${model.version}.${n}`;
    await tx
      .update(market_models)
      .set({ active: false })
      .where(and(eq(market_models.market, model.market), eq(market_models.active, true)));
    const [row] = await tx
      .insert(market_models)
      .values({
        market: model.market,
        version,
        as_of: model.asOf,
        trained_at: trainedAt,
        trained_through: model.trainedOn.lastSale?.slice(0, 10) ?? null,
        first_sale: model.trainedOn.firstSale?.slice(0, 10) ?? null,
        sales_count: model.trainedOn.sales,
        model: model.gbt,
        blend: model.blend,
        calibration: model.calibration,
        validation: model.validation,
        active: true,
      })
      .returning(head);
    if (!row) throw new Error('market model insert returned nothing');
    const keep = await tx
      .select({ id: market_models.id })
      .from(market_models)
      .where(eq(market_models.market, model.market))
      .orderBy(desc(market_models.trained_at), desc(market_models.created_at))
      .limit(MARKET_MODEL_VERSIONS_KEPT);
    await tx.delete(market_models).where(
      and(
        eq(market_models.market, model.market),
        eq(market_models.active, false),
        notInArray(
          market_models.id,
          keep.map((k) => k.id),
        ),
      ),
    );
    return row;
  });
}

/** Versions of a market, newest first (without their trees). */
export async function listMarketModels(db: Db, market: string): Promise<Array<MarketModelHead & { active: boolean }>> {
  return db
    .select({ ...head, active: market_models.active })
    .from(market_models)
    .where(eq(market_models.market, market))
    .orderBy(desc(market_models.trained_at), sql`${market_models.created_at} desc`);
}
