package io.emabridge.provisioning.ledger;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.provisioning.failure.DeadLetter;
import io.emabridge.provisioning.failure.DeadLetterReason;

/**
 * The ledger in PostgreSQL (schema in {@code db/migration}). The listener's writes take
 * row locks inside one short transaction per batch; the applier's writes are single
 * statements guarded by its lease ({@code claimed_by}), so that no transaction is open
 * while the archive is called.
 * <p>
 * Versions are compared in Java ({@link EventVersion}), never in SQL: PostgreSQL orders
 * UUIDs differently from Java, and every instance must agree on which event is newer.
 */
public class JdbcLedger implements Ledger {

	private static final int MAX_ERROR = 2000;

	private static final String SERVICE_COLUMNS = "service.*, case when service.slug is null then"
			+ " (select e.payload from lifecycle_event e where e.event_id = service.create_event_id) end as create_payload";

	private static final TypeReference<List<Map<String, String>>> HEADER_LIST = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final TransactionTemplate transactions;

	private final Duration lease;

	private final JsonMapper json = JsonMapper.builder().build();

	private final FailureNotices notices;

	private final GroupedReleases releases;

	public JdbcLedger(JdbcTemplate template, TransactionTemplate transactions, Duration lease) {
		this(template, transactions, lease, FailureNotices.NONE);
	}

	/**
	 * The ledger in the PostgreSQL database of the template.
	 * @param notices what dead letters and applied events mean for WHMCS notices, written
	 * in the same transaction as the ledger's own write
	 */
	public JdbcLedger(JdbcTemplate template, TransactionTemplate transactions, Duration lease, FailureNotices notices) {
		this.template = template;
		this.jdbc = JdbcClient.create(template);
		this.transactions = transactions;
		this.lease = lease;
		this.notices = notices;
		this.releases = new GroupedReleases(template);
	}

	// ---- the listener's side
	// ---------------------------------------------------------------------------------

	@Override
	public RecordingPlan record(List<IncomingEvent> batch, Decider decider) {
		if (batch.isEmpty()) {
			return new RecordingPlan(List.of(), List.of(), List.of(), List.of(), List.of());
		}
		return this.transactions.execute((status) -> {
			Long[] serviceIds = batch.stream()
				.map((e) -> e.event().serviceId())
				.distinct()
				.sorted()
				.toArray(Long[]::new);
			UUID[] eventIds = batch.stream().map((e) -> e.event().eventId()).distinct().sorted().toArray(UUID[]::new);
			// rows for new services first, in id order, so that two instances recording
			// overlapping batches during a
			// rebalance lock them in the same order
			this.template.update("insert into service (service_id) select unnest(?) on conflict do nothing",
					array("bigint", serviceIds));
			Map<Long, ServiceDesired> services = new HashMap<>();
			this.template.query("select service_id, desired_occurred_at, desired_event_id, create_occurred_at,"
					+ " create_event_id, status, last_failure_reason from service where service_id = any(?)"
					+ " order by service_id for update", array("bigint", serviceIds), (rs) -> {
						ServiceDesired desired = new ServiceDesired(rs.getLong("service_id"),
								version(rs, "desired_occurred_at", "desired_event_id"),
								version(rs, "create_occurred_at", "create_event_id"),
								WorkStatus.fromValue(rs.getString("status")),
								reason(rs.getString("last_failure_reason")));
						services.put(desired.serviceId(), desired);
					});
			Map<UUID, EventState> known = new HashMap<>();
			this.template.query("select event_id, state from lifecycle_event where event_id = any(?)",
					array("uuid", eventIds), (RowCallbackHandler) (rs) -> known
						.put(rs.getObject("event_id", UUID.class), EventState.fromValue(rs.getString("state"))));
			RecordingPlan plan = decider.decide(batch, services, known);
			write(plan);
			return plan;
		});
	}

