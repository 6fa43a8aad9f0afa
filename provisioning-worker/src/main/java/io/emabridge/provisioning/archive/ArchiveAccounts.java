package io.emabridge.provisioning.archive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.emabridge.provisioning.ledger.ClaimScope;

/**
 * The reseller accounts of this installation, and which one holds the services of each
 * WHMCS server: a host may sell Easy Mail Archive under several brands or regions, each
 * an account with a key of its own ({@code ema.archive.accounts.<serverId>.*}). Services
 * of a server no account names, and services whose server is not known, belong to the
 * default account ({@code ema.archive.*}). Each account has its own circuit breaker, rate
 * limiter and key check, so one account's outage or revoked key holds only its own
 * services.
 */
public final class ArchiveAccounts {

	private final ArchiveAccount defaultAccount;

	private final Map<Long, ArchiveAccount> byServer = new HashMap<>();

	private final List<ArchiveAccount> all;

	private final List<Consumer<List<ArchiveAccount>>> refusalListeners = new CopyOnWriteArrayList<>();

	/**
	 * The accounts; exactly one of them is the default (no servers).
	 */
	public ArchiveAccounts(List<ArchiveAccount> accounts) {
		ArchiveAccount fallback = null;
		for (ArchiveAccount account : accounts) {
			if (account.isDefault()) {
				if (fallback != null) {
					throw new IllegalArgumentException("Two default accounts");
				}
				fallback = account;
			}
			for (Long serverId : account.serverIds()) {
				if (this.byServer.put(serverId, account) != null) {
					throw new IllegalArgumentException("Server " + serverId + " has two accounts");
				}
			}
		}
		if (fallback == null) {
			throw new IllegalArgumentException("No default account");
		}
		this.defaultAccount = fallback;
		this.all = List.copyOf(accounts);
		for (ArchiveAccount account : this.all) {
			account.keyCheck().onChange((refused) -> {
				List<ArchiveAccount> refusing = refusing();
				this.refusalListeners.forEach((listener) -> listener.accept(refusing));
			});
		}
	}

	/** A single account: the default one. */
	public static ArchiveAccounts of(ArchiveAccount only) {
		return new ArchiveAccounts(List.of(only));
	}

	/** The account holding the services of this server ({@code null}: not known). */
	public ArchiveAccount forServer(Long serverId) {
		if (serverId == null) {
			return this.defaultAccount;
		}
		return this.byServer.getOrDefault(serverId, this.defaultAccount);
	}

	public ArchiveAccount defaultAccount() {
		return this.defaultAccount;
	}

	/** Every account, the default one included. */
	public List<ArchiveAccount> all() {
		return this.all;
	}

	/**
	 * Which services may be claimed now: those of the accounts whose circuit admits work
	 * and whose key is not refused (asking may probe an account that was unavailable);
	 * {@code null} when no account is available.
	 */
	public ClaimScope claimable() {
		Set<Long> unavailable = new HashSet<>();
		Set<Long> available = new HashSet<>();
		boolean defaultAvailable = true;
		for (ArchiveAccount account : this.all) {
			boolean up = account.client().available();
			if (account.isDefault()) {
				defaultAvailable = up;
			}
			else {
				(up ? available : unavailable).addAll(account.serverIds());
			}
		}
		if (defaultAvailable) {
			return ClaimScope.except(unavailable);
		}
		return available.isEmpty() ? null : ClaimScope.only(available);
	}

	/** Whether no account can take work: circuit open or key refused, each of them. */
	public boolean noneAvailable() {
		return this.all.stream()
			.allMatch((account) -> account.circuit().state() == ArchiveCircuit.State.OPEN
					|| account.keyCheck().refused());
	}

	/** The accounts whose key the archive refuses now. */
	public List<ArchiveAccount> refusing() {
		List<ArchiveAccount> refusing = new ArrayList<>();
		for (ArchiveAccount account : this.all) {
			if (account.keyCheck().refused()) {
				refusing.add(account);
			}
		}
		return refusing;
	}

	/**
	 * Called with the accounts whose key is refused whenever an account's key becomes
	 * refused or works again (empty: every key works).
	 */
	public void onKeyRefusalsChange(Consumer<List<ArchiveAccount>> listener) {
		this.refusalListeners.add(listener);
	}

}
