package io.emabridge.provisioning.notices;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import io.emabridge.provisioning.failure.DeadLetterReason;

/**
 * The notice about the whole installation: opened when the archive refuses the reseller
 * API key for every call, resolved when it takes the key again. One open notice at most
 * (service id 0, the unique index on open notices), however many instances notice the
 * fault: the operator gets one ticket, not one per customer.
 */
final class InstallationNotices {

	private static final Logger log = LoggerFactory.getLogger(InstallationNotices.class);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	InstallationNotices(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Called with the keys refused now, by name ("the reseller API key of server 2"): the
	 * notice is open while any is; it names the keys refused when it opens.
	 */
	void keysChanged(List<String> refusedKeys) {
		boolean refused = !refusedKeys.isEmpty();
		Timestamp now = Timestamp.from(this.clock.instant());
		try {
			if (refused) {
				this.jdbc.update("insert into whmcs_notice (service_id, reason, error, opened_at, last_failure_at,"
						+ " next_attempt_at) values (?, ?, ?, ?, ?, ?) on conflict (service_id) where state = 'open'"
						+ " do nothing", Notice.INSTALLATION, DeadLetterReason.ARCHIVE_KEY_REFUSED.value(),
						"401/403 on every call, and on a plain read of the tenant list, for "
								+ String.join(" and ", refusedKeys),
						now, now, now);
			}
			else {
				this.jdbc.update(
						"update whmcs_notice set state = 'resolved', resolved_at = ?, resolved_status = 'active',"
								+ " resolved_events = '{}', updated_at = ? where service_id = ? and state = 'open'",
						now, now, Notice.INSTALLATION);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not record the WHMCS notice that the archive {} the API key: {}",
					refused ? "refuses" : "takes again", ex.toString());
		}
	}

}