	/**
	 * Writes what the batch changes: one statement for its new events and one for its
	 * services, each row an element of parameter arrays, instead of a statement per row.
	 */
	private void write(RecordingPlan plan) {
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		if (!plan.newEvents().isEmpty()) {
			int n = plan.newEvents().size();
			Columns columns = new Columns(n, 12);
			for (RecordingPlan.NewEvent row : plan.newEvents()) {
				IncomingEvent incoming = row.event();
				LifecycleEvent event = incoming.event();
				columns.add(event.eventId(), event.serviceId(), event.type().wireName(), event.occurredAt().toString(),
						VersionKey.of(event.version()), incoming.raw(), headersJson(incoming.headers()),
						incoming.source().topic(), incoming.source().partition(), incoming.source().offset(),
						incoming.source().timestamp(), row.state().value());
			}
			this.template.update((Connection connection) -> {
				PreparedStatement ps = connection.prepareStatement("insert into lifecycle_event (event_id, service_id,"
						+ " type, occurred_at, version_key, payload, headers, source_topic, source_partition,"
						+ " source_offset, source_timestamp, received_at, state, state_changed_at)"
						+ " select e.event_id, e.service_id, e.type, e.occurred_at, e.version_key, e.payload, e.headers,"
						+ " e.source_topic, e.source_partition, e.source_offset, e.source_timestamp, ?, e.state, ?"
						+ " from unnest(?::uuid[], ?::bigint[], ?::text[], ?::timestamptz[], ?::text[], ?::bytea[],"
						+ " ?::text[], ?::text[], ?::integer[], ?::bigint[], ?::bigint[], ?::text[]) as e(event_id,"
						+ " service_id, type, occurred_at, version_key, payload, headers, source_topic,"
						+ " source_partition, source_offset, source_timestamp, state)"
						+ " on conflict (event_id) do nothing");
				ps.setObject(1, now);
				ps.setObject(2, now);
				columns.bind(ps, 3, "uuid", "int8", "text", "text", "text", "bytea", "text", "text", "int4", "int8",
						"int8", "text");
				return ps;
			});
		}
		if (!plan.changes().isEmpty()) {
			Columns columns = new Columns(plan.changes().size(), 11);
			for (RecordingPlan.ServiceChange change : plan.changes()) {
				IncomingEvent create = change.createEvent();
				EventVersion desired = change.desiredVersion();
				columns.add(change.serviceId(), (desired != null) ? change.desiredStatus().value() : null,
						(desired != null) ? change.desiredType().wireName() : null,
						(desired != null) ? desired.occurredAt().toString() : null,
						(desired != null) ? desired.eventId() : null,
						(create != null) ? create.event().occurredAt().toString() : null,
						(create != null) ? create.event().eventId() : null, change.keepParked(), change.rearm(),
						change.resetSlug(), (create != null) ? create.event().serverId() : null);
			}
			this.template.update((Connection connection) -> {
				PreparedStatement ps = connection.prepareStatement("update service s set"
						+ " desired_status = coalesce(c.desired_status, s.desired_status),"
						+ " desired_type = coalesce(c.desired_type, s.desired_type),"
						+ " desired_occurred_at = coalesce(c.desired_occurred_at, s.desired_occurred_at),"
						+ " desired_event_id = coalesce(c.desired_event_id, s.desired_event_id),"
						+ " create_occurred_at = coalesce(c.create_occurred_at, s.create_occurred_at),"
						+ " create_event_id = coalesce(c.create_event_id, s.create_event_id),"
						+ " status = case when c.keep_parked then s.status else 'pending' end, next_attempt_at = ?,"
						+ " attempts = case when c.rearm then 0 else s.attempts end,"
						+ " first_failure_at = case when c.rearm then null else s.first_failure_at end,"
						+ " slug_candidate = case when c.reset_slug then null else s.slug_candidate end,"
						+ " slug_attempt = case when c.reset_slug then 0 else s.slug_attempt end,"
						+ " create_outcome_unknown = case when c.reset_slug then false else s.create_outcome_unknown end,"
				// the account follows the create until the tenant exists, then stays
				// where the tenant is
						+ " server_id = case when s.slug is null then coalesce(c.server_id, s.server_id)"
						+ " else s.server_id end,"
						+ " updated_at = ? from unnest(?::bigint[], ?::text[], ?::text[], ?::timestamptz[], ?::uuid[],"
						+ " ?::timestamptz[], ?::uuid[], ?::boolean[], ?::boolean[], ?::boolean[], ?::bigint[])"
						+ " as c(service_id, desired_status, desired_type, desired_occurred_at, desired_event_id,"
						+ " create_occurred_at, create_event_id, keep_parked, rearm, reset_slug, server_id)"
						+ " where s.service_id = c.service_id");
				ps.setObject(1, now);
				ps.setObject(2, now);
				columns.bind(ps, 3, "int8", "text", "text", "text", "uuid", "text", "uuid", "bool", "bool", "bool",
						"int8");
				return ps;
			});
		}
		if (!plan.rearmed().isEmpty()) {
			this.template.update(
					"update lifecycle_event set state = 'recorded', deliveries = deliveries + 1,"
							+ " state_changed_at = now() where event_id = any(?)",
					array("uuid", plan.rearmed().toArray()));
		}
		if (!plan.redelivered().isEmpty()) {
			this.template.update("update lifecycle_event set deliveries = deliveries + 1 where event_id = any(?)",
					array("uuid", plan.redelivered().toArray()));
		}
	}

