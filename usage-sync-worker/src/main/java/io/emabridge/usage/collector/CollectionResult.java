package io.emabridge.usage.collector;

import java.util.List;

/**
 * What one collection run did, over every reseller account.
 *
 * @param pages pages recorded
 * @param tenants tenants read
 * @param changed tenants whose figures changed: published
 * @param resent tenants whose figures did not change but that WHMCS does not hold:
 * published again
 * @param unchanged tenants whose figures WHMCS holds (or keeps for a service yet
 * unknown): not published
 * @param accounts what became of each account's part, in the order they were read
 */
public record CollectionResult(int pages, int tenants, int changed, int resent, int unchanged,
		List<AccountOutcome> accounts) {

	public CollectionResult {
		accounts = List.copyOf(accounts);
	}

	/** The accounts whose part failed. */
	public List<AccountOutcome> failed() {
		return this.accounts.stream().filter((account) -> !account.succeeded()).toList();
	}

	/**
	 * One account's part of a run.
	 *
	 * @param account the account's id ({@code default} or its WHMCS server id)
	 * @param key the fingerprint of its key
	 * @param tenants its tenants read (and recorded)
	 * @param error why it failed; null when every page of it was read and recorded
	 */
	public record AccountOutcome(String account, String key, int tenants, String error) {

		public boolean succeeded() {
			return this.error == null;
		}

	}

}
