package io.emabridge.provisioning.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.emabridge.provisioning.decisions.Ownership;

/**
 * Records that tenants the bridge did not create are services' own, with the proof
 * ({@link Ownership.Evidence#ADOPTED_IMPORT}): the ledger's write for the drift
 * reconciler's adoptions.
 * <p>
 * Each service's adoption is one statement, so one transaction: the row is inserted when
 * missing, the tenant recorded as its slug and reservation with the evidence, WHMCS taken
 * as synced (its field already shows the slug), the archive status taken as applied, any
 * applier's claim dropped (its fencing token no longer matches, so a stale applier writes
 * nothing), and the service's recorded events made due now. The statement adopts only
 * what is still untracked when it runs: a service that got a tenant, a create event or a
 * reservation meanwhile, or a slug that another service took meanwhile, is left alone and
 * reported as not adopted. Many adoptions go in one statement, a batch at a time.
 */
public class Adoptions {

	/** Adoptions per statement. */
	static final int BATCH = 1000;

	/**
	 * The applied version of a service adopted before any of its events applied: older
	 * than any event WHMCS can send, so that it publishes the tenant state (which tells
	 * the usage worker whose tenant it is) and is overtaken by the first real event.
	 */
	private static final String ADOPTED_AT = "timestamptz '1970-01-01 00:00:00+00'";

	/**
	 * The applied version of an import, only for a tenant in a status the bridge drives
	 * (active or suspended): another has no state to publish.
	 */
	private static final String IMPORTED_AT = "case when f.applied is not null then " + ADOPTED_AT + " end";

	/** A version id of its own per service and slug, the same on every instance. */
	private static final String ADOPTED_ID = "case when f.applied is not null then md5('adopted:' || f.service_id"
			+ " || ':' || f.slug)::uuid end";

	private static final String APPLIED_VERSION = " applied_occurred_at = coalesce(s.applied_occurred_at, "
			+ IMPORTED_AT + "), applied_event_id = coalesce(s.applied_event_id, " + ADOPTED_ID + ")";

	/**
	 * An operator's adoption: a service without a tenant of its own (new, waiting for its
	 * create, or parked after a slug the archive gives to this very tenant) takes the
	 * tenant; no other service may hold or have reserved the slug. The service is
	 * unparked and its newest recorded intent made due.
	 */
	private static final String ADOPT_BY_OPERATOR = "with free as (select 1 where not exists (select 1 from service o"
			+ " where o.service_id <> :id and (o.slug = :slug or o.slug_candidate = :slug))),"
			+ " inserted as (insert into service (service_id, slug, url, slug_candidate, owner_evidence, owner_detail,"
			+ " owned_at, whmcs_synced, applied_status, applied_occurred_at, applied_event_id, status,"
			+ " next_attempt_at, created_at, updated_at, server_id) select :id, :slug, :url, :slug, :evidence,"
			+ " :detail, :now," + " false, :applied, case when :applied is not null then " + ADOPTED_AT + " end,"
			+ " case when :applied is not null then md5('adopted:' || :id || ':' || :slug)::uuid end,"
			+ " 'idle', :now, :now, :now, :server from free"
			+ " where not exists (select 1 from service s where s.service_id = :id)"
			+ " on conflict do nothing returning service_id, false as due),"
			+ " updated as (update service s set slug = :slug, url = :url, slug_candidate = :slug,"
			+ " create_outcome_unknown = false, owner_evidence = :evidence, owner_detail = :detail, owned_at = :now,"
			+ " server_id = :server,"
			+ " whmcs_synced = false, whmcs_attempts = 0, whmcs_last_error = null, whmcs_next_attempt_at = :now,"
			+ " applied_status = :applied, applied_occurred_at = coalesce(s.applied_occurred_at,"
			+ " case when :applied is not null then " + ADOPTED_AT + " end), applied_event_id ="
			+ " coalesce(s.applied_event_id, case when :applied is not null then md5('adopted:' || :id || ':' ||"
			+ " :slug)::uuid end)," + " claim_token = null, claimed_by = null, claimed_until = null,"
			+ " status = case when s.desired_event_id is not null then 'pending' else 'idle' end,"
			+ " next_attempt_at = :now, attempts = 0, first_failure_at = null, last_error = null,"
			+ " last_failure_reason = null, updated_at = :now from free"
			+ " where s.service_id = :id and s.slug is null and (s.slug_candidate is null or s.slug_candidate = :slug)"
			+ " returning s.service_id, s.status = 'pending' as due)"
			+ " select service_id, due from inserted union all select service_id, due from updated";