	// ---- the applier's side
	// ----------------------------------------------------------------------------------

	@Override
	public List<ServiceRecord> claimDue(String worker, int limit, Instant now, ClaimScope scope) {
		if (limit <= 0) {
			return List.of();
		}
		String servers = "";
		if (scope.only() != null) {
			servers = " and server_id = any(cast(:servers as bigint[]))";
		}
		else if (!scope.excluded().isEmpty()) {
			servers = " and (server_id is null or server_id <> all(cast(:servers as bigint[])))";
		}
		JdbcClient.StatementSpec claim = this.jdbc
			.sql("with due as (select service_id from service where due_at <= :now"
					+ " and (claimed_until is null or claimed_until < :now)" + servers
					+ " order by due_at limit :limit for update skip locked)"
					+ " update service set claimed_by = :worker, claimed_until = :until,"
					+ " claim_token = nextval('service_claim_token') from due"
					+ " where service.service_id = due.service_id returning " + SERVICE_COLUMNS)
			.param("now", ts(now))
			.param("limit", limit)
			.param("worker", worker)
			.param("until", ts(now.plus(this.lease)));
		if (!servers.isEmpty()) {
			// an array literal: a Java array or list would be expanded into a list of
			// parameters
			claim = claim.param("servers",
					((scope.only() != null) ? scope.only() : scope.excluded()).stream()
						.map(String::valueOf)
						.collect(java.util.stream.Collectors.joining(",", "{", "}")));
		}
		return claim.query(this::service).list();
	}

	@Override
	public Instant renew(Claim claim, Instant now) {
		Instant until = now.plus(this.lease);
		int updated = this.jdbc
			.sql("update service set claimed_until = :until where service_id = :id and claim_token = :token")
			.param("until", ts(until))
			.param("id", claim.serviceId())
			.param("token", claim.token())
			.update();
		if (updated == 0) {
			throw new LeaseLostException(claim.serviceId());
		}
		return until;
	}

	@Override
	public Optional<Instant> reserveCandidate(Claim claim, String candidate, int attempt, Instant now) {
		Instant until = now.plus(this.lease);
		try {
			int updated = this.jdbc
				.sql("update service set slug_candidate = :candidate, slug_attempt = :attempt,"
						+ " create_outcome_unknown = true, candidate_sent_at = :now, claimed_until = :until,"
						+ " updated_at = :now where service_id = :id and claim_token = :token")
				.param("candidate", candidate)
				.param("attempt", attempt)
				.param("until", ts(until))
				.param("now", ts(now))
				.param("id", claim.serviceId())
				.param("token", claim.token())
				.update();
			if (updated == 0) {
				throw new LeaseLostException(claim.serviceId());
			}
			return Optional.of(until);
		}
		catch (DuplicateKeyException ex) {
			return Optional.empty();
		}
	}

	@Override
	public ServiceRecord recordTenant(Claim claim, NewTenant tenant, Instant now) {
		Assignments set = new Assignments();
		tenant(set, tenant);
		return updateService(claim, now, set.sql(), set.params());
	}

