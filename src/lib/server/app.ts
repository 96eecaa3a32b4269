// The service container, built once at start-up (hooks init) and handed to routes through locals.
import { eq } from 'drizzle-orm';
import { loadConfig, type Config } from './config';
import { openDatabase, type Database } from './db/client';
import { incidents, instanceSettings } from './db/schema';
import { systemClock, type Clock } from './clock';
import { AccountsService } from './services/accounts';
import { IncidentsService } from './services/incidents';
import { CustomersService } from './services/customers';
import { ResponseService } from './services/response';
import { ResourcesService } from './services/resources';
import { MeasuresService } from './services/measures';
import { EvidenceService } from './services/evidence';
import { AlarmScheduler } from './scheduler/alarms';
import { WebhooksService } from './webhooks/service';
import { WebhookWorker } from './webhooks/worker';
import { webhookEventOf } from './webhooks/messages';
import { TasksService } from './services/tasks';
import { ResolutionService } from './services/resolution';
import { FollowUpService } from './services/followup';
import { ReviewService } from './services/review';
import { MetricsService } from './services/metrics';
import { ArchiveService } from './services/archive';
import { RateLimits } from './rate-limits';
import { setJsonLimit } from './http';
import { PersonalDataCipher } from './personal-data';
import { loadEvents } from './services/timeline';
import { Publisher } from './realtime/publisher';
import { EventRelay, incidentHeads } from './realtime/relay';
import { attachClusterAdapter } from './realtime/cluster';
import { createSocketHandlers } from './realtime/handlers';
import { setRealtimeHandlers, getIo } from './realtime/attach.js';
import { rooms } from './realtime/rooms';
import { logger } from './logger.js';

export interface App {
	config: Config;
	database: Database;
	clock: Clock;
	publisher: Publisher;
	accounts: AccountsService;
	incidents: IncidentsService;
	customers: CustomersService;
	response: ResponseService;
	resources: ResourcesService;
	measures: MeasuresService;
	evidence: EvidenceService;
	alarms: AlarmScheduler;
	webhooks: WebhooksService;
	webhookWorker: WebhookWorker;
	tasks: TasksService;
	resolution: ResolutionService;
	followUp: FollowUpService;
	review: ReviewService;
	metrics: MetricsService;
	limits: RateLimits;
	archive: ArchiveService;
	shutdown(): Promise<void>;
}

/**
 * The first start records a fingerprint of the personal-data key in the database; an instance
 * with another key (a second instance without the shared WARROOM_SECRET, a restored database
 * without its key file) refuses to start instead of writing data the others cannot read.
 */
async function checkPersonalDataKey(db: Database['db'], cipher: PersonalDataCipher) {
	const fingerprint = cipher.fingerprint();
	await db.insert(instanceSettings).values({ key: 'personal_data_key', value: fingerprint }).onConflictDoNothing();
	const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, 'personal_data_key'));
	if (row.value !== fingerprint)
		throw new Error(
			"The personal-data key of this instance is not the one this database was written with. Every instance that shares a database needs the same key: set the same WARROOM_SECRET on each, or copy personal-data.key from the first instance's data directory (after a restore, put back the key file of the backup)."
		);
}

export async function createApp(config: Config = loadConfig(), baseClock: Clock = systemClock, opts: { alarms?: boolean; webhooks?: boolean } = {}): Promise<App> {
	const clock: Clock = config.clockOffsetMs ? { now: () => new Date(baseClock.now().getTime() + config.clockOffsetMs) } : baseClock;
	setJsonLimit(config.jsonLimitBytes);
	const database = await openDatabase(config);
	const { db } = database;
	const incidentSeq = async (id: string) => {
		if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
		const [row] = await db.select({ version: incidents.version }).from(incidents).where(eq(incidents.id, id));
		return row ? row.version : null;
	};
	const loadLog = (id: string, after: number, upTo?: number) => loadEvents(db, id, after, upTo);
	const publisher = new Publisher(loadLog, incidentSeq);
	// every open incident gets a stream now, so a gap in what arrives later is recognised as one
	publisher.init(await incidentHeads(db));
	// several instances on one PostgreSQL: events travel between them by NOTIFY, with catch-up
	const relay = database.sql ? new EventRelay(database.sql, db, publisher, loadLog, { sweepMs: config.relaySweepMs, pingTimeoutMs: 3000 }) : undefined;
	let cluster: { close: () => Promise<void> } | undefined;
	const accounts = new AccountsService(db, config, clock);
	accounts.onCredentialRevoked = (ids, userId) => {
		const io = getIo();
		for (const id of ids) io?.in(rooms.credential(id)).disconnectSockets(true);
		if (userId) io?.in(rooms.user(userId)).disconnectSockets(true);
	};
	const incidentsService = new IncidentsService(db, config, clock, publisher);
	const cipher = PersonalDataCipher.load({ secret: config.secret, dataDir: config.dataDir });
	await checkPersonalDataKey(db, cipher);
	const customersService = new CustomersService(db, clock, incidentsService, cipher);
	const resourcesService = new ResourcesService(db, clock);
	const responseService = new ResponseService(db, incidentsService);
	const alarms = new AlarmScheduler(db, clock, incidentsService, config.alarmPollMs);
	// deadlines change with customers and levels: look again right after such a commit
	incidentsService.onCommitted = (events) => {
		if (events.some((e) => e.type === 'customer.added' || e.type === 'incident.level_changed' || e.type === 'incident.phase_changed')) alarms.kick();
	};
	// webhook deliveries are enqueued with the event (an outbox) and sent once it has committed
	const webhooks = new WebhooksService(db, clock, cipher);
	const webhookWorker = new WebhookWorker(db, clock, webhooks, config);
	incidentsService.onAppended = async (tx, events) => {
		await webhooks.enqueue(tx, events);
		await relay?.notify(tx, events);
	};
	const kickAlarms = incidentsService.onCommitted;
	incidentsService.onCommitted = (events) => {
		kickAlarms?.(events);
		if (events.some(webhookEventOf)) webhookWorker.kick();
	};
	const review = new ReviewService(db, clock, incidentsService, responseService);
	const archive = new ArchiveService(db, clock, config.timeZone, incidentsService, review);
	// the seven documents are written in the closing transaction: no close without its archive
	incidentsService.onClosing = (tx, row, now) => archive.generate(tx, row, now);
	await accounts.ensureAdminFromEnv();

	const app: App = {
		config,
		database,
		clock,
		publisher,
		accounts,
		incidents: incidentsService,
		customers: customersService,
		response: responseService,
		resources: resourcesService,
		measures: new MeasuresService(db, incidentsService, resourcesService),
		evidence: new EvidenceService(db, incidentsService, cipher),
		alarms,
		webhooks,
		webhookWorker,
		tasks: new TasksService(db, clock),
		resolution: new ResolutionService(db, incidentsService),
		followUp: new FollowUpService(db, incidentsService),
		review,
		archive,
		metrics: new MetricsService(db, clock, config.timeZone),
		limits: new RateLimits(config),
		async shutdown() {
			await relay?.stop();
			await cluster?.close();
			await alarms.stop();
			await webhookWorker.stop();
			publisher.close();
			await database.close();
			logger.info('database closed');
		}
	};
	await relay?.start();
	setRealtimeHandlers({
		...createSocketHandlers({ accounts, publisher, clock, incidentSeq }),
		onAttach: (io) => {
			if (database.url && !cluster) cluster = attachClusterAdapter(io, database.url);
		},
		shutdown: () => app.shutdown()
	});
	if (opts.alarms !== false) alarms.start();
	if (opts.webhooks !== false) webhookWorker.start();
	return app;
}
