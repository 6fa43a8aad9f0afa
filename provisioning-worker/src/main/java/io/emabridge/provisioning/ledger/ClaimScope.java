package io.emabridge.provisioning.ledger;

import java.util.Set;

/**
 * Which services the applier may claim now, by the WHMCS server that holds them: while
 * one reseller account is unavailable (its circuit open, its key refused) the services of
 * that account stay in the ledger with their schedule, and the others keep flowing.
 * Services without a server (recorded before servers were kept) belong to the default
 * account.
 *
 * @param excluded servers whose services are not claimed (when {@code only} is null)
 * @param only if not null, the only servers whose services are claimed: the default
 * account is unavailable, so services of unlisted servers wait
 */
public record ClaimScope(Set<Long> excluded, Set<Long> only) {

	private static final ClaimScope ALL = new ClaimScope(Set.of(), null);

	public ClaimScope {
		excluded = Set.copyOf(excluded);
		only = (only != null) ? Set.copyOf(only) : null;
	}

	/** Every due service. */
	public static ClaimScope all() {
		return ALL;
	}

	/** Every due service except those of these servers. */
	public static ClaimScope except(Set<Long> servers) {
		return servers.isEmpty() ? ALL : new ClaimScope(servers, null);
	}

	/** Only the due services of these servers. */
	public static ClaimScope only(Set<Long> servers) {
		return new ClaimScope(Set.of(), servers);
	}

	/** Whether a service of this server (null: none recorded) may be claimed. */
	public boolean admits(Long serverId) {
		if (this.only != null) {
			return serverId != null && this.only.contains(serverId);
		}
		return serverId == null || !this.excluded.contains(serverId);
	}

}