	@Override
	public Applied markApplied(Claim claim, EventVersion target, ServiceStatus status, NewTenant tenant,
			Followups followups, Instant now) {
		Assignments set = new Assignments();
		set.put("applied_status", ":status", "status", status.value());
		set.put("applied_occurred_at", ":occurredAt", "occurredAt", ts(target.occurredAt()));
		set.put("applied_event_id", ":eventId", "eventId", target.eventId());
		set.put("terminated", ":terminated", "terminated", status == ServiceStatus.TERMINATED);
		set.put("status", "case when desired_event_id = :eventId then 'idle' else 'pending' end");
		set.put("next_attempt_at", ":now");
		set.put("attempts", "0");
		set.put("first_failure_at", "null");
		set.put("last_error", "null");
		set.put("last_failure_reason", "null");
		set.put("publish_attempts", "0");
		set.put("publish_next_attempt_at", ":now");
		set.put("error_attempts", "0");
		set.put("waiting_noticed", "false");
		if (tenant != null) {
			tenant(set, tenant);
		}
		followups(set, followups);
		// the claim is kept: the tenant state is published only after this write, so
		// that an instance that lost its claim never publishes a state older than the
		// one the newer claim published
		set.put("claimed_until", ":until");
		set.put("updated_at", ":now");
		Map<String, Object> params = new HashMap<>(set.params());
		params.put("key", VersionKey.of(target));
		params.put("until", ts(now.plus(this.lease)));
		params.put("now", ts(now));
		params.put("id", claim.serviceId());
		params.put("token", claim.token());
		// one statement: the service row (guarded by the claim) first, then its events up
		// to the version applied, the order in which the listener locks them too
		List<Applied> applied = this.jdbc
			.sql("with svc as (update service set " + set.sql()
					+ " where service_id = :id and claim_token = :token returning service.*),"
					+ " applied as (update lifecycle_event e set state = 'applied', state_changed_at = :now from svc"
					+ " where e.service_id = svc.service_id and e.state = 'recorded' and e.version_key <= :key"
					+ " returning e.type)" + this.notices.resolveOnApplied()
					+ " select svc.*, null::bytea as create_payload, array(select type from applied) as applied_types"
					+ " from svc")
			.params(params)
			.query((rs, n) -> {
				List<EventType> types = new ArrayList<>();
				for (Object type : (Object[]) rs.getArray("applied_types").getArray()) {
					types.add(EventType.fromWireName((String) type).orElseThrow());
				}
				return new Applied(service(rs, n), List.copyOf(types));
			})
			.list();
		if (applied.isEmpty()) {
			throw new LeaseLostException(claim.serviceId());
		}
		return applied.get(0);
	}

	/**
	 * Records a tenant with its proof of ownership: the candidate is now its slug, and
	 * the write-back is due.
	 */
	private static void tenant(Assignments set, NewTenant tenant) {
		set.put("slug", ":slug", "slug", StorableText.of(tenant.slug()));
		set.put("url", ":url", "url", StorableText.of(tenant.url()));
		set.put("slug_candidate", ":slug");
		set.put("create_outcome_unknown", "false");
		set.put("owner_evidence", ":evidence", "evidence", tenant.proof().evidence().value());
		set.put("owner_detail", ":ownerDetail", "ownerDetail", cut(tenant.proof().detail()));
		set.put("owned_at", ":now");
		set.put("whmcs_synced", ":tenantSynced", "tenantSynced", !tenant.writeBack());
		set.put("whmcs_attempts", "0");
		set.put("whmcs_next_attempt_at", ":now");
	}

	/**
	 * Records the outcome of the follow-up work that was tried, overriding what came
	 * before it.
	 */
	private static void followups(Assignments set, Followups followups) {
		if (Boolean.TRUE.equals(followups.whmcsSynced())) {
			set.put("whmcs_synced", "true");
			set.put("whmcs_attempts", "0");
			set.put("whmcs_last_error", "null");
		}
		else if (Boolean.FALSE.equals(followups.whmcsSynced())) {
			set.put("whmcs_synced", "false");
			set.put("whmcs_attempts", set.has("whmcs_attempts") ? "1" : "whmcs_attempts + 1");
			set.put("whmcs_last_error", ":whmcsError", "whmcsError", cut(followups.whmcsError()));
			set.put("whmcs_next_attempt_at", ":whmcsNext", "whmcsNext", ts(followups.whmcsNextAttemptAt()));
		}
		if (followups.publishedEventId() != null) {
			set.put("published_event_id", ":published", "published", followups.publishedEventId());
			set.put("publish_attempts", "0");
		}
		else if (followups.publishNextAttemptAt() != null) {
			set.put("publish_attempts", set.has("publish_attempts") ? "1" : "publish_attempts + 1");
			set.put("publish_next_attempt_at", ":publishNext", "publishNext", ts(followups.publishNextAttemptAt()));
		}
	}

