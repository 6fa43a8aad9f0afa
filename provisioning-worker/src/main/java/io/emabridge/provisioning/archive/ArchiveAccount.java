package io.emabridge.provisioning.archive;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import io.emabridge.model.archive.ArchiveApiClient;

/**
 * One reseller account of the archive: its API key (known here only by a fingerprint),
 * the client every call to it goes through, with the account's own circuit breaker, rate
 * limiter and key check, and the base domain its tenants are served under. The WHMCS
 * servers whose services it holds are listed; the default account holds the services of
 * every server no other account names.
 */
public final class ArchiveAccount {

	private final SortedSet<Long> serverIds;

	private final String keyTag;

	private final String baseDomain;

	private final ArchiveApiClient api;

	private final ArchiveCircuit circuit;

	private final KeyCheck keyCheck;

	private final AdaptiveRateLimiter limiter;

	private final ArchiveClient client;

	ArchiveAccount(Set<Long> serverIds, String keyTag, String baseDomain, ArchiveApiClient api, ArchiveCircuit circuit,
			KeyCheck keyCheck, AdaptiveRateLimiter limiter, ArchiveClient client) {
		this.serverIds = new TreeSet<>(serverIds);
		this.keyTag = keyTag;
		this.baseDomain = baseDomain;
		this.api = api;
		this.circuit = circuit;
		this.keyCheck = keyCheck;
		this.limiter = limiter;
		this.client = client;
	}

	/**
	 * The account's name in logs and answers: {@code default}, or the servers it was
	 * configured for ({@code server 2}, {@code servers 2, 5}).
	 */
	public String name() {
		return name(this.serverIds);
	}

	static String name(Set<Long> serverIds) {
		if (serverIds.isEmpty()) {
			return "default";
		}
		return ((serverIds.size() == 1) ? "server " : "servers ")
				+ String.join(", ", serverIds.stream().map(String::valueOf).toList());
	}

	/** Whether this is the default account (the services of unlisted servers). */
	public boolean isDefault() {
		return this.serverIds.isEmpty();
	}

	/** The servers configured for this account; empty for the default account. */
	public SortedSet<Long> serverIds() {
		return this.serverIds;
	}

	/**
	 * The server id the ledger records for a tenant of this account: {@code null} for the
	 * default account, else the first of its servers (any of them routes here).
	 */
	public Long representativeServer() {
		return this.serverIds.isEmpty() ? null : this.serverIds.first();
	}

	/** A short fingerprint of the API key, for metric tags: never the key. */
	public String keyTag() {
		return this.keyTag;
	}

	/**
	 * The domain the account's tenants are served under when the archive names no URL.
	 */
	public String baseDomain() {
		return this.baseDomain;
	}

	/** The plain API client (listings of the drift reconciler, adoptions). */
	public ArchiveApiClient api() {
		return this.api;
	}

	public ArchiveCircuit circuit() {
		return this.circuit;
	}

	public KeyCheck keyCheck() {
		return this.keyCheck;
	}

	/** The rate limiter of the account's key. */
	public AdaptiveRateLimiter limiter() {
		return this.limiter;
	}

	/** The guarded client the applier uses. */
	public ArchiveClient client() {
		return this.client;
	}

	@Override
	public String toString() {
		return "ArchiveAccount[" + name() + ", key " + this.keyTag + "]";
	}

}
