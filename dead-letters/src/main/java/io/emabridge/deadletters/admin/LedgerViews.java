package io.emabridge.deadletters.admin;

import java.util.Map;

/**
 * What a worker's own ledger says about the service and the event of a dead letter, for
 * {@code GET /admin/dead-letters/{eventId}}. The worker that owns the ledger provides it
 * as a bean (the provisioning worker does); this module knows no ledger tables.
 */
public interface LedgerViews {

	/**
	 * The ledger's rows of the service and of the event, column by column.
	 * @param serviceId the service, as the dead letter names it (may be null or not a
	 * number)
	 * @param eventId the event, as the dead letter names it (may be null or not a UUID)
	 * @return parts such as {@code service} and {@code event}, each empty when the ledger
	 * does not have it
	 * @throws RuntimeException when the ledger cannot be read
	 */
	Map<String, Map<String, Object>> describe(String serviceId, String eventId);

}