	@Override
	public ServiceRecord markRetry(Claim claim, EventVersion target, String error, Instant now, Instant nextAttemptAt) {
		return updateService(claim, now, "attempts = attempts + 1,"
				+ " first_failure_at = coalesce(first_failure_at, :now), last_failure_at = :now, last_error = :error,"
				+ " next_attempt_at = case when desired_event_id = :target then :next else :now end",
				Map.of("error", cut(error), "target", target.eventId(), "next", ts(nextAttemptAt)));
	}

	@Override
	public ServiceRecord waitForCreate(Claim claim, Instant nextCheck, boolean notice, Instant now) {
		return this.transactions.execute((tx) -> {
			// a create event recorded since the claim makes the service due right away
			// instead
			ServiceRecord service = updateService(claim, now,
					"next_attempt_at = case when create_event_id is null then :next else :now end,"
							+ " waiting_noticed = waiting_noticed or :notice",
					Map.of("next", ts(nextCheck), "notice", notice));
			if (notice) {
				this.notices.waitingForCreate(claim.serviceId(), now);
			}
			return service;
		});
	}

	@Override
	public List<StoredEvent> recordedEvents(long serviceId) {
		return this.jdbc
			.sql("select event_id, occurred_at, service_id, type, payload, headers, source_topic,"
					+ " source_partition, source_offset, source_timestamp from lifecycle_event"
					+ " where service_id = :id and state = 'recorded' order by version_key")
			.param("id", serviceId)
			.query((rs, n) -> storedEvent(rs))
			.list();
	}

	private StoredEvent storedEvent(ResultSet rs) throws SQLException {
		return new StoredEvent(version(rs, "occurred_at", "event_id"), rs.getLong("service_id"),
				EventType.fromWireName(rs.getString("type")).orElseThrow(), rs.getBytes("payload"),
				headers(rs.getString("headers")), new IncomingEvent.Source(rs.getString("source_topic"),
						rs.getInt("source_partition"), rs.getLong("source_offset"), rs.getLong("source_timestamp")));
	}

	@Override
	public ServiceRecord markDeadLettered(Claim claim, EventVersion target, List<UUID> eventIds, DeadLetter letter,
			Long clientId, Instant now) {
		return this.transactions.execute((tx) -> {
			// a newer event recorded meanwhile was not dead-lettered: the service stays
			// pending for it
			ServiceRecord service = updateService(claim, now, "attempts = attempts + 1,"
					+ " first_failure_at = coalesce(first_failure_at, :now), last_failure_at = :now,"
					+ " last_error = :error, last_failure_reason = :reason, next_attempt_at = :now,"
					+ " status = case when desired_event_id = :target then 'failed' else 'pending' end,"
					+ " dead_letters_unpublished = dead_letters_unpublished or :letters, dead_letter_attempts = 0,"
					+ " dead_letter_next_attempt_at = :now",
					Map.of("error", cut(letter.message()), "reason", letter.reason().value(), "target",
							target.eventId(), "letters", !eventIds.isEmpty()));
			if (!eventIds.isEmpty()) {
				this.template.update((Connection connection) -> {
					PreparedStatement ps = connection.prepareStatement("insert into dead_letter_outbox (event_id,"
							+ " service_id, reason, error, attempts, first_failure_at, last_failure_at)"
							+ " select id, ?, ?, ?, ?, ?, ? from unnest(?) id on conflict (event_id) do nothing");
					ps.setLong(1, claim.serviceId());
					ps.setString(2, letter.reason().value());
					ps.setString(3, cut(letter.message()));
					ps.setInt(4, letter.attempts());
					ps.setObject(5, ts(letter.firstFailure()));
					ps.setObject(6, ts(letter.lastFailure()));
					ps.setArray(7, connection.createArrayOf("uuid", eventIds.toArray()));
					return ps;
				});
				this.template.update("update lifecycle_event set state = 'dead_lettered', state_changed_at = now()"
						+ " where event_id = any(?) and state = 'recorded'", array("uuid", eventIds.toArray()));
			}
			this.notices.deadLettered(claim.serviceId(), clientId, eventIds, letter.reason(), cut(letter.message()),
					now);
			return service;
		});
	}

