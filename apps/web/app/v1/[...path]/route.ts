import { forward } from '../../../lib/api-proxy';

export const dynamic = 'force-dynamic';

export const GET = forward;
export const HEAD = forward;
export const POST = forward;
export const PUT = forward;
export const PATCH = forward;
export const DELETE = forward;
export const OPTIONS = forward;
