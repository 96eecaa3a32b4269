// The service container, built once at start-up (hooks init) and handed to routes through locals.
import { eq } from 'drizzle-orm';
import { loadConfig, type Config } from './config';
import { openDatabase, type Database } from './db/client';
import { incidents, instanceSettings } from './db/schema';
import { systemClock, type Clock } from './clock';
import { AccountsService } from './services/accounts';
import { IncidentsService } from './services/incidents';
import type { EventType } from '$lib/realtime/events';
import { CustomersService } from './services/customers';
import { ResponseService, noticeOnEscalation } from './services/response';
import { ResourcesService } from './services/resources';
import { MeasuresService } from './services/measures';
import { EvidenceService } from './services/evidence';
import { AlarmScheduler } from './scheduler/alarms';
import { WebhooksService } from './webhooks/service';
import { WebhookWorker } from './webhooks/worker';
import { webhookEventOf } from './webhooks/messages';
import { TasksService } from './services/tasks';
import { CommitmentsService } from './services/commitments';
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
import { MessageLimits, socketAddress } from './realtime/message-limits';
import { setRealtimeHandlers } from './realtime/attach.js';
import { Broadcast } from './realtime/broadcast';
import { UnitOfWork } from './unit-of-work';
import { IncidentCommands } from './services/incident-commands';
import { incidentClockPolicy, levelPolicy } from './services/level-policy';
import { incidentStatistics } from './services/incident-stats';
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
	commitments: CommitmentsService;
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

/** Events after which a deadline may have moved: the alarm scheduler looks again at once. */
const DEADLINE_EVENTS = new Set<EventType>([
	'customer.added',
	'incident.level_changed',
	'incident.phase_changed',
	'incident.declared',
	'incident.updated',
	'customer.contacted',
	'customer.unreachable',
	'commitment.closed'
]);

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
	const broadcast = new Broadcast();
	const accounts = new AccountsService(db, config, clock, (ids, userId) => broadcast.credentialsRevoked(ids, userId));
	const cipher = PersonalDataCipher.load({ secret: config.secret, dataDir: config.dataDir });
	await checkPersonalDataKey(db, cipher);
	const webhooks = new WebhooksService(db, clock, cipher, config.webhooks.allowPrivate);
	const webhookWorker = new WebhookWorker(db, clock, webhooks, config);

	// Every change to an incident or a resource is one unit of work. Its participants run inside
	// the transaction, in this order, so what they write commits or rolls back with the events;
	// its subscribers run after commit, so sockets, alarms and webhooks see only what is committed.
	// (`archive` and `alarms` are built below from services that need the unit of work themselves;
	// nothing runs a unit of work before createApp returns.)
	const uow = new UnitOfWork(db, clock, {
		inTransaction: [
			// a raised level convenes its groups; a new level moves every deadline not yet met
			levelPolicy,
			// once a response notice is published, an escalation that convenes new seats publishes the next version naming them
			noticeOnEscalation(config.timeZone),
			// the incident's own contact clock moves with a new level or identification while it runs
			incidentClockPolicy,
			// the metrics' per-incident facts, refreshed with the contact or survey that changes them
			incidentStatistics,
			// the seven documents are written in the closing transaction: no close without its archive
			{ name: 'archive on close', apply: async ({ tx, now, after }) => (after.phase === 'closed' ? archive.generate(tx, after, now) : undefined) },
			// webhook deliveries are enqueued with the event (an outbox) and sent once it has committed
			{
				name: 'webhook outbox',
				appended: async (tx, events) => {
					await webhooks.enqueue(tx, events);
				}
			},
			// several instances on one PostgreSQL: the others hear of the events when they commit
			...(relay ? [{ name: 'relay notify', appended: relay.notify.bind(relay) }] : [])
		],
		afterCommit: [
			// each incident's events to its room and the dashboards, exactly once and in seq order
			{ name: 'publish', committed: ({ events }) => publisher.publish(events) },
			{ name: 'resource updates', committed: ({ resources }) => broadcast.resourcesUpdated(resources) },
			// deadlines change with customers, levels and phases: look again right after such a commit
			{
				name: 'alarm kick',
				committed: ({ events }) => {
					if (events.some((e) => DEADLINE_EVENTS.has(e.type))) alarms.kick();
				}
			},
			{
				name: 'webhook kick',
				committed: ({ events }) => {
					if (events.some(webhookEventOf)) webhookWorker.kick();
				}
			}
		]
	});
	const commands = new IncidentCommands(db, uow);
	const incidentsService = new IncidentsService(db, config, clock, uow, commands);
	const customersService = new CustomersService(db, clock, commands, cipher, config.unreachable, config.timeZone);
	const resourcesService = new ResourcesService(db, clock, uow);
	const responseService = new ResponseService(db, commands, config.timeZone);
	const alarms: AlarmScheduler = new AlarmScheduler(db, clock, commands, config.alarmPollMs);
	const review = new ReviewService(db, clock, commands, responseService);
	const archive: ArchiveService = new ArchiveService(db, clock, config.timeZone, review);
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
		measures: new MeasuresService(db, commands, resourcesService),
		evidence: new EvidenceService(db, commands, cipher),
		alarms,
		webhooks,
		webhookWorker,
		tasks: new TasksService(db, clock),
		commitments: new CommitmentsService(commands),
		resolution: new ResolutionService(db, commands),
		followUp: new FollowUpService(db, commands),
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
		...createSocketHandlers({
			accounts,
			publisher,
			clock,
			incidentSeq,
			messageLimits: new MessageLimits(config.socketMessages),
			addressOf: (socket) => socketAddress(socket.handshake, config.addressHeader, config.xffDepth)
		}),
		onAttach: (io) => {
			if (database.url && !cluster) cluster = attachClusterAdapter(io, database.url);
		},
		shutdown: () => app.shutdown()
	});
	if (opts.alarms !== false) alarms.start();
	if (opts.webhooks !== false) webhookWorker.start();
	return app;
}