	@Override
	public List<PendingDeadLetter> unpublishedDeadLetters(long serviceId) {
		return this.jdbc.sql("select e.event_id, e.occurred_at, e.service_id, e.type, e.payload, e.headers,"
				+ " e.source_topic, e.source_partition, e.source_offset, e.source_timestamp, o.reason, o.error,"
				+ " o.attempts, o.first_failure_at, o.last_failure_at from dead_letter_outbox o"
				+ " join lifecycle_event e on e.event_id = o.event_id where o.service_id = :id order by e.version_key")
			.param("id", serviceId)
			.query((rs, n) -> new PendingDeadLetter(storedEvent(rs),
					new DeadLetter(DeadLetterReason.fromValue(rs.getString("reason")), rs.getString("error"),
							rs.getInt("attempts"), instant(rs, "first_failure_at"), instant(rs, "last_failure_at"))))
			.list();
	}

	@Override
	public ServiceRecord deadLettersPublished(Claim claim, List<UUID> published, Instant nextAttemptAt, Instant now) {
		if (!published.isEmpty()) {
			// on the topic whatever becomes of the claim: never published again
			this.template.update("delete from dead_letter_outbox where event_id = any(?)",
					array("uuid", published.toArray()));
		}
		return updateService(claim, now,
				"dead_letters_unpublished = exists (select 1 from dead_letter_outbox o"
						+ " where o.service_id = service.service_id),"
						+ " dead_letter_attempts = case when exists (select 1 from dead_letter_outbox o"
						+ " where o.service_id = service.service_id) then dead_letter_attempts + 1 else 0 end,"
						+ " dead_letter_next_attempt_at = :next",
				Map.of("next", ts(nextAttemptAt)));
	}

	@Override
	public void release(Claim claim, Followups followups, Instant now) {
		if (followups.whmcsSynced() == null && followups.publishNextAttemptAt() == null) {
			// the usual end of a pass (published, or nothing to follow up): with others
			this.releases.release(claim, followups.publishedEventId(), now);
			return;
		}
		Assignments set = new Assignments();
		followups(set, followups);
		set.put("error_attempts", "0");
		set.put("claimed_by", "null");
		set.put("claimed_until", "null");
		set.put("claim_token", "null");
		set.put("updated_at", ":now");
		this.jdbc.sql("update service set " + set.sql() + " where service_id = :id and claim_token = :token")
			.params(set.params())
			.param("now", ts(now))
			.param("id", claim.serviceId())
			.param("token", claim.token())
			.update();
	}

	@Override
	public void markError(Claim claim, String stage, String error, Instant holdUntil, Instant now) {
		this.jdbc
			.sql("update service set error_attempts = error_attempts + 1, error_stage = :stage,"
					+ " last_unexpected_error = :error, hold_until = :hold, claimed_by = null, claimed_until = null,"
					+ " claim_token = null, updated_at = :now where service_id = :id and claim_token = :token")
			.param("stage", stage)
			.param("error", cut(error))
			.param("hold", ts(holdUntil))
			.param("now", ts(now))
			.param("id", claim.serviceId())
			.param("token", claim.token())
			.update();
	}

	/**
	 * One guarded update of a claimed service: renews the lease, fails when another claim
	 * replaced this one, returns the new row.
	 */
	private ServiceRecord updateService(Claim claim, Instant now, String assignments, Map<String, ?> params) {
		return this.jdbc
			.sql("update service set " + assignments + ", claimed_until = :until, updated_at = :now"
					+ " where service_id = :id and claim_token = :token returning " + SERVICE_COLUMNS)
			.params(params)
			.param("until", ts(now.plus(this.lease)))
			.param("now", ts(now))
			.param("id", claim.serviceId())
			.param("token", claim.token())
			.query(this::service)
			.optional()
			.orElseThrow(() -> new LeaseLostException(claim.serviceId()));
	}

	// ---- mapping
	// ---------------------------------------------------------------------------------------------

