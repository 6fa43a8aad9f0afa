package io.emabridge.provisioning.welcome;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.emabridge.provisioning.ledger.StorableText;

/**
 * The welcome e-mails in the ledger ({@code welcome_email}). The ledger makes a row due
 * (a trigger on the service's write-back, in the same transaction); this store only moves
 * it on. Claims are taken with {@code for update skip locked}, so that two instances
 * never take one e-mail, and the claim itself is the mark "being sent".
 */
final class JdbcWelcomeStore implements WelcomeStore {

	private static final int MAX_ERROR = 2000;

	private final JdbcClient jdbc;

	private final Duration lease;

	JdbcWelcomeStore(JdbcTemplate template, Duration lease) {
		this.jdbc = JdbcClient.create(template);
		this.lease = lease;
	}

	@Override
	public List<WelcomeEmail> claimDue(String worker, String template, int limit, Instant now) {
		return this.jdbc
			.sql("with due as (select service_id from welcome_email where state = 'due' and next_attempt_at <= :now"
					+ " order by next_attempt_at limit :limit for update skip locked)"
					+ " update welcome_email w set state = 'sending', template = :template, attempts = attempts + 1,"
					+ " sending_started_at = :now, claimed_by = :worker, claimed_until = :until, updated_at = :now"
					+ " from due where w.service_id = due.service_id"
					+ " returning w.service_id, w.slug, w.url, w.attempts")
			.param("now", ts(now))
			.param("limit", limit)
			.param("template", template)
			.param("worker", worker)
			.param("until", ts(now.plus(this.lease)))
			.query((rs, n) -> new WelcomeEmail(rs.getLong("service_id"), rs.getString("slug"), rs.getString("url"),
					rs.getInt("attempts")))
			.list();
	}

	@Override
	public void sent(long serviceId, String worker, Instant now) {
		// also over "unknown": this instance stalled past its lease, and then WHMCS
		// answered
		this.jdbc
			.sql("update welcome_email set state = 'sent', finished_at = :now, last_error = null, claimed_by = null,"
					+ " claimed_until = null, updated_at = :now where service_id = :id and claimed_by = :worker"
					+ " and state in ('sending', 'unknown')")
			.param("now", ts(now))
			.param("id", serviceId)
			.param("worker", worker)
			.update();
	}

	@Override
	public boolean notSent(long serviceId, String worker, String error, Instant nextAttemptAt, Instant now) {
		return this.jdbc
			.sql("update welcome_email set state = 'due', next_attempt_at = :next, last_error = :error,"
					+ " claimed_by = null, claimed_until = null, updated_at = :now where service_id = :id"
					+ " and claimed_by = :worker and state = 'sending'")
			.param("next", ts(nextAttemptAt))
			.param("error", cut(error))
			.param("now", ts(now))
			.param("id", serviceId)
			.param("worker", worker)
			.update() == 1;
	}

	@Override
	public void outcomeUnknown(long serviceId, String worker, String error, Instant now) {
		this.jdbc
			.sql("update welcome_email set state = 'unknown', finished_at = :now, last_error = :error,"
					+ " updated_at = :now where service_id = :id and claimed_by = :worker and state = 'sending'")
			.param("error", cut(error))
			.param("now", ts(now))
			.param("id", serviceId)
			.param("worker", worker)
			.update();
	}

	@Override
	public List<Long> abandoned(Instant now) {
		return this.jdbc
			.sql("with gone as (select service_id from welcome_email where state = 'sending' and claimed_until < :now"
					+ " for update skip locked)" + " update welcome_email w set state = 'unknown', finished_at = :now,"
					+ " last_error = 'the worker sending it stopped before WHMCS answered', updated_at = :now"
					+ " from gone where w.service_id = gone.service_id returning w.service_id")
			.param("now", ts(now))
			.query(Long.class)
			.list();
	}

	@Override
	public int skipDue(String why, int limit, Instant now) {
		return this.jdbc
			.sql("with due as (select service_id from welcome_email where state = 'due' limit :limit"
					+ " for update skip locked)"
					+ " update welcome_email w set state = 'skipped', finished_at = :now, last_error = :why,"
					+ " updated_at = :now from due where w.service_id = due.service_id")
			.param("limit", limit)
			.param("why", why)
			.param("now", ts(now))
			.update();
	}

	private static OffsetDateTime ts(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static String cut(String error) {
		String storable = StorableText.of(error);
		return (storable == null || storable.length() <= MAX_ERROR) ? storable : storable.substring(0, MAX_ERROR);
	}

}
