// Starts one production server per database driver for the whole browser run, with a lead
// and a responder besides the admin. URLs reach the tests through the environment.
import { startServer, DRIVERS } from '../support/server';
import { ApiClient } from '../support/client';
import { USERS } from './fixtures';
import { buildIfNeeded } from '../../scripts/build-if-needed.js';

export default async function globalSetup() {
	buildIfNeeded();
	const closers: (() => Promise<void>)[] = [];
	for (const driver of DRIVERS) {
		// the webhook specs deliver to a receiver on this machine: internal receivers, allowed explicitly.
		// Each browser tab keeps the default per-connection socket limit, so ordinary use is shown to stay
		// under it; only the per-address limit is lifted (every test browser talks from this machine).
		const ctx = await startServer(driver, {
			env: { WARROOM_WEBHOOK_ALLOW_PRIVATE: 'true', WARROOM_SOCKET_MESSAGE_RATE: '20', WARROOM_SOCKET_MESSAGE_BURST: '40' }
		});
		closers.push(ctx.close);
		const admin = await ApiClient.login(ctx.server.url);
		for (const u of Object.values(USERS)) {
			const r = await admin.call('POST', '/api/v1/users', u);
			if (r.status !== 201) throw new Error(`could not create ${u.email}: ${JSON.stringify(r.body)}`);
		}
		process.env[`WARROOM_E2E_URL_${driver}`] = ctx.server.url;
	}
	return async () => {
		for (const close of closers) await close();
	};
}