	private ServiceRecord service(ResultSet rs, int row) throws SQLException {
		String desiredStatus = rs.getString("desired_status");
		String desiredType = rs.getString("desired_type");
		String appliedStatus = rs.getString("applied_status");
		byte[] createPayload = rs.getBytes("create_payload");
		return new ServiceRecord(rs.getLong("service_id"),
				(desiredStatus != null) ? ServiceStatus.fromValue(desiredStatus) : null,
				(desiredType != null) ? EventType.fromWireName(desiredType).orElseThrow() : null,
				version(rs, "desired_occurred_at", "desired_event_id"),
				(createPayload != null) ? (ServiceCreated) ValidatedEvents.read(createPayload) : null,
				rs.getString("slug"), rs.getString("url"), rs.getString("slug_candidate"), rs.getInt("slug_attempt"),
				rs.getBoolean("create_outcome_unknown"),
				(appliedStatus != null) ? ServiceStatus.fromValue(appliedStatus) : null,
				version(rs, "applied_occurred_at", "applied_event_id"), WorkStatus.fromValue(rs.getString("status")),
				rs.getInt("attempts"), instant(rs, "first_failure_at"), instant(rs, "next_attempt_at"),
				rs.getBoolean("whmcs_synced"), rs.getInt("whmcs_attempts"), instant(rs, "whmcs_next_attempt_at"),
				rs.getObject("published_event_id", UUID.class), rs.getInt("publish_attempts"),
				instant(rs, "publish_next_attempt_at"), new Claim(rs.getLong("service_id"), rs.getLong("claim_token")),
				instant(rs, "claimed_until"), rs.getString("owner_evidence"), instant(rs, "candidate_sent_at"),
				instant(rs, "created_at"), rs.getBoolean("waiting_noticed"), rs.getInt("error_attempts"),
				rs.getBoolean("dead_letters_unpublished"), rs.getInt("dead_letter_attempts"),
				instant(rs, "dead_letter_next_attempt_at"), rs.getObject("server_id", Long.class));
	}

	private static EventVersion version(ResultSet rs, String occurredAt, String eventId) throws SQLException {
		Instant at = instant(rs, occurredAt);
		UUID id = rs.getObject(eventId, UUID.class);
		return (at != null && id != null) ? new EventVersion(at, id) : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime ts(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static DeadLetterReason reason(String value) {
		return (value != null) ? DeadLetterReason.fromValue(value) : null;
	}

	private static String cut(String error) {
		String text = StorableText.of(Objects.requireNonNullElse(error, ""));
		return (text.length() <= MAX_ERROR) ? text : text.substring(0, MAX_ERROR);
	}

	private static PreparedStatementSetter array(String type, Object[] values) {
		return (PreparedStatement ps) -> {
			Array array = ps.getConnection().createArrayOf(type, values);
			ps.setArray(1, array);
		};
	}

	private String headersJson(Collection<IncomingEvent.Header> headers) {
		if (headers.isEmpty()) {
			return "[]";
		}
		List<Map<String, String>> list = new ArrayList<>(headers.size());
		for (IncomingEvent.Header header : headers) {
			list.add(Map.of("name", header.name(), "value",
					Base64.getEncoder().encodeToString((header.value() != null) ? header.value() : new byte[0])));
		}
		return this.json.writeValueAsString(list);
	}

	private List<IncomingEvent.Header> headers(String json) {
		List<IncomingEvent.Header> headers = new ArrayList<>();
		for (Map<String, String> header : this.json.readValue(json, HEADER_LIST)) {
			headers.add(new IncomingEvent.Header(header.get("name"), Base64.getDecoder().decode(header.get("value"))));
		}
		return headers;
	}

	/**
	 * The SET list of an update, built column by column; a later value for a column
	 * replaces an earlier one.
	 */
	private static final class Assignments {

		private final Map<String, String> columns = new LinkedHashMap<>();

		private final Map<String, Object> params = new HashMap<>();

		void put(String column, String expression) {
			this.columns.put(column, expression);
		}

		void put(String column, String expression, String param, Object value) {
			this.columns.put(column, expression);
			this.params.put(param, value);
		}

		boolean has(String column) {
			return this.columns.containsKey(column);
		}

		String sql() {
			StringBuilder sql = new StringBuilder();
			this.columns.forEach((column, expression) -> sql.append((sql.length() > 0) ? ", " : "")
				.append(column)
				.append(" = ")
				.append(expression));
			return sql.toString();
		}

		Map<String, Object> params() {
			return this.params;
		}

	}

}
