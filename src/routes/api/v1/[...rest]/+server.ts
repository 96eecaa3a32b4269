import { apiError } from '$lib/server/http';

const notFound = () => apiError(404, 'not_found', 'No such API endpoint; see /api/v1/openapi.json');
export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