	private static final String ADOPT = "with input as (select * from unnest(?::bigint[], ?::text[], ?::text[],"
			+ " ?::text[], ?::text[], ?::text[], ?::bigint[]) as i(service_id, slug, url, applied, evidence, detail,"
			+ " server_id)),"
			// the existing rows locked first, in id order, as the listener and the
			// grouped releases lock them: no deadlock with either
			+ " locked as (select s.service_id from service s where s.service_id in (select service_id from input)"
			+ " order by s.service_id for update of s),"
			// the slug is no other service's, as a tenant or a reservation
			+ " free as (select i.* from input i where (select count(*) from locked) >= 0 and not exists ("
			+ "select 1 from service o"
			+ " where o.service_id <> i.service_id and (o.slug = i.slug or o.slug_candidate = i.slug))),"
			+ " inserted as (insert into service (service_id, slug, url, slug_candidate, owner_evidence,"
			+ " owner_detail, owned_at, whmcs_synced, applied_status, applied_occurred_at, applied_event_id, status,"
			+ " next_attempt_at, created_at, updated_at, server_id) select f.service_id, f.slug, f.url, f.slug,"
			+ " f.evidence, f.detail, ?, true, f.applied, " + IMPORTED_AT + ", " + ADOPTED_ID
			+ ", 'idle', ?, ?, ?, f.server_id from free f" + " where not exists (select 1 from service s"
			+ " where s.service_id = f.service_id) on conflict do nothing returning service_id, false as due),"
			+ " updated as (update service s set slug = f.slug, url = f.url, slug_candidate = f.slug,"
			+ " create_outcome_unknown = false, owner_evidence = f.evidence, owner_detail = f.detail, owned_at = ?,"
			+ " server_id = f.server_id,"
			+ " whmcs_synced = true, whmcs_attempts = 0, whmcs_last_error = null, whmcs_next_attempt_at = ?,"
			+ " applied_status = f.applied, claim_token = null, claimed_by = null, claimed_until = null,"
			+ APPLIED_VERSION + ","
			+ " status = case when s.desired_event_id is not null then 'pending' else s.status end,"
			+ " next_attempt_at = ?, attempts = 0, first_failure_at = null, last_error = null, updated_at = ?"
			+ " from free f where s.service_id = f.service_id and s.slug is null and s.slug_candidate is null"
			+ " and s.create_event_id is null returning s.service_id, s.status = 'pending' as due)"
			+ " select service_id, due from inserted union all select service_id, due from updated";

	private final JdbcTemplate jdbc;

