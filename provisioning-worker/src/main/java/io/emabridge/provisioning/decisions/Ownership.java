package io.emabridge.provisioning.decisions;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.emabridge.model.archive.NewTenant;
import io.emabridge.model.archive.Tenant;

/**
 * When a tenant is a service's own: the one rule, in plain Java. The worker acts on a
 * tenant (suspend, unsuspend, write-back, usage) only with one of these proofs in the
 * ledger:
 * <ul>
 * <li>{@link Evidence#CREATED}: the service's own create request got a 2xx for the
 * slug;</li>
 * <li>{@link Evidence#LOST_ANSWER_MATCH}: a create request whose answer was lost, and the
 * tenant now found under the slug is what the service sent (name, and plan where the
 * archive shows one) and was created after the first request with that slug was
 * sent;</li>
 * <li>{@link Evidence#ADOPTED_IMPORT}: an existing installation's service whose WHMCS
 * "Archive slug" field names the tenant, adopted by the drift reconciler;</li>
 * <li>{@link Evidence#ADOPTED_OPERATOR}: an operator adopted it explicitly.</li>
 * </ul>
 * A slug collision (409 or 422) is never proof, whatever happened before it: in a real
 * installation the tenant under a taken slug is usually someone else's, made by the
 * inline module, by hand, or for the same customer's previous order.
 */
public final class Ownership {

	private Ownership() {
	}

	/** The service's create request got a 2xx for the slug. */
	public static Proof created(String slug) {
		return new Proof(Evidence.CREATED,
				"the archive answered the service's create request for '" + slug + "' with success");
	}

	/**
	 * An existing installation's service, adopted by the drift reconciler: its WHMCS
	 * "Archive slug" field names the tenant, which the archive lists under our key, and
	 * no other service names or holds it (the drift reconciler checks that before, the
	 * ledger again when it records the adoption).
	 * @param serviceId the WHMCS service
	 * @param slugFieldId the id of the "Archive slug" custom field
	 * @param whmcsStatus the service's status in WHMCS
	 * @param tenant the tenant as the archive lists it
	 * @param at when the drift reconciler decided
	 */
	public static Proof imported(long serviceId, int slugFieldId, String whmcsStatus, Tenant tenant, Instant at) {
		return new Proof(Evidence.ADOPTED_IMPORT,
				"adopted by the drift reconciler at " + at + ": WHMCS service #" + serviceId + " (" + whmcsStatus
						+ ") has '" + tenant.slug() + "' in its Archive slug field (custom field " + slugFieldId
						+ "), and the archive lists tenant '" + tenant.slug() + "' under this reseller key (name '"
						+ tenant.name() + "', created " + tenant.createdAt() + ", " + tenant.status()
						+ "); no other service names or holds it");
	}

	/**
	 * Whether the tenant found under the slug of a create request whose answer was lost
	 * is the one that request created.
	 * @param sent what the service's create request sent
	 * @param found the tenant the archive shows under that slug
	 * @param firstSentAt when the first request with this slug was sent
	 * @param clockSkew how far the archive's clock may be behind the worker's (and how
	 * coarse its timestamps may be)
	 */
	public static Verdict lostAnswer(NewTenant sent, Tenant found, Instant firstSentAt, Duration clockSkew) {
		List<String> differences = new ArrayList<>();
		if (!sent.slug().equals(found.slug())) {
			differences.add("slug '" + found.slug() + "'");
		}
		if (!same(sent.name(), found.name())) {
			differences.add("name '" + found.name() + "' where the request sent '" + sent.name() + "'");
		}
		if (sent.plan() != null && found.plan() != null && !sent.plan().equalsIgnoreCase(found.plan().strip())) {
			differences.add("plan '" + found.plan() + "' where the request sent '" + sent.plan() + "'");
		}
		Instant createdAt = parse(found.createdAt());
		if (createdAt == null) {
			differences.add("no creation time to show it was created by the request");
		}
		else if (firstSentAt == null || createdAt.isBefore(firstSentAt.minus(clockSkew))) {
			differences.add("created at " + createdAt + ", before the first request with the slug was sent"
					+ ((firstSentAt != null) ? " (" + firstSentAt + ")" : ""));
		}
		if (!differences.isEmpty()) {
			return new NotOurs(
					"tenant '" + found.slug() + "' is not this service's: " + String.join("; ", differences));
		}
		return new Ours(new Proof(Evidence.LOST_ANSWER_MATCH, "the answer to the create request was lost; tenant '"
				+ found.slug() + "' has the name sent and was created at " + createdAt + ", after the request began"));
	}

	private static boolean same(String sent, String found) {
		return found != null && sent.strip().equals(found.strip());
	}

	/**
	 * An RFC 3339 time as the archive writes it, {@code null} when absent or unreadable.
	 */
	static Instant parse(String time) {
		if (time == null || time.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(time.strip()).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				// Laravel's plain database format, in UTC
				return LocalDateTime.parse(time.strip().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException again) {
				return null;
			}
		}
	}

	/** What makes a tenant a service's own; the ledger's {@code owner_evidence}. */
	public enum Evidence {

		CREATED, LOST_ANSWER_MATCH, ADOPTED_IMPORT, ADOPTED_OPERATOR;

		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Evidence fromValue(String value) {
			return valueOf(value.toUpperCase(Locale.ROOT));
		}

	}

	/**
	 * A proof of ownership, with what it rests on in words.
	 *
	 * @param evidence the kind of proof
	 * @param detail what was compared or who decided
	 */
	public record Proof(Evidence evidence, String detail) {
	}

	/** What comparing a found tenant with the service's lost create came to. */
	public sealed interface Verdict {

	}

	/** The tenant is the service's: the lost request created it. */
	public record Ours(Proof proof) implements Verdict {
	}

	/** The tenant is not (or not provably) the service's. */
	public record NotOurs(String why) implements Verdict {
	}

}
