package io.emabridge.provisioning.tenantstate;

import java.time.Instant;

import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.provisioning.ledger.ServiceStatus;

/**
 * A service's tenant as the archive has it now: the value of the compacted tenant state
 * topic, keyed by service id.
 *
 * @param version the version of the newest event the archive was brought to
 * @param updatedAt when this worker wrote the record
 */
public record TenantState(long serviceId, String slug, String url, ServiceStatus status, EventVersion version,
		Instant updatedAt) {
}
