// The service container, built once at start-up (hooks init) and handed to routes through locals.
import { eq } from 'drizzle-orm';
import { loadConfig, type Config } from './config';
import { openDatabase, type Database } from './db/client';
import { incidents } from './db/schema';
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
	const publisher = new Publisher((id, after, upTo) => loadEvents(db, id, after, upTo), incidentSeq);
	const accounts = new AccountsService(db, config, clock);
	accounts.onCredentialRevoked = (ids, userId) => {
		const io = getIo();
		for (const id of ids) io?.in(rooms.credential(id)).disconnectSockets(true);
		if (userId) io?.in(rooms.user(userId)).disconnectSockets(true);
	};
	const incidentsService = new IncidentsService(db, config, clock, publisher);
	const cipher = PersonalDataCipher.load({ secret: config.secret, dataDir: config.dataDir });
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
	incidentsService.onAppended = (tx, events) => webhooks.enqueue(tx, events).then(() => {});
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
			await alarms.stop();
			await webhookWorker.stop();
			publisher.close();
			await database.close();
			logger.info('database closed');
		}
	};
	setRealtimeHandlers({ ...createSocketHandlers({ accounts, publisher, clock, incidentSeq }), shutdown: () => app.shutdown() });
	if (opts.alarms !== false) alarms.start();
	if (opts.webhooks !== false) webhookWorker.start();
	return app;
}
