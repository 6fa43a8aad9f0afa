package io.emabridge.usage.collector;

import java.util.List;

/**
 * Every reseller account the collector reads, the default one first.
 *
 * @param all the accounts, at least one
 */
public record ArchiveAccounts(List<ArchiveAccount> all) {

	public ArchiveAccounts {
		all = List.copyOf(all);
		if (all.isEmpty()) {
			throw new IllegalArgumentException("at least one archive account");
		}
	}

}