	public Adoptions(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Adopts the tenants, each for its service, if the service is still untracked and the
	 * slug no other service's.
	 * @return what became of each, by service id
	 */
	public Map<Long, Outcome> adopt(List<Adoption> adoptions, Instant now) {
		Map<Long, Outcome> outcomes = new HashMap<>();
		// in id order, as new services' rows are inserted by the listener too
		List<Adoption> sorted = adoptions.stream().sorted(Comparator.comparingLong(Adoption::serviceId)).toList();
		for (int from = 0; from < sorted.size(); from += BATCH) {
			List<Adoption> batch = sorted.subList(from, Math.min(sorted.size(), from + BATCH));
			Map<Long, Boolean> adopted;
			try {
				adopted = write(batch, now);
			}
			catch (DuplicateKeyException ex) {
				// a slug taken meanwhile (or named twice in the batch): one at a time, so
				// that only those are left out
				adopted = new HashMap<>();
				for (Adoption adoption : batch) {
					try {
						adopted.putAll(write(List.of(adoption), now));
					}
					catch (DuplicateKeyException taken) {
						// not adopted: reported below
					}
				}
			}
			for (Adoption adoption : batch) {
				Boolean due = adopted.get(adoption.serviceId());
				outcomes.put(adoption.serviceId(),
						new Outcome(adoption.serviceId(), due != null, Boolean.TRUE.equals(due)));
			}
		}
		return outcomes;
	}

	/** Service id to whether its events are due now, for those adopted. */
	private Map<Long, Boolean> write(List<Adoption> batch, Instant now) {
		OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
		Map<Long, Boolean> adopted = new HashMap<>();
		this.jdbc.query((Connection connection) -> {
			PreparedStatement ps = connection.prepareStatement(ADOPT);
			Columns columns = new Columns(batch.size(), 7);
			for (Adoption adoption : batch) {
				columns.add(adoption.serviceId(), StorableText.of(adoption.slug()), StorableText.of(adoption.url()),
						(adoption.tenantStatus() != null) ? adoption.tenantStatus().value() : null,
						adoption.proof().evidence().value(), StorableText.of(adoption.proof().detail()),
						adoption.serverId());
			}
			columns.bind(ps, 1, "int8", "text", "text", "text", "text", "text", "int8");
			// the eight timestamps after the columns
			for (int i = 8; i <= 15; i++) {
				ps.setObject(i, at);
			}
			return ps;
		}, (RowCallbackHandler) (rs) -> adopted.put(rs.getLong("service_id"), rs.getBoolean("due")));
		return adopted;
	}

	/**
	 * Records an operator's adoption ({@link Ownership.Evidence#ADOPTED_OPERATOR}): the
	 * tenant becomes the service's own if the service has no tenant of its own and no
	 * other service holds or reserved the slug. The WHMCS write-back is made due, since
	 * WHMCS may not show the slug yet.
	 * @return what became of it: not adopted when the service already owns a tenant, or
	 * the slug is another service's
	 */
	public Outcome adoptByOperator(Adoption adoption, Instant now) {
		try {
			List<Boolean> due = JdbcClient.create(this.jdbc)
				.sql(ADOPT_BY_OPERATOR)
				.param("id", adoption.serviceId())
				.param("slug", StorableText.of(adoption.slug()))
				.param("url", StorableText.of(adoption.url()))
				.param("evidence", adoption.proof().evidence().value())
				.param("detail", StorableText.of(adoption.proof().detail()))
				.param("applied", (adoption.tenantStatus() != null) ? adoption.tenantStatus().value() : null,
						Types.VARCHAR)
				.param("now", now.atOffset(ZoneOffset.UTC))
				.param("server", adoption.serverId(), Types.BIGINT)
				.query((rs, n) -> rs.getBoolean("due"))
				.list();
			return new Outcome(adoption.serviceId(), !due.isEmpty(), !due.isEmpty() && due.get(0));
		}
		catch (DuplicateKeyException ex) {
			return new Outcome(adoption.serviceId(), false, false);
		}
	}

	/**
	 * A tenant to record as a service's own.
	 *
	 * @param serviceId the WHMCS service
	 * @param slug the tenant's slug
	 * @param url its access URL
	 * @param tenantStatus its status at the archive, taken as applied; {@code null} when
	 * neither active nor suspended
	 * @param proof why it is the service's
	 * @param serverId the server whose reseller account holds the tenant ({@code null}:
	 * the default account)
	 */
	public record Adoption(long serviceId, String slug, String url, ServiceStatus tenantStatus, Ownership.Proof proof,
			Long serverId) {
	}

	/**
	 * What became of one adoption.
	 *
	 * @param serviceId the WHMCS service
	 * @param adopted whether the tenant is now the service's; not when the service or the
	 * slug changed since they were read
	 * @param eventsDue whether the service has recorded events, now due: the applier
	 * brings the tenant to the newest of them
	 */
	public record Outcome(long serviceId, boolean adopted, boolean eventsDue) {
	}

}
